"""Trainings: the list, adding and editing one, its participants and its effectiveness checks (7.2 c)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
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


def _applied(form: forms.Form, run: Callable[[dict[str, Any]], object]) -> bool:
    """Whether ``form`` is valid and ``run`` (one action, given the cleaned data) did not refuse it;
    a refusal is shown on the form."""
    if not form.is_valid():
        return False
    try:
        run(form.cleaned_data)
    except ActionRefused as refused:
        refused.show_on(form)
        return False
    return True


def _add_to_training(
    request: MemberRequest,
    training: Training,
    form: forms.Form,
    run: Callable[[dict[str, Any]], object],
    done: str,
    form_name: str,
) -> HttpResponse:
    """A form of the training page that adds to the training: done, back to the page; refused or
    invalid, the page again (400) with the form as ``form_name`` showing why."""
    if _applied(form, run):
        messages.success(request, done)
        return redirect("competence:competence_training", request.member.organization.slug, training.pk)
    return _detail(request, training, status=400, **{form_name: form})


def _change_on_training(
    request: MemberRequest,
    training_id: int,
    form: forms.Form,
    run: Callable[[dict[str, Any]], object],
    done: str = "",
) -> HttpResponse:
    """A form in a line of the training page (a participant, a check): back to the page either way,
    with ``done`` or what was wrong as messages."""
    if _applied(form, run):
        if done:
            messages.success(request, done)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("competence:competence_training", request.member.organization.slug, training_id)


@org_view(C.MANAGE_COMPETENCE)
@require_POST
def competence_training_enroll(request: MemberRequest, training_id: int) -> HttpResponse:
    member = request.member
    training = access.get_training_for(member, training_id)
    form = EnrollForm(request.POST, organization_id=member.organization_id)

    def run(data: dict[str, Any]) -> object:
        person: Membership = data["person"]
        return actions.enroll(member, training, person=person)

    return _add_to_training(
        request, training, form, run, _("The participant has been enrolled."), "enroll_form"
    )


@org_view(C.MANAGE_COMPETENCE)
@require_POST
def competence_participation(request: MemberRequest, training_participation_id: int) -> HttpResponse:
    member = request.member
    participation = access.get_participation_for(member, training_participation_id)
    return _change_on_training(
        request,
        participation.training_id,
        ParticipationForm(request.POST),
        lambda data: actions.set_participation_status(member, participation, **data),
    )


@org_view(C.MANAGE_COMPETENCE)
@require_POST
def competence_training_check(request: MemberRequest, training_id: int) -> HttpResponse:
    member = request.member
    training = access.get_training_for(member, training_id)
    return _add_to_training(
        request,
        training,
        EffectivenessCheckForm(request.POST),
        lambda data: actions.plan_effectiveness_check(member, training, **data),
        _("The effectiveness check has been planned."),
        "check_form",
    )


@org_view(C.MANAGE_COMPETENCE)
@require_POST
def competence_check(request: MemberRequest, effectiveness_check_id: int) -> HttpResponse:
    member = request.member
    check = access.get_check_for(member, effectiveness_check_id)
    return _change_on_training(
        request,
        check.training_id,
        EffectivenessResultForm(request.POST),
        lambda data: actions.update_effectiveness_check(member, check, **data),
        _("The result has been recorded."),
    )
