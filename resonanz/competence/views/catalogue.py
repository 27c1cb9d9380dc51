"""The competence catalogue (list, add, edit, deactivate) and the requirements per role and per channel."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from resonanz.competence import access, actions
from resonanz.competence.forms import ChannelRequirementForm, CompetenceForm, RoleRequirementForm
from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest
from resonanz.core.roles import Capability, Role

C = Capability


@org_view(C.VIEW_COMPETENCE)
@require_http_methods(["GET", "POST"])
def competence_index(request: MemberRequest) -> HttpResponse:
    """The catalogue; the quality officer adds to it here."""
    member = request.member
    can_manage = member.can(C.MANAGE_COMPETENCE)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied(C.MANAGE_COMPETENCE)
    form = CompetenceForm(request.POST if request.method == "POST" else None) if can_manage else None
    status = 200
    if request.method == "POST" and form is not None:
        status = 400
        if form.is_valid():
            try:
                competence = actions.create_competence(member, **form.cleaned_data)
            except ActionRefused as refused:
                refused.show_on(form)
            else:
                messages.success(request, _("“%(name)s” has been added.") % {"name": competence.name})
                return redirect("competence:competence_index", member.organization.slug)
    competences = (
        access.competence_queryset(member)
        .annotate(certificate_count=Count("certificates"))
        .order_by("-is_active", "name")
    )
    context = {"competences": list(competences[:500]), "form": form, "can_manage": can_manage}
    return render(request, "competence/index.html", context, status=status)


@org_view(C.MANAGE_COMPETENCE)
@require_http_methods(["GET", "POST"])
def competence_edit(request: MemberRequest, competence_id: int) -> HttpResponse:
    member = request.member
    competence = access.get_competence_for(member, competence_id, C.MANAGE_COMPETENCE)
    initial = {"name": competence.name, "description": competence.description}
    form = CompetenceForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.update_competence(member, competence, **form.cleaned_data)
            except ActionRefused as refused:
                refused.show_on(form)
            else:
                messages.success(request, _("The competence has been saved."))
                return redirect("competence:competence_index", member.organization.slug)
    return render(request, "competence/edit.html", {"competence": competence, "form": form}, status=status)


@org_view(C.MANAGE_COMPETENCE)
@require_POST
def competence_active(request: MemberRequest, competence_id: int) -> HttpResponse:
    member = request.member
    competence = access.get_competence_for(member, competence_id, C.MANAGE_COMPETENCE)
    active = request.POST.get("active") == "1"
    actions.update_competence(member, competence, is_active=active)
    return redirect("competence:competence_index", member.organization.slug)


@org_view(C.VIEW_COMPETENCE)
@require_http_methods(["GET", "POST"])
def competence_requirements(request: MemberRequest) -> HttpResponse:
    """Which competences each role and each channel requires; the quality officer changes them here."""
    member = request.member
    organization_id = member.organization_id
    can_manage = member.can(C.MANAGE_COMPETENCE)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied(C.MANAGE_COMPETENCE)
    kind = request.POST.get("kind") if request.method == "POST" else None
    role_form = RoleRequirementForm(
        request.POST if kind == "role" else None, organization_id=organization_id, prefix="role"
    )
    channel_form = ChannelRequirementForm(
        request.POST if kind == "channel" else None, organization_id=organization_id, prefix="channel"
    )
    status = 200
    if request.method == "POST":
        status = 400
        try:
            if kind == "role" and role_form.is_valid():
                actions.require_for_role(member, **role_form.cleaned_data)
            elif kind == "channel" and channel_form.is_valid():
                actions.require_for_channel(member, **channel_form.cleaned_data)
            else:
                raise ActionRefused(_("Check the entries."))
        except ActionRefused as refused:
            refused.show_on(channel_form if kind == "channel" else role_form)
        else:
            messages.success(request, _("The requirement has been saved."))
            return redirect("competence:competence_requirements", member.organization.slug)
    role_requirements = list(
        access.role_requirement_queryset(member).order_by("role", "competence__name")[:500]
    )
    labels = dict(Role.choices)
    context = {
        "role_requirements": [(labels.get(item.role, item.role), item) for item in role_requirements],
        "channel_requirements": list(
            access.channel_requirement_queryset(member).order_by("channel__name", "competence__name")[:500]
        ),
        "role_form": role_form if can_manage else None,
        "channel_form": channel_form if can_manage else None,
        "can_manage": can_manage,
    }
    return render(request, "competence/requirements.html", context, status=status)


@org_view(C.MANAGE_COMPETENCE)
@require_POST
def competence_role_requirement_remove(request: MemberRequest, role_requirement_id: int) -> HttpResponse:
    member = request.member
    actions.remove_role_requirement(member, access.get_role_requirement_for(member, role_requirement_id))
    return redirect("competence:competence_requirements", member.organization.slug)


@org_view(C.MANAGE_COMPETENCE)
@require_POST
def competence_channel_requirement_remove(
    request: MemberRequest, channel_requirement_id: int
) -> HttpResponse:
    member = request.member
    actions.remove_channel_requirement(
        member, access.get_channel_requirement_for(member, channel_requirement_id)
    )
    return redirect("competence:competence_requirements", member.organization.slug)
