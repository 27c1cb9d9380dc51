"""Pages of an organization: the start page per role, members, settings and API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from resonanz.core import actions
from resonanz.core.access import (
    get_api_token_for,
    get_invitation_for,
    get_membership_for,
    invitation_queryset,
    member_queryset,
    org_view,
)
from resonanz.core.action_labels import read_actions
from resonanz.core.actions import invitations as invitation_actions
from resonanz.core.errors import ActionRefused
from resonanz.core.forms import ApiTokenForm, InviteMemberForm, MemberRolesForm, OrganizationSettingsForm
from resonanz.core.http import MemberRequest, render_page_or_fragment
from resonanz.core.models import ApiToken, AuditRecord, Membership
from resonanz.core.roles import Capability, Role
from resonanz.core.settings_sections import settings_sections
from resonanz.core.start_cards import start_cards

MEMBERS_PER_PAGE = 50
INVITATIONS_SHOWN = 50
RECENT_CHANGES = 5
# The start page looks for changes among this many latest records, so a run of exports costs no more.
RECENT_CHANGES_WINDOW = 200


def recent_changes(organization_id: int) -> list[AuditRecord]:
    """The latest records that changed something: exports and downloads are left out.

    Only the latest ``RECENT_CHANGES_WINDOW`` records are searched (two indexed queries), so a long run
    of exports makes the list shorter rather than the page slower.
    """
    records = AuditRecord.objects.filter(organization_id=organization_id)
    last = records.order_by("-seq").values_list("seq", flat=True).first()
    if last is None:
        return []
    return list(
        records.filter(seq__gt=last - RECENT_CHANGES_WINDOW)
        .exclude(action__in=read_actions())
        .order_by("-seq")[:RECENT_CHANGES]
    )


@org_view(Capability.VIEW_HOME)
def home(request: MemberRequest) -> HttpResponse:
    """The start page: what this member's roles need first."""
    member = request.member
    context: dict[str, Any] = {"roles": member.role_labels()}
    if member.can(Capability.VIEW_AUDIT):
        context["recent_audit"] = recent_changes(member.organization_id)
    if member.can(Capability.VIEW_MEMBERS):
        context["member_count"] = Membership.objects.filter(
            organization_id=member.organization_id, is_active=True
        ).count()
    context["is_admin"] = Role.ADMIN in member.roles
    context["needs_two_factor"] = not request.user.has_two_factor
    context["start_cards"] = start_cards(member)
    return render(request, "core/home.html", context)


@org_view(Capability.VIEW_MEMBERS)
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def member_list(request: MemberRequest) -> HttpResponse:
    """Members, searchable and paged; an htmx search gets the results table only."""
    member = request.member
    query = request.GET.get("q", "").strip()[:100]
    members = member_queryset(member).order_by("user__full_name", "pk")
    if query:
        members = members.filter(Q(user__full_name__icontains=query) | Q(user__email__icontains=query))
    role = request.GET.get("role", "")
    if role in Role.values:
        members = members.filter(role_assignments__role=role)
    else:
        role = ""
    can_manage = member.can(Capability.MANAGE_MEMBERS)
    form = InviteMemberForm(request.POST or None) if can_manage else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(Capability.MANAGE_MEMBERS)
        status = 400
        if form.is_valid():
            try:
                invited = invitation_actions.invite_member(member, **form.cleaned_data)
            except ActionRefused as error:
                error.show_on(form)
            else:
                messages.success(
                    request,
                    _("An invitation has been sent to %(email)s. Accepting it makes the person a member.")
                    % {"email": invited.email},
                )
                return redirect("member-list", member.organization.slug)
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    filters = request.GET.copy()
    filters.pop("page", None)
    context = {
        "page": page,
        "form": form,
        "query": query,
        "role": role,
        "role_choices": Role.choices,
        "filters": filters.urlencode(),
        "invitations": invitation_queryset(member).order_by("-created_at")[:INVITATIONS_SHOWN]
        if can_manage
        else [],
    }
    return render_page_or_fragment(
        request,
        "core/members.html",
        "core/_member_rows.html",
        context,
        status=status,
    )


@org_view(Capability.MANAGE_MEMBERS)
@require_POST
def invitation_revoke(request: MemberRequest, invitation_id: int) -> HttpResponse:
    member = request.member
    invitation = get_invitation_for(member, invitation_id)
    try:
        invitation_actions.revoke_invitation(member, invitation)
    except ActionRefused as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The invitation to %(email)s has been withdrawn.") % {"email": invitation.email}
        )
    return redirect("member-list", member.organization.slug)


@org_view(Capability.VIEW_MEMBERS)
@require_http_methods(["GET", "POST"])
def member_detail(request: MemberRequest, membership_id: int) -> HttpResponse:
    member = request.member
    target = get_membership_for(member, membership_id, Capability.VIEW_MEMBERS)
    can_manage = member.can(Capability.MANAGE_MEMBERS)
    intent = request.POST.get("intent", "roles") if request.method == "POST" else ""
    # Only the roles form sends roles; (de)activating shows the form with the roles as they are.
    current = {"roles": sorted(target.roles)}
    data = None if not intent else request.POST if intent == "roles" else current
    form = MemberRolesForm(data, initial=current) if can_manage else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(Capability.MANAGE_MEMBERS)
        status = 400
        try:
            if intent not in ("roles", "deactivate", "activate"):
                raise ActionRefused(_("This change is not known. Reload the page and try again."))
            if intent in ("deactivate", "activate"):
                actions.set_member_active(member, target, intent == "activate")
                messages.success(request, _("The membership has been updated."))
                return redirect("member-detail", member.organization.slug, target.pk)
            if form.is_valid():
                actions.set_member_roles(member, target, form.cleaned_data["roles"])
                messages.success(request, _("The roles have been saved."))
                return redirect("member-detail", member.organization.slug, target.pk)
        except ActionRefused as error:
            if form is not None:
                error.show_on(form)
    return render(request, "core/member_detail.html", {"target": target, "form": form}, status=status)


@org_view(Capability.MANAGE_ORGANIZATION)
@require_http_methods(["GET", "POST"])
def organization_settings(request: MemberRequest) -> HttpResponse:
    member = request.member
    organization = member.organization
    initial = {
        "name": organization.name,
        "time_zone": organization.time_zone,
        "default_language": organization.default_language,
        "require_two_factor": organization.require_two_factor,
    }
    form = OrganizationSettingsForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.update_organization(member, **form.cleaned_data)
            except ActionRefused as error:
                error.show_on(form)
            else:
                messages.success(request, _("The settings have been saved."))
                return redirect("organization-settings", organization.slug)
    context = {"form": form, "settings_sections": settings_sections(member)}
    return render(request, "core/organization_settings.html", context, status=status)


@org_view(Capability.USE_API)
@require_http_methods(["GET", "POST"])
def api_tokens(request: MemberRequest) -> HttpResponse:
    member = request.member
    form = ApiTokenForm(request.POST or None)
    created: str | None = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                _token, created = actions.create_api_token(member, **form.cleaned_data)
            except ActionRefused as error:
                error.show_on(form)
            else:
                status = 201
                form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user_id=member.user_id, organization_id=member.organization_id)
    return render(
        request, "core/api_tokens.html", {"form": form, "tokens": tokens, "created": created}, status=status
    )


@org_view(Capability.USE_API)
@require_POST
def api_token_revoke(request: MemberRequest, api_token_id: int) -> HttpResponse:
    member = request.member
    token = get_api_token_for(member, api_token_id)
    actions.revoke_api_token(member, token)
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("api-tokens", member.organization.slug)
