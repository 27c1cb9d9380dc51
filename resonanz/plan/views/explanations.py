"""Explaining a missed date: a reason from the organization's list, a text, a corrective action."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.plan import access, actions
from resonanz.plan.forms import ExplanationForm
from resonanz.plan.models import Evidence, MissExplanation, PlanRow
from resonanz.plan.schedule import row_occurrences
from resonanz.plan.views.matrix import row_view
from resonanz.plan.views.plan_scope import plan_context

# How far back the form offers missed dates.
EXPLAIN_LOOKBACK = dt.timedelta(days=366)


def missed_choices(row: PlanRow, now: dt.datetime) -> list[tuple[str, str]]:
    """The row's past dates without evidence naming them and without an explanation, newest first."""
    zone = row.version.plan.organization.zone
    occurrences = row_occurrences(row, zone, now - EXPLAIN_LOOKBACK, now)
    key = {"plan_id": row.version.plan_id, "row_key": row.row_key}
    settled = set(
        Evidence.objects.filter(**key, planned_for__isnull=False).values_list("planned_for", flat=True)
    ) | set(MissExplanation.objects.filter(**key).values_list("planned_for", flat=True))
    choices = []
    for occurrence in reversed(occurrences):
        if occurrence.start in settled:
            continue
        label = formats.date_format(
            occurrence.start, "SHORT_DATE_FORMAT" if occurrence.all_day else "SHORT_DATETIME_FORMAT"
        )
        choices.append((occurrence.start.isoformat(), str(label)))
    return choices


@org_view(Capability.RECORD_EVIDENCE)
@require_http_methods(["GET", "POST"])
def plan_row_explain(request: MemberRequest, plan_row_id: int) -> HttpResponse:
    """Say why a missed date of a row was missed."""
    member = request.member
    row = access.get_row_for(member, plan_row_id, Capability.RECORD_EVIDENCE)
    row = PlanRow.objects.select_related("version__plan__organization", "topic").get(pk=row.pk)
    dates = missed_choices(row, timezone.now())
    initial = {}
    if request.GET.get("planned_for") in {value for value, _label in dates}:
        initial["planned_for"] = request.GET["planned_for"]
    form = ExplanationForm(
        request.POST or None, dates=dates, organization_id=member.organization_id, initial=initial
    )
    back = reverse("plan:plan_execution", args=[member.organization.slug, row.version.plan_id])
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                _explain(member, row, form)
            except ActionRefused as error:
                error.show_on(form)
            else:
                messages.success(request, _("The missed date has been explained."))
                return redirect(back)
    context = plan_context(member, row.version.plan, "execution")
    context.update(row=row, view=row_view(row), form=form, back=back)
    return render(request, "plan/explain_missed.html", context, status=status)


def _explain(member: Membership, row: PlanRow, form: ExplanationForm) -> None:
    """A new corrective action and the explanation are stored together, or neither is."""
    data = form.cleaned_data
    with transaction.atomic():
        corrective = data.get("corrective_action")
        if data.get("new_action_title"):
            corrective = actions.create_corrective_action(
                member, title=data["new_action_title"], owner=member, due_date=data.get("new_action_due")
            )
        actions.explain_missed_date(
            member,
            row,
            planned_for=dt.datetime.fromisoformat(data["planned_for"]),
            reason=data["reason"],
            text=data["text"],
            corrective_action=corrective,
        )
