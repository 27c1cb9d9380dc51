"""The input pack in words: headings, labels and columns in the active language, for the page and the PDF.

``pack.Pack`` holds codes and numbers; this module says once what each section, part, figure, status
and column is called, so the page and the PDF read the same and a frozen pack reads in any language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from resonanz.monitoring.models import AlarmReason
from resonanz.objectives.evaluation import Status as ObjectiveStatus
from resonanz.quality.models import DeviationKind, Grade
from resonanz.quality.models import Status as IncidentStatus
from resonanz.reach.charts import Chart, bar_chart
from resonanz.reviews.models import OutputStatus
from resonanz.reviews.pack import Bar, Entry, Pack, Part
from resonanz.risks.models import Kind, RiskStatus

L = gettext_lazy

SECTIONS: dict[str, Promise] = {
    "a": L("a) Status of actions from previous management reviews"),
    "b": L("b) Changes in external and internal issues"),
    "c": L("c) Performance and effectiveness of the quality management system"),
    "d": L("d) Adequacy of resources"),
    "e": L("e) Effectiveness of actions taken to address risks and opportunities"),
    "f": L("f) Opportunities for improvement"),
}
PARTS: dict[str, Promise] = {
    "a_outputs": L("Outputs of earlier reviews"),
    "b_issues": L("Changes in issues and newly registered risks and opportunities"),
    "c_feedback": L("1. Customer satisfaction and feedback from interested parties"),
    "c_objectives": L("2. Extent to which quality objectives have been met"),
    "c_process": L("3. Process performance and conformity of the communication"),
    "c_nonconformities": L("4. Nonconformities"),
    "c_corrective": L("4. Corrective actions and their effectiveness"),
    "c_monitoring": L("5. Monitoring and measurement results"),
    "c_audits": L("6. Audit results"),
    "c_providers": L("7. Performance of external providers"),
    "d_resources": L("Resources and competence"),
    "e_risks": L("Reviews of risks and opportunities"),
    "f_improvement": L("Opportunities for improvement"),
}
# The columns of each part's entries: (heading, the Entry field that fills it).
COLUMNS: dict[str, tuple[tuple[Promise, str], ...]] = {
    "a_outputs": (
        (L("Review"), "reference"),
        (L("Decision"), "text"),
        (L("Responsible"), "detail"),
        (L("Due"), "date"),
        (L("Status"), "status"),
    ),
    "b_issues": (
        (L("Registered"), "date"),
        (L("Title"), "text"),
        (L("Kind"), "status"),
        (pgettext_lazy("risk", "Score"), "detail"),
    ),
    "c_feedback": (
        (L("Incident"), "reference"),
        (L("Title"), "text"),
        (L("Opened"), "date"),
        (L("Status"), "status"),
    ),
    "c_objectives": (
        (L("Objective"), "text"),
        (L("Deadline"), "date"),
        (L("Value / target"), "detail"),
        (L("Status"), "status"),
    ),
    "c_process": (
        (L("Incident"), "reference"),
        (L("Title"), "text"),
        (L("Opened"), "date"),
        (L("Kind of deviation"), "status"),
    ),
    "c_nonconformities": (
        (L("Incident"), "reference"),
        (L("Title"), "text"),
        (L("Opened"), "date"),
        (L("Grade"), "detail"),
        (L("Status"), "status"),
    ),
    "c_corrective": (
        (L("Incident"), "reference"),
        (L("Corrective action"), "text"),
        (L("Responsible"), "detail"),
        (L("Due"), "date"),
        (L("Status"), "status"),
    ),
    "c_monitoring": ((L("Raised"), "date"), (L("Alarm"), "status"), (L("Voices"), "text")),
    "c_audits": (
        (L("Audit"), "reference"),
        (L("Title"), "text"),
        (L("Date"), "date"),
        (L("Nonconformities / observations"), "detail"),
        (L("Status"), "status"),
    ),
    "c_providers": (),
    "d_resources": ((L("Training"), "text"), (L("Starts on"), "date"), (L("Provider"), "detail")),
    "e_risks": (
        (L("Risk or opportunity"), "text"),
        (L("Reviewed on"), "date"),
        (L("Result"), "status"),
        (L("Score after the review"), "detail"),
    ),
    "f_improvement": (
        (L("Opportunity"), "text"),
        (L("Registered"), "date"),
        (L("Status"), "status"),
        (pgettext_lazy("risk", "Score"), "detail"),
    ),
}
FIGURES: dict[str, Promise] = {
    "outputs_done": L("Outputs done"),
    "outputs_open": L("Outputs open"),
    "outputs_overdue": L("of them overdue"),
    "new_risks": L("Risks registered"),
    "new_opportunities": L("Opportunities registered"),
    "complaints": L("Complaints on social channels"),
    "mentions": L("Mentions"),
    "negative_percent": L("Negative share of mentions"),
    "objectives": L("Quality objectives in the period"),
    "objectives_achieved": L("achieved or on track"),
    "objectives_behind": L("at risk or missed"),
    "plan.executed_rate": L("Planned communication carried out"),
    "plan.missed_dates": L("Missed dates without explanation"),
    "deviations": L("Deviations from the plan (incidents)"),
    "plans_overdue": L("Plans whose review is overdue (today)"),
    "incidents_opened": L("Incidents opened"),
    "incidents_major": L("major"),
    "incidents_minor": L("minor"),
    "incidents_closed": L("Incidents closed"),
    "actions_done": L("Corrective actions done"),
    "actions_open": L("Corrective actions open"),
    "actions_overdue": L("of them overdue"),
    "checks_effective": L("Effectiveness checks: effective"),
    "checks_not_effective": L("Effectiveness checks: not effective"),
    "alarms": L("Alarms of the early warning"),
    "publishing.published_posts": L("Posts published"),
    "reach.clicks": L("Clicks on tracked links"),
    "advocacy.shares": L("Shares by employees"),
    "audits": L("Audits completed"),
    "audit_nonconformities": L("Audit nonconformities"),
    "audit_observations": L("Audit observations"),
    "audits_upcoming": L("Audits planned in the next 90 days"),
    "trainings": L("Trainings started"),
    "participations_completed": L("Trainings completed by participants"),
    "certificates_expiring": L("Certificates expiring (period and 90 days after)"),
    "advocacy.trained_poster_share": L("Share of posters who are trained"),
    "risk_reviews": L("Risk reviews"),
    "risk_reviews_effective": L("actions effective"),
    "risk_reviews_not_effective": L("actions not effective"),
    "opportunities": L("Open opportunities in the register"),
}
PERCENT_FIGURES = frozenset({"negative_percent", "plan.executed_rate", "advocacy.trained_poster_share"})


def _statuses() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for choices in (IncidentStatus, Grade, DeviationKind, ObjectiveStatus, AlarmReason, Kind, RiskStatus):
        found.update(dict(choices.choices))
    found.update(dict(OutputStatus.choices))
    found.update(
        {
            "overdue": pgettext_lazy("review output", "overdue"),
            "effective": L("effective"),
            "not_effective": L("not effective"),
        }
    )
    return found


NOTHING = L("Nothing in this period.")
NO_PROVIDERS = L(
    "No external providers are recorded in resonanz. Record the evaluation of agencies, networks and other "
    "providers in the minutes."
)
EMPTY_PACK = L(
    "There are no records for this period: every section below says so. Check the period, or record in "
    "the minutes that there was nothing to review."
)


def _date(value: str) -> str:
    if not value:
        return ""
    try:
        return str(formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT"))
    except ValueError:
        return value


def figure_value(key: str, value: int | str | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, int):
        text = str(formats.number_format(value, use_l10n=True, force_grouping=True))
    else:
        text = str(formats.number_format(value, 1, use_l10n=True))
    return f"{text} %" if key in PERCENT_FIGURES else text


# Parts whose ``detail`` is a code (the grade of an incident), not a name or a figure.
CODED_DETAIL = frozenset({"c_nonconformities"})


def _cell(part: Part, entry: Entry, name: str, statuses: dict[str, Any]) -> str:
    value = str(getattr(entry, name))
    if name == "date":
        return _date(value)
    if name == "status" or (name == "detail" and part.key in CODED_DETAIL):
        return str(statuses.get(value, value))
    return value


def _bar_label(bar: Bar, statuses: dict[str, Any]) -> str:
    if len(bar.label) == 7 and bar.label[4] == "-":  # a month, 2026-03
        return f"{bar.label[5:]}/{bar.label[:4]}"
    return str(statuses.get(bar.label, bar.label))


@dataclass(frozen=True)
class ShownPart:
    key: str
    heading: str
    text: str
    note: str  # what the part says when it has nothing
    figures: list[tuple[str, str]]
    columns: list[str]
    rows: list[list[str]]
    more: int
    chart: Chart | None


@dataclass(frozen=True)
class ShownSection:
    key: str
    heading: str
    parts: list[ShownPart]


def _chart(part: Part, heading: str, statuses: dict[str, Any]) -> Chart | None:
    if not part.bars:
        return None
    label = _("Incidents") if part.key == "c_nonconformities" else _("Objectives")
    return bar_chart(
        [_bar_label(bar, statuses) for bar in part.bars],
        [bar.value for bar in part.bars],
        alt=_("%(title)s; the figures are in the table below the chart.") % {"title": heading},
        label=label,
    )


def show(pack: Pack, *, charts: bool = True) -> list[ShownSection]:
    """The pack's sections in the active language, with their charts (drawn when ``charts``)."""
    statuses = _statuses()
    shown = []
    for section in pack.sections:
        parts = []
        for part in section.parts:
            heading = str(PARTS[part.key])
            columns = COLUMNS[part.key]
            note = str(NO_PROVIDERS) if part.key == "c_providers" else (str(NOTHING) if part.empty else "")
            parts.append(
                ShownPart(
                    key=part.key,
                    heading=heading,
                    text=part.text,
                    note=note,
                    figures=[
                        (str(FIGURES[item.key]), figure_value(item.key, item.value)) for item in part.figures
                    ],
                    columns=[str(title) for title, _name in columns],
                    rows=[
                        [_cell(part, entry, name, statuses) for _title, name in columns]
                        for entry in part.entries
                    ],
                    more=part.more,
                    chart=_chart(part, heading, statuses) if charts else None,
                )
            )
        shown.append(ShownSection(section.key, str(SECTIONS[section.key]), parts))
    return shown
