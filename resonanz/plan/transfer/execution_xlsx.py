"""Planned against executed as an XLSX sheet: one line per planned date, with the version that
planned it, its outcome, its evidence and its explanation (the record of what was carried out).

Written by XlsxWriter in constant-memory mode, as the plan's own export. Dates are real dates in
the reader's format; notes, who recorded them and explanations only for members who read evidence.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from xlsxwriter import Workbook

from resonanz.plan.execution import ExecutionPage, Outcome, PlannedDate
from resonanz.plan.transfer.exporters import XLSX_CONTENT_TYPE
from resonanz.plan.unplanned import Unplanned

__all__ = ["XLSX_CONTENT_TYPE", "execution_xlsx"]


def outcome_words() -> dict[str, str]:
    return {
        Outcome.DONE: _("done"),
        Outcome.MISSED: _("missed"),
        Outcome.EXPLAINED: _("missed, explained"),
        Outcome.UPCOMING: _("still to come"),
    }


def _headers(evidence: bool) -> list[str]:
    names = [_("Version"), _("Row"), _("Topic"), _("Description"), _("Planned date"), _("Outcome")]
    names.append(_("Evidence"))
    if evidence:
        names += [_("Recorded by")]
    names.append(_("Reason"))
    if evidence:
        names += [_("Explanation"), _("Corrective action")]
    return names


def _cells(date: PlannedDate, outcome: str, evidence: bool, zone: Any) -> list[Any]:
    item, explanation = date.evidence, date.explanation if outcome == Outcome.EXPLAINED else None
    proof = ""
    if item is not None:
        proof = str(item.get_kind_display())
        if evidence:
            proof = " · ".join(part for part in (proof, item.note, item.link) if part)
    cells: list[Any] = [proof]
    if evidence:
        cells.append(item.recorded_by_name if item is not None else "")
    cells.append(explanation.reason.name if explanation is not None else "")
    if evidence:
        corrective = explanation.corrective_action if explanation is not None else None
        cells += [explanation.text if explanation is not None else "", corrective.title if corrective else ""]
    return cells


def execution_xlsx(
    page: ExecutionPage,
    numbers: dict[int, int],
    now: dt.datetime,
    zone: Any,
    *,
    evidence: bool,
    unplanned: Unplanned | None = None,
    names: bool = False,
) -> bytes:
    """The dates of ``page`` (rows numbered by ``numbers``, row id to number) as an XLSX file, and on
    a second sheet the posts published without a plan row (address and who only with ``names``)."""
    output = io.BytesIO()
    workbook = Workbook(output, {"constant_memory": True, "in_memory": True})
    german = (get_language() or "de").startswith("de")
    header = workbook.add_format({"bold": True, "bg_color": "#E7EEF7", "border": 1, "text_wrap": True})
    date_format = workbook.add_format({"num_format": "dd.mm.yyyy hh:mm" if german else "yyyy-mm-dd hh:mm"})
    sheet = workbook.add_worksheet(_("Planned vs. executed")[:31])
    columns = _headers(evidence)
    widths = [9, 6, 24, 40, 17, 18, 40, 22, 22, 40, 30]
    for column in range(len(columns)):
        sheet.set_column(column, column, widths[column] if column < len(widths) else 20)
    sheet.write_row(0, 0, columns, header)
    sheet.freeze_panes(1, 0)
    outcomes = outcome_words()
    line = 0
    for result in page.rows:
        row = result.row
        topic = row.topic.name if row.topic is not None else ""
        for date in result.planned:
            line += 1
            outcome = date.outcome(now)
            local = date.occurrence.start.astimezone(zone).replace(tzinfo=None)
            sheet.write_number(line, 0, date.version.number)
            sheet.write_number(line, 1, numbers.get(row.pk, 0))
            sheet.write_string(line, 2, topic)
            sheet.write_string(line, 3, row.description)
            sheet.write_datetime(line, 4, local, date_format)
            sheet.write_string(line, 5, outcomes[outcome])
            for offset, value in enumerate(_cells(date, outcome, evidence, zone)):
                sheet.write_string(line, 6 + offset, value)
    sheet.autofilter(0, 0, max(line, 1), len(columns) - 1)
    if unplanned is not None:
        _unplanned_sheet(workbook, unplanned, zone, header, date_format, names=names)
    workbook.close()
    return output.getvalue()


def _unplanned_sheet(
    workbook: Workbook, unplanned: Unplanned, zone: Any, header: Any, date_format: Any, *, names: bool
) -> None:
    sheet = workbook.add_worksheet(_("Without a plan row")[:31])
    columns = [_("Published"), _("Network"), _("Post")]
    if names:
        columns += [_("Address"), _("Published by")]
    for column, width in enumerate([17, 12, 40, 50, 24][: len(columns)]):
        sheet.set_column(column, column, width)
    sheet.write_row(0, 0, columns, header)
    sheet.freeze_panes(1, 0)
    line = 0
    for item in unplanned.items:
        line += 1
        sheet.write_datetime(line, 0, item.at.astimezone(zone).replace(tzinfo=None), date_format)
        sheet.write_string(line, 1, item.network)
        sheet.write_string(line, 2, item.title)
        if names:
            sheet.write_string(line, 3, item.url)
            sheet.write_string(line, 4, item.published_by)
    if not unplanned.complete:
        sheet.write_string(
            line + 2,
            0,
            _("The first %(shown)s of %(count)s posts are listed; choose a shorter period to see the others.")
            % {"shown": len(unplanned.items), "count": unplanned.count},
        )
