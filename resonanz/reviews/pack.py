"""The input pack of a management review (ISO 9001 9.3.2): every input a)–f) for one period, as data.

One function (``build_pack``) reads what the other apps hold for the review's period and answers plain
data: sections a)–f), each of parts with figures (counts, rates), entries (the records behind them, at
most ``MAX_ENTRIES`` per part, with how many more there are) and, where a trend helps, bars for a
chart. The values are language-neutral (codes, ISO dates, numbers): ``presentation`` turns them into the
page's and the PDF's words, so a frozen pack (``pack_to_json``, stored when the review is held) reads
in any language later and never changes with the registers.

Every query is bounded: the period is at most a year (``core.period``), lists are cut at
``MAX_ENTRIES``, objectives at ``MAX_OBJECTIVES``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from resonanz.core import metrics
from resonanz.core.models import Organization
from resonanz.core.period import Period, period
from resonanz.reviews.models import ManagementReview, OutputStatus, ReviewOutput

MAX_ENTRIES = 100
MAX_OBJECTIVES = 50
EXPIRY_DAYS = 90
UPCOMING_AUDIT_DAYS = 90
SECTIONS = ("a", "b", "c", "d", "e", "f")


@dataclass(frozen=True)
class Figure:
    key: str  # what it counts (``presentation.FIGURES``)
    value: int | str | None  # a count, a decimal as text, or None when there is no basis


@dataclass(frozen=True)
class Entry:
    """One record behind a part's figures; which column each value fills is the part's own."""

    text: str
    reference: str = ""  # "#12": the record's number
    date: str = ""  # ISO date
    status: str = ""  # a code (``presentation.STATUSES``)
    detail: str = ""  # a name or a figure from the record


@dataclass(frozen=True)
class Bar:
    label: str  # a code or a month ("2026-03")
    value: int


@dataclass(frozen=True)
class Part:
    key: str
    figures: tuple[Figure, ...] = ()
    entries: tuple[Entry, ...] = ()
    more: int = 0  # entries left off after ``MAX_ENTRIES``
    bars: tuple[Bar, ...] = ()
    text: str = ""  # an input written by hand on the review

    @property
    def empty(self) -> bool:
        counted = any(figure.value not in (None, 0, "0") for figure in self.figures)
        return not (counted or self.entries or self.text)


@dataclass(frozen=True)
class Section:
    key: str  # a … f
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class Pack:
    start: str
    end: str
    as_of: str  # the day the pack was read (the day it was frozen, for a held review)
    sections: tuple[Section, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        """Nothing at all in the period: every part says so."""
        return all(part.empty for section in self.sections for part in section.parts)

    @property
    def as_of_day(self) -> dt.date:
        return dt.date.fromisoformat(self.as_of)

    def section(self, key: str) -> Section:
        return next(section for section in self.sections if section.key == key)

    def part(self, key: str) -> Part:
        return next(part for section in self.sections for part in section.parts if part.key == key)


# ---------------------------------------------------------------- JSON (the frozen pack)


def pack_to_json(pack: Pack) -> dict[str, Any]:
    return asdict(pack)


def pack_from_json(data: dict[str, Any]) -> Pack:
    def part(value: dict[str, Any]) -> Part:
        return Part(
            key=value["key"],
            figures=tuple(Figure(**item) for item in value["figures"]),
            entries=tuple(Entry(**item) for item in value["entries"]),
            more=value["more"],
            bars=tuple(Bar(**item) for item in value["bars"]),
            text=value["text"],
        )

    return Pack(
        start=data["start"],
        end=data["end"],
        as_of=data["as_of"],
        sections=tuple(
            Section(section["key"], tuple(part(item) for item in section["parts"]))
            for section in data["sections"]
        ),
    )


def pack_of(review: ManagementReview, today: dt.date) -> Pack:
    """The pack a review shows: frozen when it was held, else read now."""
    if review.pack is not None:
        return pack_from_json(review.pack)
    return build_pack(review, today)


# ---------------------------------------------------------------- reading the registers


@dataclass(frozen=True)
class _Scope:
    organization: Organization
    period: Period
    window: tuple[dt.datetime, dt.datetime]
    today: dt.date

    @property
    def start(self) -> dt.date:
        return self.period.first

    @property
    def end(self) -> dt.date:
        return self.period.last


def _entries(rows: list[Entry], total: int) -> dict[str, Any]:
    shown = rows[:MAX_ENTRIES]
    return {"entries": tuple(shown), "more": max(total - len(shown), 0)}


def _day(value: dt.datetime | dt.date | None, scope: _Scope) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.astimezone(scope.organization.zone).date().isoformat()
    return value.isoformat()


def _metric(key: str, scope: _Scope) -> Figure:
    metric = metrics.find(key)
    if metric is None:
        return Figure(key, None)
    value = metrics.read(metric, scope.organization, scope.period).value
    if value is None:
        return Figure(key, None)
    return Figure(key, int(value) if value == value.to_integral_value() else str(value))


def _overdue(status: str, due: dt.date, scope: _Scope) -> str:
    return "overdue" if status == "open" and due < scope.today else status


def _earlier_outputs(review: ManagementReview, scope: _Scope) -> Part:
    """a) The outputs of earlier reviews: open ones, and those done in or after the period."""
    outputs = ReviewOutput.objects.filter(
        review__organization=scope.organization, review__number__lt=review.number
    ).filter(Q(status=OutputStatus.OPEN) | Q(done_at__gte=scope.window[0]))
    counts = outputs.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=OutputStatus.DONE)),
        open=Count("pk", filter=Q(status=OutputStatus.OPEN)),
        overdue=Count("pk", filter=Q(status=OutputStatus.OPEN, due_on__lt=scope.today)),
    )
    rows = [
        Entry(
            text=output.text,
            reference=f"#{output.review.number}",
            date=output.due_on.isoformat(),
            status=_overdue(output.status, output.due_on, scope),
            detail=output.owner_name,
        )
        for output in outputs.select_related("review").order_by("-review__number", "due_on", "pk")[
            :MAX_ENTRIES
        ]
    ]
    figures = (
        Figure("outputs_done", counts["done"]),
        Figure("outputs_open", counts["open"]),
        Figure("outputs_overdue", counts["overdue"]),
    )
    return Part("a_outputs", figures, **_entries(rows, counts["total"]))


def _issues(review: ManagementReview, scope: _Scope) -> Part:
    """b) Changes in internal and external issues: written on the review; risks registered meanwhile."""
    from resonanz.risks.models import Kind, Risk

    registered = Risk.objects.filter(
        organization=scope.organization, created_at__gte=scope.window[0], created_at__lt=scope.window[1]
    )
    counts = registered.aggregate(
        total=Count("pk"),
        risks=Count("pk", filter=Q(kind=Kind.RISK)),
        opportunities=Count("pk", filter=Q(kind=Kind.OPPORTUNITY)),
    )
    rows = [
        Entry(text=risk.title, date=_day(risk.created_at, scope), status=risk.kind, detail=str(risk.score))
        for risk in registered.order_by("created_at", "pk")[:MAX_ENTRIES]
    ]
    figures = (Figure("new_risks", counts["risks"]), Figure("new_opportunities", counts["opportunities"]))
    return Part("b_issues", figures, text=review.issues_changes, **_entries(rows, counts["total"]))


def _incidents(scope: _Scope) -> QuerySet[Any]:
    from resonanz.quality.models import Incident

    return Incident.objects.filter(
        organization=scope.organization, opened_at__gte=scope.window[0], opened_at__lt=scope.window[1]
    )


def _incident_rows(incidents: QuerySet[Any], scope: _Scope) -> list[Entry]:
    return [
        Entry(
            text=incident.title,
            reference=f"#{incident.number}",
            date=_day(incident.opened_at, scope),
            status=incident.status,
            detail=incident.grade,
        )
        for incident in incidents.order_by("opened_at", "pk")[:MAX_ENTRIES]
    ]


def _feedback(scope: _Scope) -> Part:
    """c) 1. Feedback: complaints on social channels and the tone of mentions."""
    from resonanz.monitoring.models import Mention, Tone
    from resonanz.quality.models import Source

    complaints = _incidents(scope).filter(source=Source.SOCIAL_COMPLAINT)
    total = complaints.count()
    mentions = Mention.objects.filter(
        organization=scope.organization, posted_at__gte=scope.window[0], posted_at__lt=scope.window[1]
    ).aggregate(total=Count("pk"), negative=Count("pk", filter=Q(tone=Tone.NEGATIVE)))
    share = (
        str((Decimal(100) * mentions["negative"] / mentions["total"]).quantize(Decimal("0.1")))
        if mentions["total"]
        else None
    )
    figures = (
        Figure("complaints", total),
        Figure("mentions", mentions["total"]),
        Figure("negative_percent", share),
    )
    return Part("c_feedback", figures, **_entries(_incident_rows(complaints, scope), total))


def _objectives(scope: _Scope) -> Part:
    """c) 2. Quality objectives that ran in the period, evaluated at its end (or today, if earlier)."""
    from resonanz.objectives.evaluation import evaluate
    from resonanz.objectives.models import Objective

    running = Objective.objects.filter(
        organization=scope.organization, starts_on__lte=scope.end, deadline__gte=scope.start
    ).select_related("organization")
    total = running.count()
    on = min(scope.end, scope.today)
    evaluations = [
        evaluate(objective, on) for objective in running.order_by("deadline", "pk")[:MAX_OBJECTIVES]
    ]
    statuses = Counter(str(evaluation.status) for evaluation in evaluations)
    rows = [
        Entry(
            text=evaluation.objective.title,
            date=evaluation.objective.deadline.isoformat(),
            status=str(evaluation.status),
            detail=(
                f"{evaluation.value.normalize():f} / {evaluation.objective.target.normalize():f} "
                f"{evaluation.objective.unit}"
                if evaluation.value is not None
                else f"– / {evaluation.objective.target.normalize():f} {evaluation.objective.unit}"
            ),
        )
        for evaluation in evaluations
    ]
    figures = (
        Figure("objectives", total),
        Figure("objectives_achieved", statuses["achieved"] + statuses["on_track"]),
        Figure("objectives_behind", statuses["at_risk"] + statuses["missed"]),
    )
    bars = tuple(Bar(status, count) for status, count in sorted(statuses.items()))
    return Part("c_objectives", figures, bars=bars, **_entries(rows, total))


def _process(scope: _Scope) -> Part:
    """c) 3. Process conformity: the plan carried out, deviations from it, overdue plan reviews."""
    from resonanz.plan.reviews import overdue_plans
    from resonanz.quality.models import Source

    deviations = _incidents(scope).filter(source=Source.PLAN_DEVIATION)
    total = deviations.count()
    rows = [
        Entry(
            text=incident.title,
            reference=f"#{incident.number}",
            date=_day(incident.opened_at, scope),
            status=incident.deviation_kind,
            detail=incident.status,
        )
        for incident in deviations.order_by("opened_at", "pk")[:MAX_ENTRIES]
    ]
    figures = (
        _metric("plan.executed_rate", scope),
        _metric("plan.missed_dates", scope),
        Figure("deviations", total),
        Figure("plans_overdue", overdue_plans(scope.organization).count()),
    )
    return Part("c_process", figures, **_entries(rows, total))


def _months(scope: _Scope) -> list[str]:
    months, day = [], scope.start.replace(day=1)
    while day <= scope.end:
        months.append(f"{day:%Y-%m}")
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def _nonconformities(scope: _Scope) -> Part:
    """c) 4. Nonconformities: incidents opened and closed in the period, by grade, per month."""
    from resonanz.quality.models import Grade, Incident

    opened = _incidents(scope)
    counts = opened.aggregate(
        total=Count("pk"),
        major=Count("pk", filter=Q(grade=Grade.MAJOR)),
        minor=Count("pk", filter=Q(grade=Grade.MINOR)),
    )
    closed = Incident.objects.filter(
        organization=scope.organization, closed_at__gte=scope.window[0], closed_at__lt=scope.window[1]
    ).count()
    per_month = dict.fromkeys(_months(scope), 0)
    by_month = (
        opened.annotate(month=TruncMonth("opened_at", tzinfo=scope.organization.zone))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in by_month:
        key = f"{row['month']:%Y-%m}"
        if key in per_month:
            per_month[key] += row["count"]
    figures = (
        Figure("incidents_opened", counts["total"]),
        Figure("incidents_major", counts["major"]),
        Figure("incidents_minor", counts["minor"]),
        Figure("incidents_closed", closed),
    )
    bars = tuple(Bar(month, count) for month, count in per_month.items()) if counts["total"] else ()
    return Part(
        "c_nonconformities", figures, bars=bars, **_entries(_incident_rows(opened, scope), counts["total"])
    )


def _corrective(scope: _Scope) -> Part:
    """c) 4. Corrective actions planned, due or done in the period, and the effectiveness checks."""
    from resonanz.quality.models import EffectivenessCheck, IncidentAction, Result

    start, end = scope.window
    actions = IncidentAction.objects.filter(organization=scope.organization).filter(
        Q(created_at__gte=start, created_at__lt=end)
        | Q(due_date__gte=scope.start, due_date__lte=scope.end)
        | Q(done_at__gte=start, done_at__lt=end)
    )
    counts = actions.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status="done")),
        open=Count("pk", filter=Q(status="open")),
        overdue=Count("pk", filter=Q(status="open", due_date__lt=scope.today)),
    )
    checks = EffectivenessCheck.objects.filter(
        organization=scope.organization, recorded_at__gte=start, recorded_at__lt=end
    ).aggregate(
        effective=Count("pk", filter=Q(result=Result.EFFECTIVE)),
        not_effective=Count("pk", filter=Q(result=Result.NOT_EFFECTIVE)),
    )
    rows = [
        Entry(
            text=item.title,
            reference=f"#{item.incident.number}",
            date=item.due_date.isoformat(),
            status=_overdue(item.status, item.due_date, scope),
            detail=item.owner_name,
        )
        for item in actions.select_related("incident").order_by("due_date", "pk")[:MAX_ENTRIES]
    ]
    figures = (
        Figure("actions_done", counts["done"]),
        Figure("actions_open", counts["open"]),
        Figure("actions_overdue", counts["overdue"]),
        Figure("checks_effective", checks["effective"]),
        Figure("checks_not_effective", checks["not_effective"]),
    )
    return Part("c_corrective", figures, **_entries(rows, counts["total"]))


def _monitoring(scope: _Scope) -> Part:
    """c) 5. Monitoring and measurement: alarms of the early warning and the reach figures."""
    from resonanz.monitoring.models import MonitoringAlarm

    alarms = MonitoringAlarm.objects.filter(
        organization=scope.organization, at__gte=scope.window[0], at__lt=scope.window[1]
    )
    total = alarms.count()
    rows = [
        Entry(text=str(alarm.voices), date=_day(alarm.at, scope), status=alarm.reason)
        for alarm in alarms.order_by("at", "pk")[:MAX_ENTRIES]
    ]
    figures = (
        Figure("alarms", total),
        _metric("publishing.published_posts", scope),
        _metric("reach.clicks", scope),
        _metric("advocacy.shares", scope),
    )
    return Part("c_monitoring", figures, **_entries(rows, total))


def _audits(scope: _Scope) -> Part:
    """c) 6. Audit results, from the audits app (its ``summary`` module, read at call time)."""
    from resonanz.audits import summary as audits

    found = audits.audit_summary(scope.organization, scope.start, scope.end)
    upcoming = audits.upcoming_audits(scope.organization, scope.today, UPCOMING_AUDIT_DAYS)
    rows = [
        Entry(
            text=audit.title,
            reference=f"#{audit.number}",
            date=_day(audit.completed_on or audit.planned_on, scope),
            status=audit.status,
            detail=f"{audit.nonconformities}/{audit.observations}",
        )
        for audit in found
    ]
    figures = (
        Figure("audits", len(found)),
        Figure("audit_nonconformities", sum(audit.nonconformities for audit in found)),
        Figure("audit_observations", sum(audit.observations for audit in found)),
        Figure("audits_upcoming", len(upcoming)),
    )
    return Part("c_audits", figures, **_entries(rows, len(found)))


def _providers(scope: _Scope) -> Part:
    """c) 7. External providers: resonanz keeps no register of them; the minutes record their evaluation."""
    return Part("c_providers")


def _resources(review: ManagementReview, scope: _Scope) -> Part:
    """d) Resources: written on the review; trainings held, certificates expiring, trained posters."""
    from resonanz.competence.models import Certificate, Training, TrainingParticipation

    trainings = Training.objects.filter(
        organization=scope.organization, starts_on__gte=scope.start, starts_on__lte=scope.end
    )
    total = trainings.count()
    completed = TrainingParticipation.objects.filter(
        training__organization=scope.organization,
        status="completed",
        completed_on__gte=scope.start,
        completed_on__lte=scope.end,
    ).count()
    expiring = Certificate.objects.filter(
        organization=scope.organization,
        expires_on__gte=scope.start,
        expires_on__lte=scope.end + dt.timedelta(days=EXPIRY_DAYS),
    ).count()
    rows = [
        Entry(text=training.title, date=training.starts_on.isoformat(), detail=training.provider)
        for training in trainings.order_by("starts_on", "pk")[:MAX_ENTRIES]
    ]
    figures = (
        Figure("trainings", total),
        Figure("participations_completed", completed),
        Figure("certificates_expiring", expiring),
        _metric("advocacy.trained_poster_share", scope),
    )
    return Part("d_resources", figures, text=review.resource_notes, **_entries(rows, total))


def _risk_actions(scope: _Scope) -> Part:
    """e) Effectiveness of the actions on risks and opportunities: the risk reviews of the period."""
    from resonanz.risks import risk_review_summary

    reviews = risk_review_summary(scope.organization, scope.start, scope.end)
    rows = [
        Entry(
            text=review.title,
            date=review.reviewed_on.isoformat(),
            status="effective" if review.effective else "not_effective",
            detail=str(review.score_after),
        )
        for review in reviews
    ]
    figures = (
        Figure("risk_reviews", len(reviews)),
        Figure("risk_reviews_effective", sum(1 for review in reviews if review.effective)),
        Figure("risk_reviews_not_effective", sum(1 for review in reviews if not review.effective)),
    )
    return Part("e_risks", figures, **_entries(rows, len(reviews)))


def _opportunities(scope: _Scope) -> Part:
    """f) Opportunities for improvement: the register's open opportunities, and where actions failed."""
    from resonanz.quality.models import EffectivenessCheck, Result
    from resonanz.risks.models import Kind, Risk, RiskStatus

    opportunities = Risk.objects.filter(organization=scope.organization, kind=Kind.OPPORTUNITY).exclude(
        status=RiskStatus.CLOSED
    )
    total = opportunities.count()
    failed = EffectivenessCheck.objects.filter(
        organization=scope.organization,
        result=Result.NOT_EFFECTIVE,
        recorded_at__gte=scope.window[0],
        recorded_at__lt=scope.window[1],
    ).count()
    rows = [
        Entry(text=risk.title, date=_day(risk.created_at, scope), status=risk.status, detail=str(risk.score))
        for risk in opportunities.order_by("-score", "title", "pk")[:MAX_ENTRIES]
    ]
    figures = (Figure("opportunities", total), Figure("checks_not_effective", failed))
    return Part("f_improvement", figures, **_entries(rows, total))


def build_pack(review: ManagementReview, today: dt.date) -> Pack:
    """Every input of 9.3.2 for the review's period, read now (``today`` decides what is overdue)."""
    organization = review.organization
    asked = period(review.period_start, review.period_end, ("period_start", "period_end"))
    scope = _Scope(organization, asked, asked.window(organization.zone), today)
    sections = (
        Section("a", (_earlier_outputs(review, scope),)),
        Section("b", (_issues(review, scope),)),
        Section(
            "c",
            (
                _feedback(scope),
                _objectives(scope),
                _process(scope),
                _nonconformities(scope),
                _corrective(scope),
                _monitoring(scope),
                _audits(scope),
                _providers(scope),
            ),
        ),
        Section("d", (_resources(review, scope),)),
        Section("e", (_risk_actions(scope),)),
        Section("f", (_opportunities(scope),)),
    )
    return Pack(asked.first.isoformat(), asked.last.isoformat(), today.isoformat(), sections)
