"""The audit trail in the reader's language: action names, object descriptions, before/after, CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zoneinfo

import pytest
from django.db import transaction
from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pytest_django import DjangoAssertNumQueries

from resonanz.core import audit
from resonanz.core.audit_filter import AuditFilter, filter_records
from resonanz.core.dates import zone_name
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan import actions
from resonanz.plan.models import CommunicationPlan, Evidence, PlanRow
from resonanz.plan.tests.factories import make_plan_people, make_published_plan

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def reader(organization: Organization, language: str) -> Client:
    member = make_member(organization, ["auditor"], language=language)
    client = Client()
    client.force_login(member.user)
    return client


def url(organization: Organization, name: str, *args: object) -> str:
    return reverse(name, args=[organization.slug, *args])


def text(response: HttpResponseBase) -> str:
    if isinstance(response, StreamingHttpResponse):
        return b"".join(response.streaming_content).decode()  # type: ignore[arg-type]
    assert isinstance(response, HttpResponse)
    return response.content.decode()


@pytest.fixture
def done(org: Organization) -> tuple[Membership, CommunicationPlan, PlanRow, Evidence]:
    """A published plan whose first row was marked as done on 30 November 2026, with English messages
    active, as a job or an English-speaking colleague would have recorded it."""
    editor, officer = make_plan_people(org)
    plan, version = make_published_plan(org, editor, officer, rows=1)
    row = version.rows.get()
    with translation.override("en"):
        evidence = actions.mark_occurrence_done(
            editor,
            row,
            planned_for=dt.datetime(2026, 11, 24, 9, tzinfo=BERLIN),
            occurred_at=dt.datetime(2026, 11, 30, 23, 30, tzinfo=BERLIN),
            note="Protokoll im Intranet",
        )
    return editor, plan, row, evidence


def record_of(evidence: Evidence) -> AuditRecord:
    return AuditRecord.objects.get(object_type="plan.evidence", object_id=str(evidence.pk))


def test_the_filter_finds_an_action_by_its_german_or_english_name(org: Organization) -> None:
    with transaction.atomic():
        audit.record(org, None, "plan.version_approved")
        audit.record(org, None, "plan.version_rejected")
        audit.record(org, None, "member.added")
    records = AuditRecord.objects.filter(organization=org)

    def found(words: str) -> set[str]:
        return set(filter_records(records, AuditFilter(action=words)).values_list("action", flat=True))

    assert found("freigegeben") == {"plan.version_approved"}
    assert found("Approved") == {"plan.version_approved"}
    assert found("plan.version") == {"plan.version_approved", "plan.version_rejected"}
    assert found("  ÜBERARBEITUNG ") == {"plan.version_rejected"}, "„Zur Überarbeitung zurückgegeben“"
    assert found("nothing like this") == set()


def test_the_filter_finds_an_object_type_by_its_name(
    org: Organization, done: tuple[Membership, CommunicationPlan, PlanRow, Evidence]
) -> None:
    records = AuditRecord.objects.filter(organization=org)

    def found(words: str) -> set[str]:
        return set(
            filter_records(records, AuditFilter(object_type=words)).values_list("object_type", flat=True)
        )

    assert found("nachweis") == {"plan.evidence"}
    assert found("Evidence record") == {"plan.evidence"}
    assert found("plan.evidence") == {"plan.evidence"}
    assert "plan.planrow" in found("Planzeile")


def test_the_list_shows_words_and_keeps_the_code_as_a_tooltip(org: Organization) -> None:
    with transaction.atomic():
        audit.record(org, None, "plan.version_approved")

    page = text(reader(org, "de").get(url(org, "audit-list"), {"action": "freigegeben"}))

    assert "Version freigegeben" in page
    assert 'title="plan.version_approved"' in page
    assert ">plan.version_approved<" not in page and "<code" not in page


def test_an_object_reads_in_the_readers_language_and_the_record_stays_as_written(
    org: Organization, done: tuple[Membership, CommunicationPlan, PlanRow, Evidence]
) -> None:
    entry = record_of(done[3])
    assert entry.object_repr == "marked as done 2026-11-30", "what was written then"

    german = text(reader(org, "de").get(url(org, "audit-list"), {"object_type": "plan.evidence"}))
    english = text(reader(org, "en").get(url(org, "audit-list"), {"object_type": "plan.evidence"}))

    assert "als erledigt markiert 30.11.2026" in german and "marked as done" not in german
    assert "marked as done 11/30/2026" in english
    entry.refresh_from_db()
    assert entry.object_repr == "marked as done 2026-11-30"
    assert audit.verify_chain(org) is None, "reading never rewrites a record"


def test_members_and_versions_read_without_the_organization_or_abbreviations(org: Organization) -> None:
    editor, officer = make_plan_people(org)
    make_published_plan(org, editor, officer, rows=1)

    page = text(reader(org, "de").get(url(org, "audit-list")))

    assert f"{editor.user.full_name} @ " not in page and editor.user.full_name in page
    assert "KP-01, Version 1" in page and "KP-01 v1" not in page


def test_the_detail_names_fields_and_referenced_objects_without_uuids(
    org: Organization, done: tuple[Membership, CommunicationPlan, PlanRow, Evidence]
) -> None:
    _editor, plan, row, evidence = done

    page = text(reader(org, "de").get(url(org, "audit-detail", record_of(evidence).pk)))
    readable, _sep, raw = page.partition('<details class="mt-3">')

    assert "Durchgeführt" in readable and "30.11.2026 23:30" in readable, "verbose name, German date"
    assert str(plan) in readable, "the plan by its name, not its id"
    assert row.description in readable and str(row.row_key) not in readable, "the row by name"
    assert str(row.row_key) in raw, "the raw data stays for experts, behind a disclosure"


def test_the_detail_names_only_objects_of_its_own_organization(
    org: Organization, other_org: Organization
) -> None:
    editor, _officer = make_plan_people(org)
    stranger = make_member(other_org, ["communications_manager"], full_name="Fremde Person")
    with transaction.atomic():
        entry = audit.record(org, editor, "plan.updated", after={"owner": stranger.pk})

    page = text(reader(org, "de").get(url(org, "audit-detail", entry.pk)))

    assert "Fremde Person" not in page


def test_a_change_shows_what_changed_first_and_its_values_in_words(org: Organization) -> None:
    editor, officer = make_plan_people(org)
    plan, _version = make_published_plan(org, editor, officer, rows=1)
    draft = actions.start_new_draft(editor, plan, change_reason="Monatlich statt vierzehntägig")
    row = draft.rows.get()
    actions.update_row(editor, row, rrule="FREQ=MONTHLY;BYDAY=2TH")
    entry = AuditRecord.objects.filter(organization=org, action="plan.row_updated").latest("seq")

    page = text(reader(org, "de").get(url(org, "audit-detail", entry.pk)))
    changed, _sep, rest = page.partition("unveränderte Felder")

    assert "Wiederholungsregel" in changed and "am zweiten Donnerstag" in changed, "a rule in words"
    assert "FREQ=MONTHLY" not in changed
    assert "Beschreibung" not in changed and "Beschreibung" in rest, "unchanged fields come later"


def test_a_review_reads_with_its_outcome_in_words(org: Organization) -> None:
    editor, officer = make_plan_people(org)
    plan, _version = make_published_plan(org, editor, officer, rows=1)
    actions.mark_plan_reviewed(officer, plan, note="Passt weiterhin.")
    entry = AuditRecord.objects.filter(organization=org, action="plan.reviewed").latest("seq")

    page = text(reader(org, "de").get(url(org, "audit-detail", entry.pk)))
    readable = page.partition('<details class="mt-3">')[0]

    assert "Ergebnis" in readable and "unverändert" in readable and "Anmerkung" in readable
    assert "outcome" not in readable and "unchanged" not in readable and ">note<" not in readable


def test_the_csv_speaks_the_readers_language_and_json_stays_for_machines(
    org: Organization, done: tuple[Membership, CommunicationPlan, PlanRow, Evidence]
) -> None:
    client = reader(org, "de")
    entry = record_of(done[3])

    table = text(client.get(url(org, "audit-export-csv"), {"action": "erledigt"}))
    data = text(client.get(url(org, "audit-export-json"), {"action": "erledigt"}))

    header, row = list(csv.reader(io.StringIO(table.removeprefix("\ufeff")), delimiter=";"))
    assert header[:4] == ["Nr.", "Zeit (MEZ/MESZ)", "Ausgeführt von", "Aktion"]
    local = entry.created_at.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M:%S")
    assert row[1] == local and row[3] == "Termin als erledigt markiert"
    assert row[6] == "als erledigt markiert 30.11.2026"
    assert "Plan: " + str(done[1]) in row[8] and str(done[2].row_key) not in row[8]
    assert '"action": "plan.occurrence_done"' in data
    assert entry.created_at.astimezone(dt.UTC).isoformat() in data, "JSON: UTC in ISO 8601"


def test_the_csv_names_references_with_a_query_per_kind_not_per_record(
    org: Organization, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    editor, officer = make_plan_people(org)
    plan, version = make_published_plan(org, editor, officer, rows=1)
    row = version.rows.get()
    first = dt.datetime(2026, 1, 6, 9, tzinfo=BERLIN)  # the row: every other Tuesday from 6 January
    for week in range(0, 42, 2):
        actions.mark_occurrence_done(editor, row, planned_for=first + dt.timedelta(weeks=week), note="ok")
    client = reader(org, "de")
    with django_assert_max_num_queries(25):
        table = text(client.get(url(org, "audit-export-csv"), {"object_type": "plan.evidence"}))

    assert table.count(str(plan)) == 21


@pytest.mark.parametrize(
    ("zone", "language", "name"),
    [
        ("Europe/Berlin", "de", "MEZ/MESZ"),
        ("Europe/Berlin", "en", "CET/CEST"),
        ("Europe/Lisbon", "de", "WEZ/WESZ"),
        ("UTC", "de", "UTC"),
        ("Asia/Dubai", "de", "UTC+04"),
        ("America/New_York", "de", "EST/EDT"),
    ],
)
def test_a_time_zone_reads_as_people_name_it(zone: str, language: str, name: str) -> None:
    with translation.override(language):
        assert zone_name(zoneinfo.ZoneInfo(zone), 2026) == name
