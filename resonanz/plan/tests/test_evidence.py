"""Evidence of executed communication and the planned-versus-executed comparison."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from pytest_django import DjangoAssertNumQueries, DjangoCaptureOnCommitCallbacks

from resonanz.core.errors import ActionRefused
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan import actions
from resonanz.plan.execution import planned_vs_executed
from resonanz.plan.models import Evidence, EvidenceKind, PlanRow, PlanVersion, WhenKind
from resonanz.plan.tests.factories import (
    complete_row_values,
    english_messages,  # noqa: F401  (a fixture)
    make_plan_people,
)

pytestmark = pytest.mark.usefixtures("english_messages")


BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def at(day: int, hour: int = 9, month: int = 3) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, 0, tzinfo=BERLIN)


# The editor, the published version, its weekly row and its trigger row.
Weekly = tuple[Membership, PlanVersion, PlanRow, PlanRow]


@pytest.fixture
def weekly(org: Organization) -> Weekly:
    """A published plan with one row every Monday at 09:00 and one trigger row."""
    editor, officer = make_plan_people(org)
    plan = actions.create_plan(editor, identifier="KP-01", title="Plan")
    draft = plan.versions.get()
    row = actions.add_row(
        editor,
        draft,
        **complete_row_values(org, editor, rrule="FREQ=WEEKLY;BYDAY=MO", start_date=dt.date(2026, 1, 5)),
    )
    trigger = actions.add_row(
        editor,
        draft,
        **complete_row_values(org, editor, when_kind=WhenKind.TRIGGER, trigger="nach jeder Messe"),
    )
    actions.submit_for_review(editor, draft)
    actions.approve_version(officer, draft)
    actions.publish_version(officer, draft)
    return editor, draft, row, trigger


def test_marked_and_linked_evidence_fulfils_planned_occurrences(org: Organization, weekly: Weekly) -> None:
    editor, version, row, trigger = weekly
    actions.mark_occurrence_done(editor, row, planned_for=at(2), note="Protokoll im Intranet")
    # A post on Wednesday belongs to Monday's occurrence of that week.
    actions.link_evidence(None, row, at(11, 14), obj=editor, kind=EvidenceKind.POST)
    actions.mark_occurrence_done(editor, trigger, planned_for=None, occurred_at=at(12), note="Messe Hannover")

    result = planned_vs_executed(version, at(1, 0), at(29, 0))

    weekly_row, trigger_row = result.rows
    assert [item.occurrence.start.day for item in weekly_row.planned] == [2, 9, 16, 23]
    assert [item.evidence is not None for item in weekly_row.planned] == [True, True, False, False]
    assert weekly_row.executed_count == 2 and weekly_row.planned_count == 4
    assert [o.start.day for o in weekly_row.missing] == [16, 23]
    assert trigger_row.planned == [] and len(trigger_row.unplanned) == 1


def test_planned_vs_executed_runs_a_constant_number_of_queries(
    org: Organization,
    weekly: Weekly,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    editor, version, row, _trigger = weekly
    for day in (2, 9, 16):
        actions.mark_occurrence_done(editor, row, planned_for=at(day), note="erledigt")
    with django_assert_max_num_queries(9):
        result = planned_vs_executed(version, at(1, 0), at(29, 0))
    assert result.rows[0].executed_count == 3


def test_linking_the_same_object_twice_counts_once(org: Organization, weekly: Weekly) -> None:
    editor, _version, row, _trigger = weekly
    first = actions.link_evidence(None, row, at(2), obj=editor)
    again = actions.link_evidence(None, row, at(2), obj=editor)
    assert first.pk == again.pk
    assert Evidence.objects.count() == 1


def test_it_refuses_an_occurrence_that_is_not_planned(org: Organization, weekly: Weekly) -> None:
    editor, _version, row, _trigger = weekly
    with pytest.raises(ActionRefused) as refused:
        actions.mark_occurrence_done(editor, row, planned_for=at(3), note="erledigt")
    assert "no planned occurrence" in refused.value.messages[0]
    actions.mark_occurrence_done(editor, row, planned_for=at(2), note="erledigt")
    with pytest.raises(ActionRefused):
        actions.mark_occurrence_done(editor, row, planned_for=at(2), note="erledigt")
    assert Evidence.objects.count() == 1


def test_an_attachment_goes_through_the_storage_api(
    org: Organization, weekly: Weekly, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    editor, _version, row, _trigger = weekly
    upload = SimpleUploadedFile("../../Protokoll März.pdf", b"%PDF-1.4 test", content_type="application/pdf")

    with django_capture_on_commit_callbacks(execute=True):
        evidence = actions.mark_occurrence_done(editor, row, planned_for=at(2), attachment=upload)

    stored_name = evidence.attachment.name
    assert stored_name is not None
    assert stored_name.startswith(f"plan/evidence/{org.pk}/")
    assert ".." not in stored_name
    with default_storage.open(stored_name) as stored:
        assert stored.read() == b"%PDF-1.4 test"


def test_a_rollback_after_marking_done_leaves_no_file(
    org: Organization, weekly: Weekly, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    """GIVEN an occurrence marked done with a file WHEN a later step of the same request fails
    THEN neither the record nor the file is kept."""
    editor, _version, row, _trigger = weekly
    names: list[str] = []

    with (
        pytest.raises(RuntimeError),
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        evidence = actions.mark_occurrence_done(
            editor, row, planned_for=at(2), attachment=SimpleUploadedFile("Protokoll.pdf", b"%PDF-1.4 x")
        )
        names.append(str(evidence.attachment.name))
        raise RuntimeError("a later step fails")

    assert names[0].startswith(f"plan/evidence/{org.pk}/")
    assert not default_storage.exists(names[0])
    assert not Evidence.objects.exists()


def test_a_file_the_storage_refuses_after_commit_leaves_no_dangling_name(  # type: ignore[no-untyped-def]
    org: Organization, weekly, django_capture_on_commit_callbacks, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a storage that fails WHEN the record is committed and the file cannot be stored
    THEN the error surfaces and the record keeps no name of a file that is not there."""
    editor, _version, row, _trigger = weekly

    def broken(*args: object, **kwargs: object) -> str:
        raise OSError("disk full")

    monkeypatch.setattr(type(storages["default"]), "save", broken)
    with pytest.raises(OSError), django_capture_on_commit_callbacks(execute=True):
        actions.mark_occurrence_done(
            editor, row, planned_for=at(2), attachment=SimpleUploadedFile("Protokoll.pdf", b"%PDF-1.4 x")
        )

    (evidence,) = Evidence.objects.all()
    assert evidence.attachment.name == ""


def test_the_database_records_an_occurrence_once(org: Organization, weekly: Weekly) -> None:
    editor, _version, row, _trigger = weekly
    first = actions.mark_occurrence_done(editor, row, planned_for=at(2), note="erledigt")
    second = Evidence(
        organization=org, plan=first.plan, row_key=row.row_key, occurred_at=at(3), planned_for=at(2)
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    Evidence.objects.create(organization=org, plan=first.plan, row_key=row.row_key, occurred_at=at(3))
    assert Evidence.objects.count() == 2  # evidence without a planned occurrence is not limited


def test_an_ambassador_cannot_record_evidence(org: Organization, weekly: Weekly) -> None:
    _editor, _version, row, _trigger = weekly
    ambassador = make_member(org, ["ambassador"])
    with pytest.raises(PermissionDenied):
        actions.mark_occurrence_done(ambassador, row, planned_for=at(2), note="erledigt")


@pytest.mark.parametrize(
    ("name", "content", "refusal"),
    [
        ("seite.html", b"<html><script>alert(1)</script></html>", "Attach a PDF"),
        ("programm.exe", b"MZ\x90\x00", "Attach a PDF"),
        ("ohne-endung", b"%PDF-1.4", "Attach a PDF"),
        ("protokoll.pdf", b"<!DOCTYPE html><html></html>", "called .pdf but its content is something else"),
        ("foto.jpg", b"GIF89a....", "called .jpg but its content is something else"),
        ("notiz.txt", b"  <svg onload=alert(1)>", "called .txt but its content is something else"),
    ],
)
def test_attachments_that_are_no_evidence_or_not_what_they_say_are_refused(
    org: Organization, weekly: Weekly, name: str, content: bytes, refusal: str
) -> None:
    editor, _version, row, _trigger = weekly

    with pytest.raises(ActionRefused) as refused:
        actions.mark_occurrence_done(
            editor, row, planned_for=at(2), attachment=SimpleUploadedFile(name, content)
        )

    assert refusal in refused.value.messages[0]
    assert refused.value.field == "attachment"
    assert Evidence.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("Protokoll.PDF", b"%PDF-1.7 ..."),
        ("Messestand.jpeg", b"\xff\xd8\xff\xe0 JFIF"),
        ("Teilnehmer.xlsx", b"PK\x03\x04 workbook"),
        ("Notiz.txt", b"Besprechung mit dem Betriebsrat"),
    ],
)
def test_usual_evidence_files_are_accepted(
    org: Organization,
    weekly: Weekly,
    name: str,
    content: bytes,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    editor, _version, row, _trigger = weekly

    with django_capture_on_commit_callbacks(execute=True):
        evidence = actions.mark_occurrence_done(
            editor, row, planned_for=at(2), attachment=SimpleUploadedFile(name, content)
        )

    assert evidence.attachment.name is not None
    with default_storage.open(evidence.attachment.name) as stored:
        assert stored.read() == content
