"""Actions of the risks app: the only functions that register, rate, treat, review and close risks.

A review rates the risk anew and schedules the next one ``review_interval_months`` later; the daily job
reminds owners of due reviews (``send_review_reminders``), once per due date.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from resonanz.core import audit
from resonanz.core.dates import refuse_far_date
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action, system_step
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.risks.models import (
    MAX_INTERVAL_MONTHS,
    SCALE,
    Kind,
    ReviewReminder,
    Risk,
    RiskAction,
    RiskReview,
    RiskStatus,
)

logger = logging.getLogger(__name__)
FIELDS = (
    "kind",
    "title",
    "description",
    "category",
    "likelihood",
    "impact",
    "owner",
    "review_interval_months",
)
MAX_REMINDERS_PER_RUN = 500


def _today(member: Membership) -> dt.date:
    return timezone.localdate(timezone=member.organization.zone)


def _rating(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
        raise ActionRefused(_("Rate from 1 to 5."), field=field)
    return value


def _owner(member: Membership, owner: Any, field: str = "owner") -> Membership:
    if not isinstance(owner, Membership) or owner.organization_id != member.organization_id:
        raise ActionRefused(_("Choose the owner among the organization's members."), field=field)
    if not owner.is_active:
        raise ActionRefused(_("The owner must be an active member."), field=field)
    return owner


def _text(value: Any, field: str, limit: int, required: bool = False) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ActionRefused(_("Fill in this field."), field=field)
    if len(text) > limit:
        raise ActionRefused(_("Use at most %(limit)s characters."), params={"limit": limit}, field=field)
    return text


def _clean(member: Membership, values: dict[str, Any]) -> dict[str, Any]:
    if values.get("kind") not in Kind.values:
        raise ActionRefused(_("Choose risk or opportunity."), field="kind")
    interval = values.get("review_interval_months")
    if (
        isinstance(interval, bool)
        or not isinstance(interval, int)
        or not 1 <= interval <= MAX_INTERVAL_MONTHS
    ):
        raise ActionRefused(
            _("Review every 1 to %(most)s months."),
            params={"most": MAX_INTERVAL_MONTHS},
            field="review_interval_months",
        )
    return {
        "kind": values["kind"],
        "title": " ".join(_text(values.get("title"), "title", 200, required=True).split()),
        "description": _text(values.get("description"), "description", 4000),
        "category": _text(values.get("category"), "category", 100),
        "likelihood": _rating(values.get("likelihood"), "likelihood"),
        "impact": _rating(values.get("impact"), "impact"),
        "owner": _owner(member, values.get("owner")),
        "review_interval_months": interval,
    }


def _snapshot(risk: Risk) -> dict[str, Any]:
    return audit.snapshot(risk, (*FIELDS, "status", "next_review_on"))


@action(Capability.MANAGE_RISKS)
def create_risk(member: Membership, *, first_review_on: dt.date | None = None, **values: Any) -> Risk:
    """Register a risk or an opportunity; its first review is due one interval from today unless given."""
    if set(values) - set(FIELDS):
        raise ActionRefused(_("These details cannot be set here."))
    cleaned = _clean(member, values)
    today = _today(member)
    if first_review_on is None:
        first_review_on = today + relativedelta(months=cleaned["review_interval_months"])
    refuse_far_date(first_review_on, "first_review_on")
    with transaction.atomic():
        risk = Risk.objects.create(
            organization=member.organization, next_review_on=first_review_on, **cleaned
        )
        risk.refresh_from_db(fields=["score"])
        audit.record(member.organization, member, "risks.created", risk, after=_snapshot(risk))
    return risk


@action(Capability.MANAGE_RISKS)
def update_risk(member: Membership, risk: Risk, **changes: Any) -> Risk:
    if set(changes) - set(FIELDS):
        raise ActionRefused(_("These details cannot be changed here."))
    with transaction.atomic():
        locked = Risk.objects.select_for_update().select_related("owner").get(pk=risk.pk)
        if locked.status == RiskStatus.CLOSED:
            raise ActionRefused(_("A closed risk is not changed any more."))
        cleaned = _clean(member, {**{field: getattr(locked, field) for field in FIELDS}, **changes})
        before = _snapshot(locked)
        for field, value in cleaned.items():
            setattr(locked, field, value)
        locked.save(update_fields=list(FIELDS))
        locked.refresh_from_db(fields=["score"])
        audit.record(
            member.organization, member, "risks.updated", locked, before=before, after=_snapshot(locked)
        )
    return locked


@action(Capability.MANAGE_RISKS)
def add_risk_action(
    member: Membership, risk: Risk, *, title: str, owner: Membership, due_on: dt.date
) -> RiskAction:
    """Plan an action that treats the risk (or takes the opportunity)."""
    if risk.status == RiskStatus.CLOSED:
        raise ActionRefused(_("A closed risk is not changed any more."))
    title = " ".join(_text(title, "title", 200, required=True).split())
    owner = _owner(member, owner)
    if not isinstance(due_on, dt.date):
        raise ActionRefused(_("Enter the date."), field="due_on")
    refuse_far_date(due_on, "due_on")
    with transaction.atomic():
        planned = RiskAction.objects.create(risk=risk, title=title, owner=owner, due_on=due_on)
        audit.record(
            member.organization,
            member,
            "risks.action_added",
            risk,
            after={"action": planned.pk, "title": title, "owner": owner.pk, "due_on": due_on.isoformat()},
        )
    return planned


@action(Capability.MANAGE_RISKS)
def complete_risk_action(member: Membership, risk_action: RiskAction) -> RiskAction:
    """Mark the action done today; a second click changes nothing."""
    today = _today(member)
    with transaction.atomic():
        changed = RiskAction.objects.filter(pk=risk_action.pk, done_on__isnull=True).update(done_on=today)
        if changed:
            audit.record(
                member.organization,
                member,
                "risks.action_done",
                risk_action.risk,
                after={"action": risk_action.pk, "done_on": today.isoformat()},
            )
    risk_action.refresh_from_db()
    return risk_action


@action(Capability.MANAGE_RISKS)
def review_risk(
    member: Membership,
    risk: Risk,
    *,
    effective: bool,
    likelihood_after: int,
    impact_after: int,
    note: str = "",
    reviewed_on: dt.date | None = None,
    treated: bool | None = None,
) -> RiskReview:
    """Record whether the risk's actions were effective, rate it anew and schedule the next review.

    The next review is due ``review_interval_months`` after this one. ``treated`` marks the risk as treated
    (its actions are in place) or open again; left out, the status stays.
    """
    today = _today(member)
    reviewed_on = reviewed_on or today
    if not isinstance(reviewed_on, dt.date):
        raise ActionRefused(_("Enter the date."), field="reviewed_on")
    refuse_far_date(reviewed_on, "reviewed_on")
    if reviewed_on > today:
        raise ActionRefused(
            _("A review is recorded once it took place, not in advance."), field="reviewed_on"
        )
    if not isinstance(effective, bool):
        raise ActionRefused(_("Say whether the actions were effective."), field="effective")
    likelihood_after = _rating(likelihood_after, "likelihood_after")
    impact_after = _rating(impact_after, "impact_after")
    note = _text(note, "note", 2000)
    with transaction.atomic():
        locked = Risk.objects.select_for_update().get(pk=risk.pk)
        if locked.status == RiskStatus.CLOSED:
            raise ActionRefused(_("A closed risk is not changed any more."))
        before = _snapshot(locked)
        review = RiskReview.objects.create(
            risk=locked,
            reviewed_on=reviewed_on,
            effective=effective,
            note=note,
            likelihood_after=likelihood_after,
            impact_after=impact_after,
            reviewed_by=member,
            reviewed_by_name=member.user.full_name or member.user.email,
        )
        locked.likelihood, locked.impact = likelihood_after, impact_after
        locked.next_review_on = reviewed_on + relativedelta(months=locked.review_interval_months)
        if treated is not None:
            locked.status = RiskStatus.TREATED if treated else RiskStatus.OPEN
        locked.save(update_fields=["likelihood", "impact", "next_review_on", "status"])
        locked.refresh_from_db(fields=["score"])
        audit.record(
            member.organization,
            member,
            "risks.reviewed",
            locked,
            before=before,
            after={
                **_snapshot(locked),
                "effective": effective,
                "reviewed_on": reviewed_on.isoformat(),
                "note": note,
            },
            personal=("note",),
        )
    return review


@action(Capability.MANAGE_RISKS)
def close_risk(member: Membership, risk: Risk) -> Risk:
    """Close the risk (it no longer applies): no more reviews are due."""
    with transaction.atomic():
        locked = Risk.objects.select_for_update().get(pk=risk.pk)
        if locked.status == RiskStatus.CLOSED:
            raise ActionRefused(_("The risk is closed already."))
        before = _snapshot(locked)
        locked.status, locked.next_review_on = RiskStatus.CLOSED, None
        locked.save(update_fields=["status", "next_review_on"])
        audit.record(
            member.organization, member, "risks.closed", locked, before=before, after=_snapshot(locked)
        )
    return locked


# ---------------------------------------------------------------- reminders


def _due(today: dt.date) -> list[Risk]:
    """Risks whose review is due by ``today`` and whose owner was not reminded of that due date yet.

    Chosen by state, not by date: a missed run is caught up by the next one."""
    reminded = ReviewReminder.objects.filter(risk=OuterRef("pk"), due_on=OuterRef("next_review_on"))
    return list(
        Risk.objects.exclude(status=RiskStatus.CLOSED)
        .filter(next_review_on__lte=today, owner__is_active=True)
        .exclude(Exists(reminded))
        .select_related("organization", "owner__user")
        .order_by("next_review_on", "pk")[:MAX_REMINDERS_PER_RUN]
    )


@system_step
def remind_of_review(risk: Risk) -> bool:
    """E-mail the owner that the review of ``risk`` is due, once per due date. True if sent now."""
    assert risk.next_review_on is not None
    try:
        with transaction.atomic():
            claim = ReviewReminder.objects.create(risk=risk, due_on=risk.next_review_on)
    except IntegrityError:
        return False  # another worker (or an earlier run) was quicker
    user = risk.owner.user
    path = reverse("risks:risk_detail", kwargs={"org": risk.organization.slug, "risk_id": risk.pk})
    context = {
        "name": user.full_name or user.email,
        "risk": risk.title,
        "due_on": risk.next_review_on,
        "link": settings.SITE_URL + path,
        "organization": risk.organization,
    }
    with translation.override(user.language):
        subject = render_to_string("risks/email/review_due_subject.txt", context).strip()
        body = render_to_string("risks/email/review_due.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except Exception:
        logger.exception("the review reminder for risk %s could not be sent", risk.pk)
        ReviewReminder.objects.filter(pk=claim.pk).delete()  # give the claim back: the next run tries again
        return False
    with transaction.atomic():
        ReviewReminder.objects.filter(pk=claim.pk).update(sent_at=timezone.now())
        audit.record(
            risk.organization,
            None,
            "risks.review_reminder_sent",
            risk,
            after={"due_on": risk.next_review_on.isoformat(), "recipient": user.email},
            personal=("recipient",),
        )
    return True


@system_step
def send_review_reminders(today: dt.date | None = None) -> int:
    """Remind the owners of every due review once; returns how many reminders went out."""
    today = today or timezone.localdate()
    return sum(remind_of_review(risk) for risk in _due(today))
