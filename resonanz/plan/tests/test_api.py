"""The plan API: a full round trip, frozen versions, problem+json refusals, permissions per role."""

from __future__ import annotations

import functools
from typing import Any

import pytest

from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import ApiCaller, make_member
from resonanz.plan import actions
from resonanz.plan.models import Audience, Channel, PlanRow, PlanVersion, Topic, VersionStatus
from resonanz.plan.tests.factories import make_plan, make_plan_people, make_published_plan

API = "/api/v1/plan"
Caller = functools.partial(ApiCaller, api=API, language="en")


def row_body(org: Organization, owner: Membership, **overrides: Any) -> dict[str, Any]:
    body = {
        "topic_id": Topic.objects.filter(organization=org).first().pk,  # type: ignore[union-attr]
        "description": "Neuigkeiten aus der Fertigung",
        "when_kind": "recurrence",
        "rrule": "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1",
        "start_date": "2026-01-01",
        "start_time": "09:00",
        "audience_ids": [Audience.objects.filter(organization=org).first().pk],  # type: ignore[union-attr]
        "channel_ids": [Channel.objects.get(organization=org, name="Intranet").pk],
        "languages": ["de"],
        "sender_roles": ["communications_manager"],
        "owner_id": owner.pk,
        "approver_id": owner.pk,
        "direction": "internal",
    }
    body.update(overrides)
    return body


def test_the_round_trip_from_draft_to_the_published_matrix(org: Organization) -> None:
    editor, officer = make_plan_people(org)
    manager, quality = Caller(editor), Caller(officer)
    ambassador = Caller(make_member(org, ["ambassador"]), scope="read")

    created = manager.send("post", "/plans", {"identifier": "KP-01", "title": "Kommunikationsplan 2026"})
    assert created.status_code == 201, created.content
    plan_id = created.json()["id"]
    draft_id = manager.get(f"/plans/{plan_id}/versions").json()["items"][0]["id"]
    added = manager.send("post", f"/versions/{draft_id}/rows", row_body(org, editor))
    assert added.status_code == 201, added.content
    assert added.json()["rrule_text"] == "on the first working day of the month"
    assert added.json()["missing"] == []

    assert manager.send("post", f"/versions/{draft_id}/submit").json()["status"] == "in_review"
    assert (
        quality.send("post", f"/versions/{draft_id}/approve", {"comment": "Passt."}).json()["status"]
        == "approved"
    )
    published = quality.send("post", f"/versions/{draft_id}/publish")
    assert published.json()["status"] == "published"
    assert published.json()["approver_name"] == officer.user.full_name

    rows = ambassador.get(f"/versions/{draft_id}/rows")
    assert rows.status_code == 200
    assert [row["description"] for row in rows.json()["items"]] == ["Neuigkeiten aus der Fertigung"]
    assert ambassador.get(f"/plans/{plan_id}").json()["next_review_due"] is not None

    new_draft = manager.send("post", f"/plans/{plan_id}/drafts", {"change_reason": "Kanal ergänzt"})
    assert new_draft.status_code == 201
    new_id = new_draft.json()["id"]
    row_id = manager.get(f"/versions/{new_id}/rows").json()["items"][0]["id"]
    linkedin = Channel.objects.get(organization=org, name="LinkedIn").pk
    patched = manager.send("patch", f"/rows/{row_id}", {"channel_ids": [linkedin], "direction": "external"})
    assert patched.status_code == 200, patched.content
    assert patched.json()["description"] == "Neuigkeiten aus der Fertigung"  # untouched members stay

    diff = manager.get(f"/versions/{new_id}/diff?compare_to=1").json()
    assert diff["old_version"] == 1 and diff["new_version"] == 2
    changes = {c["field"]: (c["old"], c["new"]) for c in diff["rows"][0]["changes"]}
    assert changes == {"channels": (["Intranet"], ["LinkedIn"]), "direction": ("internal", "external")}


def test_editing_a_published_version_is_refused_with_a_problem(org: Organization) -> None:
    editor, officer = make_plan_people(org)
    _plan, published = make_published_plan(org, editor, officer)
    row = published.rows.first()
    assert row is not None
    manager = Caller(editor)

    response = manager.send("patch", f"/rows/{row.pk}", {"description": "heimlich"})
    added = manager.send("post", f"/versions/{published.pk}/rows", row_body(org, editor))
    deleted = manager.send("delete", f"/rows/{row.pk}")

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "cannot be changed" in response.json()["detail"]
    assert added.status_code == 422 and deleted.status_code == 422
    row.refresh_from_db()
    assert row.description == "Zeile 1"
    assert published.rows.count() == 2


def test_submission_names_the_row_and_the_missing_answer(org: Organization) -> None:
    editor, _officer = make_plan_people(org)
    _plan, draft, _rows = make_plan(org, editor)
    manager = Caller(editor)
    manager.send(
        "post", f"/versions/{draft.pk}/rows", row_body(org, editor, audience_ids=[], sender_roles=[])
    )

    response = manager.send("post", f"/versions/{draft.pk}/submit")

    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "Row 2" in detail and "with whom" in detail and "who" in detail
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_a_bad_recurrence_is_refused_with_its_field(org: Organization) -> None:
    editor, _officer = make_plan_people(org)
    _plan, draft, _rows = make_plan(org, editor)

    response = Caller(editor).send(
        "post", f"/versions/{draft.pk}/rows", row_body(org, editor, rrule="FREQ=HOURLY")
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "rrule"]
    assert "at most daily" in response.json()["detail"]
    assert draft.rows.count() == 1


def test_the_author_cannot_approve_through_the_api(org: Organization) -> None:
    officer = make_member(org, ["quality_officer"])
    _plan, draft, _rows = make_plan(org, officer)
    quality = Caller(officer)
    quality.send("post", f"/versions/{draft.pk}/submit")

    response = quality.send("post", f"/versions/{draft.pk}/approve", {})

    assert response.status_code == 422
    assert "someone else" in response.json()["detail"]
    assert PlanVersion.objects.get(pk=draft.pk).status == VersionStatus.IN_REVIEW


@pytest.mark.parametrize(
    ("role", "sees_draft", "may_edit"),
    [
        ("ambassador", False, False),
        ("buddy", False, False),
        ("works_council", False, False),
        ("auditor", True, False),
        ("admin", True, False),
        ("communications_manager", True, True),
        ("quality_officer", True, True),
    ],
)
def test_permissions_per_role(org: Organization, role: str, sees_draft: bool, may_edit: bool) -> None:
    editor, officer = make_plan_people(org)
    plan, published = make_published_plan(org, editor, officer)
    draft = actions.start_new_draft(editor, plan, "Änderung")
    caller = Caller(make_member(org, [role]))

    assert caller.get(f"/versions/{published.pk}").status_code == 200
    assert caller.get(f"/versions/{draft.pk}").status_code == (200 if sees_draft else 404)
    listed = {v["number"] for v in caller.get(f"/plans/{plan.pk}/versions").json()["items"]}
    assert listed == ({1, 2} if sees_draft else {1})
    created = caller.send("post", "/topics", {"name": f"Thema {role}"})
    assert created.status_code == (201 if may_edit else 403)


def test_a_read_token_cannot_change_anything(org: Organization) -> None:
    editor, _officer = make_plan_people(org)
    _plan, _draft, (row,) = make_plan(org, editor)

    response = Caller(editor, scope="read").send("patch", f"/rows/{row.pk}", {"description": "x"})

    assert response.status_code == 403
    assert PlanRow.objects.get(pk=row.pk).description == "Zeile 1"


def test_another_organizations_plan_does_not_exist(org: Organization, other_org: Organization) -> None:
    editor, officer = make_plan_people(org)
    plan, published = make_published_plan(org, editor, officer)
    outsider = Caller(make_member(other_org, ["quality_officer"]))

    for path in (f"/plans/{plan.pk}", f"/versions/{published.pk}", f"/versions/{published.pk}/rows"):
        assert outsider.get(path).status_code == 404
    channel = Channel.objects.filter(organization=org).first()
    assert channel is not None
    assert outsider.send("patch", f"/channels/{channel.pk}", {"name": "gekapert"}).status_code == 404
    foreign_row = outsider.send("post", f"/versions/{published.pk}/rows", row_body(org, editor))
    assert foreign_row.status_code == 404


def test_evidence_is_recorded_and_compared_through_the_api(org: Organization) -> None:
    editor, officer = make_plan_people(org)
    _plan, published = make_published_plan(org, editor, officer, rows=1)
    row = published.rows.get()
    manager = Caller(editor)

    done = manager.send(
        "post", f"/rows/{row.pk}/evidence", {"planned_for": "2026-01-06T09:00:00+01:00", "note": "ok"}
    )
    assert done.status_code == 201, done.content
    execution = manager.get(f"/versions/{published.pk}/execution?start=2026-01-01&end=2026-02-01").json()

    assert (
        execution["items"][0]["planned_count"] == 2
    )  # every second Tuesday from 6 January: 6 and 20 January
    assert execution["items"][0]["executed_count"] == 1
    assert execution["count"] == 1 and execution["next_offset"] is None
    assert manager.get(f"/evidence?row_key={row.row_key}").json()["count"] == 1


# ---------------------------------------------------------------- exports


def test_every_member_exports_the_published_version_and_the_files_read_back(org: Organization) -> None:
    import csv
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    from resonanz.core.models import AuditRecord

    editor, officer = make_plan_people(org)
    _plan, published = make_published_plan(org, editor, officer, rows=3)
    ambassador = Caller(make_member(org, ["ambassador"]), scope="read")
    base = f"/versions/{published.pk}/export?format="

    xlsx = ambassador.get(base + "xlsx")
    csv_file = ambassador.get(base + "csv")
    pdf = ambassador.get(base + "pdf")

    assert xlsx.status_code == csv_file.status_code == pdf.status_code == 200
    assert xlsx["Content-Disposition"] == f'attachment; filename="KP-01-v{published.number}.xlsx"'
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert sheet.max_row == 1 + 3, "a header and three rows"
    lines = list(csv.reader(io.StringIO(csv_file.content.decode("utf-8-sig")), delimiter=";"))
    assert len(lines) == 1 + 3
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "KP-01" in text and "Document control" in text, "the request's language, English"
    formats = [
        (record.after or {}).get("format")
        for record in AuditRecord.objects.filter(organization=org, action="plan.exported").order_by("seq")
    ]
    assert formats == ["xlsx", "csv", "pdf"]


def test_exports_refuse_an_unknown_format_and_hide_drafts(org: Organization) -> None:
    editor, officer = make_plan_people(org)
    plan, published = make_published_plan(org, editor, officer)
    draft = actions.start_new_draft(editor, plan, "Neue Zeilen")
    ambassador = Caller(make_member(org, ["ambassador"]), scope="read")

    unknown = ambassador.get(f"/versions/{published.pk}/export?format=docx")
    hidden = ambassador.get(f"/versions/{draft.pk}/export?format=csv")

    assert unknown.status_code == 422 and unknown["Content-Type"] == "application/problem+json"
    assert unknown.json()["errors"][0]["loc"] == ["query", "format"]
    assert hidden.status_code == 404
    assert Caller(editor).get(f"/versions/{draft.pk}/export?format=csv").status_code == 200


def test_a_large_pdf_is_made_by_the_worker_and_fetched_again(
    org: Organization, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    from resonanz.documents import jobs
    from resonanz.plan.transfer import pdf as pdf_module

    editor, officer = make_plan_people(org)
    _plan, published = make_published_plan(org, editor, officer, rows=2)
    reader = Caller(make_member(org, ["auditor"]), scope="read")
    queued: list[int] = []
    monkeypatch.setattr(pdf_module, "PDF_SYNC_ROW_LIMIT", 1)
    monkeypatch.setattr("resonanz.documents.tasks.render_document_task", queued.append)

    with django_capture_on_commit_callbacks(execute=True):
        waiting = reader.get(f"/versions/{published.pk}/export?format=pdf")
        still = reader.get(f"/versions/{published.pk}/export?format=pdf")

    assert waiting.status_code == still.status_code == 202 and waiting["Retry-After"] == "3"
    assert waiting.json()["status"] == "pending"
    assert len(queued) == 1
    jobs.run_job(queued[0])  # what the worker does
    ready = reader.get(f"/versions/{published.pk}/export?format=pdf")
    assert ready.status_code == 200 and ready.content.startswith(b"%PDF")


def test_a_pdf_that_cannot_be_made_is_a_problem_not_a_crash(
    org: Organization, monkeypatch: pytest.MonkeyPatch
) -> None:
    from resonanz.documents import rendering

    editor, officer = make_plan_people(org)
    _plan, published = make_published_plan(org, editor, officer, rows=2)
    reader = Caller(make_member(org, ["auditor"]), scope="read")
    monkeypatch.setattr(rendering, "COMPILER", rendering.COMPILER.with_name("missing.py"))

    answer = reader.get(f"/versions/{published.pk}/export?format=pdf")

    assert answer.status_code == 503 and answer["Content-Type"] == "application/problem+json"
    assert "XLSX" in answer.json()["detail"]


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        ("23:30:00-09:00", "Give the time without a time-zone offset: it is the organization's local time."),
        ("10:00:59", "Give the time in whole minutes, such as 09:30."),
    ],
)
def test_a_time_is_kept_as_sent_or_refused(org: Organization, sent: str, message: str) -> None:
    editor, _officer = make_plan_people(org)
    _plan, _draft, rows = make_plan(org, editor, rows=1)
    manager = Caller(editor)

    refused = manager.send("patch", f"/rows/{rows[0].pk}", {"start_time": sent})
    kept = manager.send("patch", f"/rows/{rows[0].pk}", {"start_time": "10:15"})

    assert refused.status_code == 422
    assert [error["msg"] for error in refused.json()["errors"]] == [message]
    assert kept.status_code == 200 and kept.json()["start_time"] == "10:15:00"
