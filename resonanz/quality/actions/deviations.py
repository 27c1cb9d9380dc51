"""Incidents opened automatically for deviations from the communication plan (clause 8.7).

Four kinds, found from the other apps (which know nothing of this one: dependencies point here):
a post published without a plan row (``plan.unplanned``), a plan whose review is overdue
(``plan.reviews``), a sender of a published row without a competence its channel requires
(``competence.gating``) and a missed date whose explanation asked for a corrective action
(``plan.MissExplanation``). Each deviation has a stable source key, unique per organization, so a
re-run, or two workers at once, never open the same incident twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db.models import Exists, OuterRef
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from resonanz.competence.gating import violations_for_rows
from resonanz.competence.plan_gaps import gap_text
from resonanz.core.guards import system_step
from resonanz.core.models import Organization
from resonanz.plan.models import MissExplanation, PlanRow, VersionStatus
from resonanz.plan.reviews import local_today, overdue_plans
from resonanz.plan.unplanned import unplanned_in
from resonanz.quality import actions
from resonanz.quality.models import DeviationKind, Incident, Source

# How far back each run looks for unplanned posts (a missed run is caught up by the next ones), and how
# much one run reads per organization and kind: bounded work, whatever the organization's size.
UNPLANNED_LOOKBACK = dt.timedelta(days=7)
MAX_PER_KIND = 200
MAX_ROWS_CHECKED = 2000


def _key(*parts: object) -> str:
    return ":".join(str(part) for part in parts)


def _digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()[:32]


def _existing(organization: Organization, keys: list[str]) -> set[str]:
    return set(
        Incident.objects.filter(organization=organization, source_key__in=keys).values_list(
            "source_key", flat=True
        )
    )


def _open(
    organization: Organization, kind: DeviationKind, key: str, title: str, description: str, **extra: object
) -> None:
    actions.open_incident_from(
        None,
        organization,
        source=Source.PLAN_DEVIATION,
        deviation_kind=kind,
        source_key=key,
        title=title[:200],
        description=description,
        **extra,  # type: ignore[arg-type]
    )


def _unplanned_posts(organization: Organization, now: dt.datetime) -> list[tuple[str, str, str]]:
    # Up to and including ``now``: a post published this very instant counts in this run.
    found = unplanned_in(
        organization.pk, now - UNPLANNED_LOOKBACK, now + dt.timedelta(seconds=1), limit=MAX_PER_KIND
    )
    items = []
    for item in found.items:
        key = _key("plan.unplanned_post", _digest(item.at.isoformat(), item.network, item.url, item.title))
        title = _("Post published without a plan row: %(title)s") % {"title": item.title}
        when = formats.date_format(timezone.localtime(item.at, organization.zone), "SHORT_DATETIME_FORMAT")
        lines = [_("Published on %(network)s on %(when)s.") % {"network": item.network, "when": when}]
        if item.published_by:
            lines.append(_("Published by: %(name)s") % {"name": item.published_by})
        if item.url:
            lines.append(item.url)
        items.append((key, title, "\n".join(lines)))
    return items


def _overdue_reviews(organization: Organization, now: dt.datetime) -> list[tuple[str, str, str]]:
    items = []
    for plan in overdue_plans(organization, now)[:MAX_PER_KIND]:
        due = plan.next_review_due
        key = _key("plan.review_overdue", plan.pk, due)
        date = formats.date_format(due, "SHORT_DATE_FORMAT") if due else ""
        title = _("Review of the communication plan %(identifier)s overdue since %(date)s") % {
            "identifier": plan.identifier,
            "date": date,
        }
        description = _("The plan “%(title)s” was due for review on %(date)s and has not been reviewed.") % {
            "title": plan.title,
            "date": date,
        }
        items.append((key, title, description))
    return items


def _senders_without_competence(organization: Organization, now: dt.datetime) -> list[tuple[str, str, str]]:
    rows = list(
        PlanRow.objects.filter(
            version__plan__organization=organization, version__status=VersionStatus.PUBLISHED
        )
        .select_related("version__plan")
        .order_by("pk")[:MAX_ROWS_CHECKED]
    )
    by_id = {row.pk: row for row in rows}
    items = []
    for row_id, violations in violations_for_rows(rows, local_today(organization, now)).items():
        row = by_id[row_id]
        for violation in violations:
            key = _key(
                "plan.sender_competence",
                row.version.plan_id,
                row.row_key,
                violation.sender_id,
                violation.competence_id,
            )
            text = gap_text(violation, names=True)
            title = _("Sender without the required competence: %(gap)s") % {"gap": text}
            description = _("Communication plan %(identifier)s, row “%(row)s”: %(gap)s.") % {
                "identifier": row.version.plan.identifier,
                "row": row.description[:100],
                "gap": text,
            }
            items.append((key, title, description))
            if len(items) >= MAX_PER_KIND:
                return items
    return items


def _missed_dates(organization: Organization) -> list[tuple[str, str, str, MissExplanation]]:
    linked = Incident.objects.filter(miss_explanation=OuterRef("pk"))
    explanations = (
        MissExplanation.objects.filter(organization=organization, corrective_action__isnull=False)
        .exclude(Exists(linked))
        .select_related("plan", "reason", "corrective_action")
        .order_by("pk")[:MAX_PER_KIND]
    )
    items = []
    for explanation in explanations:
        date = formats.date_format(
            timezone.localtime(explanation.planned_for, organization.zone), "SHORT_DATE_FORMAT"
        )
        title = _("Planned date missed: %(identifier)s on %(date)s") % {
            "identifier": explanation.plan.identifier,
            "date": date,
        }
        lines = [_("Reason: %(reason)s") % {"reason": explanation.reason.name}]
        if explanation.text:
            lines.append(explanation.text)
        if explanation.corrective_action is not None:
            lines.append(
                _("Corrective action asked for in the plan: %(title)s")
                % {"title": explanation.corrective_action.title}
            )
        items.append((_key("plan.missed_date", explanation.pk), title, "\n".join(lines), explanation))
    return items


@system_step
def open_deviation_incidents(organization: Organization, now: dt.datetime | None = None) -> int:
    """Open an incident for every deviation of the organization not seen before; how many were opened."""
    now = now or timezone.now()
    opened = 0
    with translation.override(organization.default_language):
        found: list[tuple[DeviationKind, list[tuple[str, str, str]]]] = [
            (DeviationKind.UNPLANNED_POST, _unplanned_posts(organization, now)),
            (DeviationKind.REVIEW_OVERDUE, _overdue_reviews(organization, now)),
            (DeviationKind.SENDER_WITHOUT_COMPETENCE, _senders_without_competence(organization, now)),
        ]
        for kind, items in found:
            seen = _existing(organization, [key for key, _title, _text in items])
            for key, title, description in items:
                if key not in seen:
                    _open(organization, kind, key, title, description)
                    opened += 1
        missed = _missed_dates(organization)
        seen = _existing(organization, [item[0] for item in missed])
        for key, title, description, explanation in missed:
            if key not in seen:
                _open(
                    organization,
                    DeviationKind.MISSED_DATE,
                    key,
                    title,
                    description,
                    miss_explanation=explanation,
                )
                opened += 1
    return opened


@system_step
def open_all_deviation_incidents(now: dt.datetime | None = None) -> int:
    """The periodic job: every organization in turn."""
    now = now or timezone.now()
    return sum(
        open_deviation_incidents(organization, now) for organization in Organization.objects.order_by("pk")
    )
