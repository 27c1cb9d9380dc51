"""Rows of a draft, edited in place: the row's form replaces the row, saving puts the row back.

With htmx the form arrives as a table row and answers come back as the piece of the matrix they
change; without JavaScript the same URLs serve whole pages and redirect back to the draft.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from resonanz.competence.plan_gaps import gaps_for_page
from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest, wants_fragment
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.plan import access, actions
from resonanz.plan.actions.rows import FROZEN
from resonanz.plan.forms import RowForm
from resonanz.plan.models import PlanRow, PlanVersion, VersionStatus
from resonanz.plan.sender_search import LIMIT, clean_query, find_senders, sender_label
from resonanz.plan.views.matrix import row_view
from resonanz.plan.views.plan_scope import plan_context
from resonanz.plan.views.versions import matrix_fragment, version_page

_FIELD_ID = re.compile(r"[a-z0-9_]{1,40}")


def _back_to(version: PlanVersion, row: PlanRow | None = None) -> str:
    url = reverse("plan:plan_version", args=[version.plan.organization.slug, version.pk])
    return f"{url}#row-{row.pk}" if row is not None else url


def _search_url(member: Membership) -> str:
    return reverse("plan:plan_sender_search", args=[member.organization.slug])


@org_view(Capability.EDIT_PLAN)
@require_GET
def plan_sender_search(request: MemberRequest) -> HttpResponse:
    """The members matching ``sender_query`` as boxes to tick in a row form (htmx, while typing).

    Only those who may edit the plan ask; at most ``sender_search.LIMIT`` members of their own
    organization come back. ``field`` is the form's id for the senders, so the boxes get unique ids.
    """
    query = clean_query(request.GET.get("sender_query", ""))
    field = request.GET.get("field", "")
    if not _FIELD_ID.fullmatch(field):
        field = "senders"
    results = [
        {"pk": member.pk, "label": sender_label(member)}
        for member in find_senders(request.member.organization_id, query)
    ]
    context = {"results": results, "query": query, "field": field, "name": "senders", "limit": LIMIT}
    return render(request, "plan/widgets/_sender_results.html", context)


def _fresh(member: Membership, row_id: int) -> PlanRow:
    return access.get_row_for(member, row_id, Capability.VIEW_PLAN)


def _form_response(
    request: MemberRequest, version: PlanVersion, form: RowForm, row: PlanRow | None, status: int
) -> HttpResponse:
    member = request.member
    context: dict[str, Any] = {"form": form, "row": row, "version": version}
    if row is not None:
        context["view"] = row_view(row)
    if wants_fragment(request):
        return render(request, "plan/_row_form.html", context, status=status)
    context.update(plan_context(member, version.plan, "versions"))
    return render(request, "plan/row_form_page.html", context, status=status)


def _frozen(request: MemberRequest, version: PlanVersion) -> HttpResponse:
    messages.error(
        request,
        str(FROZEN % {"number": version.number, "status": version.get_status_display()}),
    )
    return redirect(_back_to(version))


@org_view(Capability.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def plan_row_add(request: MemberRequest, plan_version_id: int) -> HttpResponse:
    member = request.member
    version = access.get_version_for(member, plan_version_id, Capability.EDIT_PLAN)
    if request.method == "GET" and version.status != VersionStatus.DRAFT:
        return _frozen(request, version)
    form = RowForm(
        request.POST or None,
        organization_id=member.organization_id,
        auto_id="new_%s",
        initial={"direction": "external", "when_kind": "recurrence"},
        sender_search_url=_search_url(member),
    )
    if request.method == "GET" or form.searching():
        return _form_response(request, version, form, None, 200)
    if form.is_valid():
        try:
            row = actions.add_row(member, version, **form.action_values())
        except ActionRefused as error:
            error.show_on(form)
        else:
            if wants_fragment(request):
                return matrix_fragment(request, version, focus_row=row.pk)
            messages.success(request, _("The row has been added."))
            return redirect(_back_to(version, row))
    return _form_response(request, version, form, None, 400)


@org_view(Capability.VIEW_PLAN)
@require_GET
def plan_row(request: MemberRequest, plan_row_id: int) -> HttpResponse:
    """One row of the matrix (htmx: after cancelling an edit); a page load goes to the row in its matrix."""
    member = request.member
    row = _fresh(member, plan_row_id)
    version = row.version
    if wants_fragment(request):
        editable = version.status == VersionStatus.DRAFT and member.can(Capability.EDIT_PLAN)
        context = {
            "view": row_view(row, names=member.can(Capability.VIEW_NAMES)),
            "version": version,
            "editable": editable,
            "competence_gaps": gaps_for_page(member, [row]),
            "focus_row": row.pk,
            "focus_move": "",
        }
        return render(request, "plan/_matrix_row.html", context)
    if version.status == VersionStatus.PUBLISHED and not access.sees_all_versions(member):
        url = reverse("plan:plan_detail", args=[member.organization.slug, version.plan_id])
        return redirect(f"{url}#row-{row.pk}")
    return redirect(_back_to(version, row))


@org_view(Capability.EDIT_PLAN)
@require_http_methods(["GET", "POST"])
def plan_row_edit(request: MemberRequest, plan_row_id: int) -> HttpResponse:
    member = request.member
    row = access.get_row_for(member, plan_row_id, Capability.EDIT_PLAN)
    version = row.version
    if request.method == "GET" and version.status != VersionStatus.DRAFT:
        return _frozen(request, version)
    form = RowForm(
        request.POST or None,
        organization_id=member.organization_id,
        row=row,
        auto_id=f"row{row.pk}_%s",
        sender_search_url=_search_url(member),
    )
    if request.method == "GET" or form.searching():
        return _form_response(request, version, form, row, 200)
    if form.is_valid():
        try:
            actions.update_row(member, row, **form.action_values())
        except ActionRefused as error:
            error.show_on(form)
        else:
            if wants_fragment(request):
                fresh = _fresh(member, row.pk)
                context = {
                    "view": row_view(fresh),
                    "version": version,
                    "editable": True,
                    "competence_gaps": gaps_for_page(member, [fresh]),
                    "focus_row": row.pk,
                    "focus_move": "",
                }
                return render(request, "plan/_matrix_row.html", context)
            messages.success(request, _("The row has been saved."))
            return redirect(_back_to(version, row))
    return _form_response(request, version, form, row, 400)


def _refused(request: MemberRequest, version: PlanVersion, error: ActionRefused) -> HttpResponse:
    if wants_fragment(request):
        return matrix_fragment(request, version, 400, row_errors=error.messages)
    return version_page(request, version, 400, row_errors=error.messages)


@org_view(Capability.EDIT_PLAN)
@require_POST
def plan_row_delete(request: MemberRequest, plan_row_id: int) -> HttpResponse:
    member = request.member
    row = access.get_row_for(member, plan_row_id, Capability.EDIT_PLAN)
    version = row.version
    try:
        actions.delete_row(member, row)
    except ActionRefused as error:
        return _refused(request, version, error)
    if wants_fragment(request):
        return matrix_fragment(request, version, announcement=_("The row has been deleted."))
    messages.success(request, _("The row has been deleted."))
    return redirect(_back_to(version))


@org_view(Capability.EDIT_PLAN)
@require_POST
def plan_row_move(request: MemberRequest, plan_row_id: int) -> HttpResponse:
    """Move a row one place up or down (buttons, so reordering works by keyboard)."""
    member = request.member
    row = access.get_row_for(member, plan_row_id, Capability.EDIT_PLAN)
    version = row.version
    direction = request.POST.get("direction", "")
    order = list(
        PlanRow.objects.filter(version=version).order_by("position", "pk").values_list("pk", flat=True)
    )
    try:
        if direction not in ("up", "down"):
            raise ActionRefused(_("Choose whether the row moves up or down."), field="direction")
        index = order.index(row.pk)
        target = index - 1 if direction == "up" else index + 1
        if 0 <= target < len(order):
            order[index], order[target] = order[target], order[index]
            actions.reorder_rows(member, version, order)
    except ActionRefused as error:
        return _refused(request, version, error)
    if wants_fragment(request):
        return matrix_fragment(request, version, focus_row=row.pk, focus_move=direction)
    return redirect(_back_to(version, row))
