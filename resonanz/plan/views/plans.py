"""The plans of an organization: the list, a new plan, the published matrix, settings, review, new draft."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest, render_page_or_fragment
from resonanz.core.roles import Capability
from resonanz.plan import access, actions
from resonanz.plan.forms import ChangeReasonForm, PlanForm, PlanSettingsForm, ReviewNoteForm
from resonanz.plan.models import OPEN_STATUSES, PlanVersion, VersionStatus
from resonanz.plan.reviews import local_today
from resonanz.plan.views.matrix import build_matrix, competence_gaps
from resonanz.plan.views.plan_scope import plan_context

LATEST_REVIEWS = 5  # on the settings page; the versions page shows the history


@org_view(Capability.VIEW_PLAN)
@require_http_methods(["GET"])
def plan_index(request: MemberRequest) -> HttpResponse:
    """The organization's plans; with exactly one, the plan itself (unless the list is asked for)."""
    member = request.member
    statuses = [VersionStatus.PUBLISHED]
    if access.sees_all_versions(member):
        statuses += list(OPEN_STATUSES)
    plans = list(
        access.plan_queryset(member).prefetch_related(
            Prefetch(
                "versions",
                queryset=PlanVersion.objects.filter(status__in=statuses).order_by("-number"),
                to_attr="current_versions",
            )
        )
    )
    if len(plans) == 1 and "all" not in request.GET:
        return redirect("plan:plan_detail", member.organization.slug, plans[0].pk)
    today = local_today(member.organization)
    return render(
        request,
        "plan/index.html",
        {
            "plans": plans,
            "today": today,
            "can_edit": member.can(Capability.EDIT_PLAN),
            "can_manage_members": member.can(Capability.MANAGE_MEMBERS),
        },
    )


@org_view(Capability.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def plan_create(request: MemberRequest) -> HttpResponse:
    member = request.member
    form = PlanForm(
        request.POST or None,
        organization_id=member.organization_id,
        initial={"owner": member.pk, "review_interval_months": 12},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                plan = actions.create_plan(member, **form.cleaned_data)
            except ActionRefused as error:
                error.show_on(form)
            else:
                messages.success(request, _("The plan has been created. Add its rows to the first draft."))
                draft = plan.versions.get()
                return redirect("plan:plan_version", member.organization.slug, draft.pk)
    return render(request, "plan/plan_create.html", {"form": form}, status=status)


@org_view(Capability.VIEW_PLAN)
@require_http_methods(["GET"])
def plan_detail(request: MemberRequest, communication_plan_id: int) -> HttpResponse:
    """The published matrix: every member reads it. Filters keep to the address (htmx swaps the table)."""
    member = request.member
    plan = access.get_plan_for(member, communication_plan_id)
    context = plan_context(member, plan, "matrix")
    published = context["published"]
    names = member.can(Capability.VIEW_NAMES)
    matrix = build_matrix(published, request.GET, names=names) if published is not None else None
    context.update(
        matrix=matrix,
        competence_gaps=competence_gaps(member, matrix),
        filter_url=request.path,
        focus_row=None,
        focus_move="",
    )
    return render_page_or_fragment(
        request, "plan/plan_detail.html", "plan/_matrix.html", context, target="matrix-results"
    )


@org_view(Capability.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def plan_settings(request: MemberRequest, communication_plan_id: int) -> HttpResponse:
    member = request.member
    plan = access.get_plan_for(member, communication_plan_id, Capability.EDIT_PLAN)
    initial = {
        "title": plan.title,
        "owner": plan.owner_id,
        "review_interval_months": plan.review_interval_months,
        "evidence_note_optional": plan.evidence_note_optional,
    }
    form = PlanSettingsForm(request.POST or None, organization_id=member.organization_id, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.update_plan(member, plan, **form.cleaned_data)
            except ActionRefused as error:
                error.show_on(form)
            else:
                messages.success(request, _("The plan's settings have been saved."))
                return redirect("plan:plan_settings", member.organization.slug, plan.pk)
    context = plan_context(member, plan, "settings")
    context.update(form=form, review_form=ReviewNoteForm(), may_review=_may_review(request, plan.owner_id))
    context["reviews"] = list(access.review_history(member, plan)[:LATEST_REVIEWS])
    return render(request, "plan/plan_settings.html", context, status=status)


def _may_review(request: MemberRequest, owner_id: int) -> bool:
    member = request.member
    return member.can(Capability.APPROVE_PLAN) or (member.pk == owner_id and member.can(Capability.EDIT_PLAN))


@org_view(Capability.EDIT_PLAN)
@require_POST
def plan_review(request: MemberRequest, communication_plan_id: int) -> HttpResponse:
    """Record that the published plan was reviewed and still fits (schedules the next review)."""
    member = request.member
    plan = access.get_plan_for(member, communication_plan_id, Capability.EDIT_PLAN)
    form = ReviewNoteForm(request.POST)
    if form.is_valid():
        try:
            actions.mark_plan_reviewed(member, plan, note=form.cleaned_data["note"])
        except ActionRefused as error:
            error.show_on(form)
        else:
            messages.success(request, _("The review has been recorded."))
            return redirect("plan:plan_settings", member.organization.slug, plan.pk)
    context = plan_context(member, plan, "settings")
    settings_form = PlanSettingsForm(
        organization_id=member.organization_id,
        initial={
            "title": plan.title,
            "owner": plan.owner_id,
            "review_interval_months": plan.review_interval_months,
        },
    )
    context.update(form=settings_form, review_form=form, may_review=_may_review(request, plan.owner_id))
    context["reviews"] = list(access.review_history(member, plan)[:LATEST_REVIEWS])
    return render(request, "plan/plan_settings.html", context, status=400)


@org_view(Capability.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def plan_new_draft(request: MemberRequest, communication_plan_id: int) -> HttpResponse:
    """Start the next version as a copy of the published one, with the reason for the change."""
    member = request.member
    plan = access.get_plan_for(member, communication_plan_id, Capability.EDIT_PLAN)
    form = ChangeReasonForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                draft = actions.start_new_draft(member, plan, form.cleaned_data["change_reason"])
            except ActionRefused as error:
                error.show_on(form)
            else:
                messages.success(
                    request, _("Version %(number)s has been started as a draft.") % {"number": draft.number}
                )
                return redirect("plan:plan_version", member.organization.slug, draft.pk)
    context = plan_context(member, plan, "versions")
    context["form"] = form
    return render(request, "plan/plan_new_draft.html", context, status=status)
