"""Planned versus executed judges each date by the version in force on that date (issue 13).

GIVEN a plan whose version 1 was published in December and version 2 on 1 February, evidence for
some dates and other dates left missed, WHEN version 3 is published in April without one row, with
another row's rule changed and a new row, THEN every figure of the first quarter (planned, executed,
missed, rate, per row and per date) is exactly what it was before, on the page and in the API.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine

from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan import actions
from resonanz.plan.execution import planned_vs_executed
from resonanz.plan.models import CommunicationPlan, PlanRow, PlanVersion
from resonanz.plan.tests.factories import complete_row_values, make_plan_people
from resonanz.plan.tests.page_helpers import signed_in
from resonanz.plan.tests.test_api import Caller

BERLIN = dt.timezone(dt.timedelta(hours=1))
FIRST_QUARTER = {"start": "2026-01-01", "end": "2026-03-31"}
RULES = {
    "Montagsrunde": "FREQ=WEEKLY;BYDAY=MO",
    "Mittwochsnotiz": "FREQ=WEEKLY;BYDAY=WE",
    "Monatsbrief": "FREQ=MONTHLY;BYMONTHDAY=15",
}


def at(when: str) -> dt.datetime:
    return dt.datetime.fromisoformat(when).replace(tzinfo=BERLIN)


class History:
    def __init__(self, org: Organization) -> None:
        self.org = org
        self.editor, self.officer = make_plan_people(org)
        self.plan: CommunicationPlan
        self.v2: PlanVersion

    def publish(self, draft: PlanVersion) -> PlanVersion:
        actions.submit_for_review(self.editor, draft)
        actions.approve_version(self.officer, draft)
        return actions.publish_version(self.officer, draft)

    def row(self, version: PlanVersion, description: str) -> PlanRow:
        return version.rows.get(description=description)


def _add(history: History, version: PlanVersion, description: str, rrule: str) -> PlanRow:
    values = complete_row_values(
        history.org, history.editor, description=description, rrule=rrule, start_date=dt.date(2025, 12, 1)
    )
    return actions.add_row(history.editor, version, **values)


@pytest.fixture
def history(org: Organization) -> History:
    """Version 1 from 1 December 2025, version 2 from 1 February 2026; evidence for some dates."""
    history = History(org)
    with time_machine.travel(at("2025-12-01T10:00"), tick=False):
        history.plan = actions.create_plan(history.editor, identifier="KP-01", title="Plan")
        draft = history.plan.versions.get()
        for description, rule in RULES.items():
            _add(history, draft, description, rule)
        history.publish(draft)
    with time_machine.travel(at("2026-02-01T10:00"), tick=False):
        draft = actions.start_new_draft(history.editor, history.plan, "Monatsbrief ergänzt")
        actions.update_row(history.editor, history.row(draft, "Monatsbrief"), key_messages="Neu")
        history.v2 = history.publish(draft)
    with time_machine.travel(at("2026-03-31T18:00"), tick=False):
        monday, wednesday = history.row(history.v2, "Montagsrunde"), history.row(history.v2, "Mittwochsnotiz")
        for day in ("2026-01-05", "2026-01-12", "2026-02-02", "2026-03-02"):
            actions.mark_occurrence_done(history.editor, monday, planned_for=at(f"{day}T09:00"), note="ok")
        actions.mark_occurrence_done(history.editor, wednesday, planned_for=at("2026-01-07T09:00"), note="ok")
        monthly = history.row(history.v2, "Monatsbrief")
        actions.mark_occurrence_done(history.editor, monthly, planned_for=at("2026-02-15T09:00"), note="ok")
    return history


def publish_v3(history: History) -> PlanVersion:
    """Without the Monday row, the Wednesday row on Thursdays, and a new daily row."""
    with time_machine.travel(at("2026-04-10T12:00"), tick=False):
        draft = actions.start_new_draft(history.editor, history.plan, "Neu geordnet")
        actions.delete_row(history.editor, history.row(draft, "Montagsrunde"))
        actions.update_row(history.editor, history.row(draft, "Mittwochsnotiz"), rrule="FREQ=WEEKLY;BYDAY=TH")
        _add(history, draft, "Tagesmeldung", "FREQ=DAILY")
        return history.publish(draft)


_ROW = re.compile(r'<tr id="execution-\d+">(.*?)</tr>', re.S)
_DATE = re.compile(r'<li class="occurrence occurrence-(\w+)">.*?(\d\d\.\d\d\.\d{4}(?: \d\d:\d\d)?)', re.S)
_DESCRIPTION = re.compile(r'<div class="small">([^<]*)</div>')
_FIGURE = re.compile(r'<div class="stat-figure">([^<]*)</div>')


def page_figures(member: Membership, plan: CommunicationPlan) -> dict[str, Any]:
    response = signed_in(member).get(f"/o/{plan.organization.slug}/plan/{plan.pk}/execution/", FIRST_QUARTER)
    assert response.status_code == 200
    text = response.content.decode()
    rows = {}
    for row in _ROW.findall(text):
        (description,) = _DESCRIPTION.findall(row)
        rows[description] = _DATE.findall(row)
    return {"summary": _FIGURE.findall(text), "rows": rows}


def api_figures(member: Membership, version: PlanVersion) -> dict[str, Any]:
    query = "&".join(f"{name}={value}" for name, value in FIRST_QUARTER.items())
    answer: dict[str, Any] = Caller(member).get(f"/versions/{version.pk}/execution?{query}").json()
    for item in answer["items"]:
        item.pop("row_id")  # the row's id in the version asked about
    return answer


def function_figures(version: PlanVersion) -> list[tuple[Any, ...]]:
    start, end = at("2026-01-01T00:00"), at("2026-04-01T00:00")
    page = planned_vs_executed(version, start, end)
    return [
        (
            item.row.row_key,
            item.row.description,
            [
                (p.occurrence.start, p.evidence.pk if p.evidence else None, p.version.number)
                for p in item.planned
            ],
            [evidence.pk for evidence in item.unplanned],
        )
        for item in page.rows
    ]


def test_publishing_a_new_version_leaves_every_past_figure_unchanged(history: History) -> None:
    reader = make_member(history.org, ["auditor"])
    with time_machine.travel(at("2026-04-10T11:00"), tick=False):
        before = (
            page_figures(reader, history.plan),
            api_figures(reader, history.v2),
            function_figures(history.v2),
        )
    v3 = publish_v3(history)
    with time_machine.travel(at("2026-04-11T09:00"), tick=False):
        after_v3 = (page_figures(reader, history.plan), api_figures(reader, v3), function_figures(v3))
        after_v2 = api_figures(reader, history.v2)

    assert after_v3 == before
    assert after_v2 == before[1]
    summary, rows = before[0]["summary"], before[0]["rows"]
    # Mondays 13, Wednesdays 12, the 15th 3 = 28 planned; 6 done; all the rest missed by April.
    assert summary == ["28", "6", "22", "0", "21 %"]
    assert len(rows["Montagsrunde"]) == 13 and rows["Montagsrunde"][0] == ("done", "05.01.2026 09:00")
    versions = {
        (item["row_key"], p["start"][:10]): p["version"]
        for item in before[1]["items"]
        for p in item["planned"]
    }
    assert sorted(set(versions.values())) == [1, 2], "January under version 1, from February version 2"


def export_lines(member: Membership, plan: CommunicationPlan) -> list[tuple[Any, ...]]:
    """The export's lines without its row numbers (the page's order may differ by version shown)."""
    import io

    import openpyxl

    response = signed_in(member).get(
        f"/o/{plan.organization.slug}/plan/{plan.pk}/execution/export/", FIRST_QUARTER
    )
    assert response.status_code == 200, response.content
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    lines = [row for row in sheet.iter_rows(values_only=True)]
    return sorted((line[0], *line[2:]) for line in lines[1:])


def test_the_export_of_a_past_quarter_stays_the_same(history: History) -> None:
    reader = make_member(history.org, ["auditor"])
    with time_machine.travel(at("2026-04-10T11:00"), tick=False):
        before = export_lines(reader, history.plan)
    publish_v3(history)
    with time_machine.travel(at("2026-04-11T09:00"), tick=False):
        after = export_lines(reader, history.plan)

    assert after == before and len(before) == 28
    assert sum(1 for line in before if line[4] == "erledigt") == 6
    assert {line[0] for line in before} == {1, 2}, "each date with the version in force on it"
    assert AuditRecord.objects.filter(action="plan.execution_exported").count() == 2


def test_dates_from_the_new_publication_on_follow_the_new_version(history: History) -> None:
    v3 = publish_v3(history)
    start, end = at("2026-04-06T00:00"), at("2026-04-20T00:00")  # Monday 6 to Sunday 19 April

    page = planned_vs_executed(v3, start, end)

    dates = {item.row.description: [p.occurrence.start.day for p in item.planned] for item in page.rows}
    assert dates["Montagsrunde"] == [6], "dropped from 10 April: its Monday before still counts"
    assert dates["Mittwochsnotiz"] == [8, 16], "Wednesday 8 under version 2, Thursday 16 under version 3"
    assert dates["Tagesmeldung"] == list(range(11, 20)), (
        "new from its publication at noon on 10 April (09:00 was before)"
    )
    assert [item.row.description for item in page.rows][-1] == "Montagsrunde", "the dropped row comes last"
    assert [version.number for version in page.versions] == [2, 3]
