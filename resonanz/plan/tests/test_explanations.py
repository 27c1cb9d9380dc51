"""Explaining missed dates, corrective actions, and evidence needing a note, a file or a link."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import IntegrityError, transaction

from resonanz.core.errors import ActionRefused
from resonanz.core.models import Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan import actions
from resonanz.plan.execution import period_summary
from resonanz.plan.models import CorrectiveAction, Evidence, MissExplanation, MissReason
from resonanz.plan.tests.page_helpers import Office, de, make_office, signed_in
from resonanz.plan.tests.test_api import Caller

BERLIN = dt.timezone(dt.timedelta(hours=1))
# Every second Tuesday at 09:00 from 6 January 2026: 6 and 20 January, 3 February, 17 February, …
NOW = dt.datetime(2026, 2, 10, 12, tzinfo=dt.UTC)
JAN_6, JAN_20, FEB_17 = (dt.datetime(2026, m, d, 9, tzinfo=BERLIN) for m, d in ((1, 6), (1, 20), (2, 17)))


@pytest.fixture
def office(org: Organization) -> Office:
    with time_machine.travel(NOW - dt.timedelta(days=60), tick=False):
        return make_office(org, rows=1)


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _reason(office: Office, name: str = "Kapazität fehlte") -> MissReason:
    return MissReason.objects.get(organization=office.organization, name=name)


def test_a_new_organization_has_the_german_reasons(office: Office) -> None:
    names = list(MissReason.objects.filter(organization=office.organization).values_list("name", flat=True))
    assert names == ["Anlass entfallen", "Kapazität fehlte", "Verschoben", "Technische Störung", "Sonstiges"]


def test_a_missed_date_is_explained_and_counted_apart(office: Office, frozen: Any) -> None:
    row = office.published.rows.get()
    corrective = actions.create_corrective_action(
        office.manager, title="Vertretung regeln", owner=office.officer
    )
    actions.explain_missed_date(
        office.manager,
        row,
        planned_for=JAN_6,
        reason=_reason(office),
        text="Urlaub",
        corrective_action=corrective,
    )
    start, end = dt.datetime(2026, 1, 1, tzinfo=BERLIN), dt.datetime(2026, 3, 1, tzinfo=BERLIN)

    summary = period_summary(office.published, start, end)

    # 6.1. explained, 20.1. and 3.2. missed, 17.2. still to come.
    assert (summary.planned, summary.executed, summary.missed, summary.explained, summary.upcoming) == (
        4,
        0,
        2,
        1,
        1,
    )
    assert summary.rate == 0 and summary.complete
    page = signed_in(office.auditor).get(
        office.url(f"{office.plan.pk}/execution/"), {"start": "2026-01-01", "end": "2026-02-28"}
    )
    text = page.content.decode()
    assert (
        text.count("occurrence occurrence-explained") == 1 and text.count("occurrence occurrence-missed") == 2
    )
    assert "Kapazität fehlte: Urlaub" in text and "Vertretung regeln" in text


@pytest.mark.parametrize(
    ("planned_for", "code"),
    [
        (FEB_17, "future"),  # has not happened yet
        (dt.datetime(2026, 1, 7, 9, tzinfo=BERLIN), None),  # not a planned date of the row
        (JAN_20, "not_missed"),  # has evidence (recorded below)
    ],
)
def test_only_a_missed_date_can_be_explained(
    office: Office, frozen: Any, planned_for: dt.datetime, code: str | None
) -> None:
    row = office.published.rows.get()
    actions.mark_occurrence_done(office.manager, row, planned_for=JAN_20, note="Protokoll")
    with pytest.raises(ActionRefused) as refused:
        actions.explain_missed_date(office.manager, row, planned_for=planned_for, reason=_reason(office))
    assert refused.value.code == code or code is None
    assert not MissExplanation.objects.exists()


def test_evidence_linked_after_the_date_counts_as_evidence(office: Office, frozen: Any) -> None:
    row = office.published.rows.get()
    actions.link_evidence(None, row, dt.datetime(2026, 1, 8, 14, tzinfo=BERLIN), obj=office.manager)
    with pytest.raises(ActionRefused):
        actions.explain_missed_date(office.manager, row, planned_for=JAN_6, reason=_reason(office))
    assert not MissExplanation.objects.exists()


def test_a_date_is_explained_once(office: Office, frozen: Any) -> None:
    row = office.published.rows.get()
    first = actions.explain_missed_date(office.manager, row, planned_for=JAN_6, reason=_reason(office))
    with pytest.raises(ActionRefused):
        actions.explain_missed_date(
            office.officer, row, planned_for=JAN_6, reason=_reason(office, "Verschoben")
        )
    # The database refuses a second explanation even past the action's own check.
    with pytest.raises(IntegrityError), transaction.atomic():
        MissExplanation.objects.create(
            organization=first.organization,
            plan=first.plan,
            row_key=first.row_key,
            planned_for=JAN_6,
            reason=first.reason,
            recorded_by=office.officer,
            recorded_by_name="x",
        )


def test_explaining_needs_the_right_to_record_evidence(office: Office, frozen: Any) -> None:
    from django.core.exceptions import PermissionDenied

    row = office.published.rows.get()
    with pytest.raises(PermissionDenied):
        actions.explain_missed_date(office.auditor, row, planned_for=JAN_6, reason=_reason(office))
    response = signed_in(office.ambassador).get(office.url(f"rows/{row.pk}/explain/"))
    assert response.status_code == 403


def test_the_page_explains_a_missed_date_with_a_new_corrective_action(office: Office, frozen: Any) -> None:
    row = office.published.rows.get()
    client = signed_in(office.manager)
    url = office.url(f"rows/{row.pk}/explain/")
    form = client.get(url, {"planned_for": JAN_6.isoformat()})
    assert form.status_code == 200 and 'value="2026-01-06T09:00:00+01:00" selected' in form.content.decode()

    posted = client.post(
        url,
        {
            "planned_for": JAN_6.isoformat(),
            "reason": _reason(office, "Verschoben").pk,
            "text": "auf Februar",
            "new_action_title": "Terminplanung prüfen",
            "new_action_due": "2026-03-31",
        },
    )

    assert posted.status_code == 302
    explanation = MissExplanation.objects.get()
    assert explanation.corrective_action is not None
    assert explanation.corrective_action.owner == office.manager
    assert explanation.corrective_action.due_date == dt.date(2026, 3, 31)
    again = client.post(url, {"planned_for": JAN_6.isoformat(), "reason": _reason(office).pk})
    assert again.status_code == 400 and MissExplanation.objects.count() == 1


def test_the_api_explains_and_refuses_a_future_date(office: Office, frozen: Any) -> None:
    row = office.published.rows.get()
    caller = Caller(office.manager)
    body = {"planned_for": JAN_20.isoformat(), "reason_id": _reason(office).pk, "text": "krank"}
    created = caller.send("post", f"/rows/{row.pk}/explanations", body)
    future = caller.send("post", f"/rows/{row.pk}/explanations", {**body, "planned_for": FEB_17.isoformat()})

    assert created.status_code == 201, created.content
    assert future.status_code == 422, future.content
    assert MissExplanation.objects.count() == 1
    execution = caller.get(
        f"/versions/{office.published.pk}/execution?start=2026-01-01&end=2026-02-28"
    ).json()
    outcomes = [date["outcome"] for date in execution["items"][0]["planned"]]
    assert outcomes == ["missed", "explained", "missed", "upcoming"]
    assert execution["summary"]["explained"] == 1 and execution["summary"]["missed"] == 2
    council = Caller(make_member(office.organization, ["works_council"]), scope="read")
    seen = council.get(f"/versions/{office.published.pk}/execution?start=2026-01-01&end=2026-02-28").json()
    assert seen["items"][0]["planned"][1]["explanation"] == {
        "id": created.json()["id"],
        "reason": "Kapazität fehlte",
        "text": None,
        "corrective_action_id": None,
    }, "the works council sees the reason, never the text"
    assert council.get("/explanations").status_code in (403, 404)


# ---------------------------------------------------------------- marking done needs evidence


def test_marking_done_needs_a_note_a_file_or_a_link(office: Office, frozen: Any) -> None:
    row = office.published.rows.get()
    with pytest.raises(ActionRefused) as refused:
        actions.mark_occurrence_done(office.manager, row, planned_for=JAN_6, note="  ")
    assert refused.value.code == "no_evidence"
    with pytest.raises(ActionRefused):
        actions.mark_occurrence_done(office.manager, row, planned_for=JAN_6, link="javascript:alert(1)")
    assert not Evidence.objects.exists()

    evidence = actions.mark_occurrence_done(
        office.manager, row, planned_for=JAN_6, link="https://intranet.example/beitrag/17"
    )
    assert evidence.link == "https://intranet.example/beitrag/17"


def test_a_plan_can_make_the_note_optional(office: Office, frozen: Any) -> None:
    row = office.published.rows.get()
    actions.update_plan(office.officer, office.plan, evidence_note_optional=True)
    assert actions.mark_occurrence_done(office.manager, row, planned_for=JAN_6).note == ""


def test_evidence_for_a_future_date_is_refused(office: Office, frozen: Any) -> None:
    row = office.published.rows.get()
    with pytest.raises(ActionRefused) as refused:
        actions.mark_occurrence_done(office.manager, row, planned_for=FEB_17, note="vorab")
    assert refused.value.code == "future"
    response = signed_in(office.manager).post(
        office.url(f"rows/{row.pk}/done/"), {"planned_for": FEB_17.isoformat(), "note": "vorab"}
    )
    assert response.status_code == 400 and not Evidence.objects.exists()
    assert de("Mark as done") in response.content.decode()


def test_corrective_actions_are_closed_once(office: Office, frozen: Any) -> None:
    corrective = actions.create_corrective_action(office.manager, title="Vertretung regeln")
    closed = actions.close_corrective_action(office.manager, corrective)
    again = actions.close_corrective_action(office.manager, closed)
    assert closed.status == again.status == "closed" and again.closed_at == closed.closed_at
    assert CorrectiveAction.objects.count() == 1
