"""Trainings: the list, adding and editing one, its participants and its effectiveness checks (7.2 c)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from resonanz.competence import access, actions
from resonanz.competence.forms import (
    EffectivenessCheckForm,
    EffectivenessResultForm,
    EnrollForm,
    ParticipationForm,
    TrainingForm,
)
from resonanz.competence.models import Training
from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest
from resonanz.core.models import Membership
from resonanz.core.roles import Capability

C = Capability
MAX_PARTICIPANTS_SHOWN = 500


@org_view(C.VIEW_COMPETENCE)
@require_http_methods(["GET", "POST"])
def competence_trainings(request: MemberRequest) -> HttpResponse:
    member = request.member
    can_manage = member.can(C.MANAGE_COMPETENCE)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied(C.MANAGE_COMPETENCE)
    form = None
    if can_manage:
        form = TrainingForm(
            request.POST if request.method == "POST" else None, organization_id=member.organization_id
        )
    status = 200
    if request.method == "POST" and form is not None:
        status = 400
        if form.is_valid():
            try:
                training = actions.create_training(member, **form.values())
            except ActionRefused as refused:
                refused.show_on(form)
            else:
                messages.success(request, _("“%(name)s” has been added.") % {"name": training.title})
                return redirect("competence:competence_training", member.organization.slug, training.pk)
    trainings = access.training_queryset(member).annotate(participant_count=Count("participations"))
    context = {"trainings": list(trainings[:300]), "form": form, "can_manage": can_manage}
    return render(request, "competence/trainings.html", context, status=status)


def _detail(request: MemberRequest, training: Training, status: int = 200, **forms: Any) -> HttpResponse:
    member = request.member
    can_manage = member.can(C.MANAGE_COMPETENCE)
    organization_id = member.organization_id
    participations = list(
        access.participation_queryset(member)
        .filter(training=training)
        .order_by("membership__user__family_name", "membership__user__full_name", "pk")[
            :MAX_PARTICIPANTS_SHOWN
        ]
    )
    context = {
        "training": training,
        "participations": participations,
        "participant_count": training.participations.count(),
        "checks": list(access.check_queryset(member).filter(training=training).order_by("planned_on", "pk")),
        "can_manage": can_manage,
        "enroll_form": forms.get("enroll_form")
        or (EnrollForm(organization_id=organization_id) if can_manage else None),
        "check_form": forms.get("check_form") or (EffectivenessCheckForm() if can_manage else None),
        "result_choices": EffectivenessResultForm.base_fields["result"].choices,  # type: ignore[attr-defined]
        "status_choices": ParticipationForm.base_fields["status"].choices,  # type: ignore[attr-defined]
    }
    return render(request, "competence/training.html", context, status=status)


@org_view(C.VIEW_COMPETENCE)
@require_GET
def competence_training(request: MemberRequest, training_id: int) -> HttpResponse:
    return _detail(request, access.get_training_for(request.member, training_id))


@org_view(C.MANAGE_COMPETENCE)
@require_http_methods(["GET", "POST"])
def competence_training_edit(request: MemberRequest, training_id: int) -> HttpResponse:
    member = request.member
    training = access.get_training_for(member, training_id)
    initial = {
        "title": training.title,
        "provider": training.provider,
        "format": training.format,
        "starts_on": training.starts_on,
        "ends_on": training.ends_on,
        "competences": [competence.pk for competence in training.competences.all()],
        "description": training.description,
    }
    form = TrainingForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        organization_id=member.organization_id,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.update_training(member, training, **form.values())
            except ActionRefused as refused:
                refused.show_on(form)
            else:
                messages.success(request, _("The training has been saved."))
                return redirect("competence:competence_training", member.organization.slug, training.pk)
    return render(
        request, "competence/training_edit.html", {"training": training, "form": form}, status=status
    )


@org_view(C.MANAGE_COMPETENCE)
@require_POST
def competence_training_enroll(request: MemberRequest, training_id: int) -> HttpResponse:
    member = request.member
    training = access.get_training_for(member, training_id)
    form = EnrollForm(request.POST, organization_id=member.organization_id)
    if form.is_valid():
        try:
            person: Membership = form.cleaned_data["person"]
            actions.enroll(member, training, person=person)
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, _("The participant has been enrolled."))
            return redirect("competence:competence_training", member.organization.slug, training.pk)
    return _detail(request, training, status=400, enroll_form=form)


@org_view(C.MANAGE_COMPETENCE)
@require_POST
def competence_participation(request: MemberRequest, training_participation_id: int) -> HttpResponse:
    member = request.member
    participation = access.get_participation_for(member, training_participation_id)
    form = ParticipationForm(request.POST)
    if form.is_valid():
        try:
            actions.set_participation_status(member, participation, **form.cleaned_data)
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            return redirect(
                "competence:competence_training", member.organization.slug, participation.training_id
            )
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return redirect("competence:competence_training", member.organization.slug, participation.training_id)


@org_view(C.MANAGE_COMPETENCE)
@require_POST
def competence_training_check(request: MemberRequest, training_id: int) -> HttpResponse:
    member = request.member
    training = access.get_training_for(member, training_id)
    form = EffectivenessCheckForm(request.POST)
    if form.is_valid():
        try:
            actions.plan_effectiveness_check(member, training, **form.cleaned_data)
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, _("The effectiveness check has been planned."))
            return redirect("competence:competence_training", member.organization.slug, training.pk)
    return _detail(request, training, status=400, check_form=form)


@org_view(C.MANAGE_COMPETENCE)
@require_POST
def competence_check(request: MemberRequest, effectiveness_check_id: int) -> HttpResponse:
    member = request.member
    check = access.get_check_for(member, effectiveness_check_id)
    form = EffectivenessResultForm(request.POST)
    if form.is_valid():
        try:
            actions.update_effectiveness_check(member, check, **form.cleaned_data)
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, _("The result has been recorded."))
            return redirect("competence:competence_training", member.organization.slug, check.training_id)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return redirect("competence:competence_training", member.organization.slug, check.training_id)
