"""Importing a matrix from XLSX or CSV: mapping, dry run with row-level findings, all-or-nothing import."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override
from openpyxl import Workbook

from resonanz.core.errors import ActionRefused
from resonanz.core.imports import reading
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.tests.factories import make_member, make_organization
from resonanz.plan import actions
from resonanz.plan.actions import imports as importer
from resonanz.plan.actions.exports import export_version
from resonanz.plan.diff import row_values
from resonanz.plan.matrix_rows import load_rows
from resonanz.plan.models import Audience, ImportJob, ImportStatus, PlanRow, PlanVersion, WhenKind
from resonanz.plan.tests.factories import (
    complete_row_values,
    make_plan,
    make_plan_people,
    make_published_plan,
)
from resonanz.plan.transfer import tasks
from resonanz.plan.transfer.columns import suggest_mapping

GERMAN_HEADER = [
    "Thema",
    "Beschreibung",
    "Wann",
    "Beginn",
    "Uhrzeit",
    "Zielgruppen",
    "Kanäle",
    "Absender",
    "Verantwortlich",
    "Intern/Extern",
    "Freigabe",
]


@pytest.fixture
def people(org: Organization) -> tuple[Membership, Membership]:
    return make_plan_people(org)


@pytest.fixture
def draft(org: Organization, people: tuple[Membership, Membership]) -> PlanVersion:
    _plan, version, _rows = make_plan(org, people[0], rows=0)
    return version


def csv_upload(
    lines: list[list[str]],
    *,
    name: str = "matrix.csv",
    delimiter: str = ";",
    bom: bool = True,
    encoding: str = "utf-8",
) -> SimpleUploadedFile:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(lines)
    text = buffer.getvalue()
    data = (("\ufeff" if bom else "") + text).encode(encoding)
    return SimpleUploadedFile(name, data, content_type="text/csv")


def xlsx_upload(lines: list[list[Any]], name: str = "matrix.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    for line in lines:
        sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def good_line(owner: Membership, description: str = "Kundennewsletter") -> list[str]:
    return [
        "Produktneuheiten",
        description,
        "jeden zweiten Dienstag",
        "06.01.2026",
        "09:00",
        "Kunden; Interessenten",
        "Newsletter",
        "Kommunikationsmanager",
        owner.user.email,
        "extern",
        owner.user.email,
    ]


def uploaded(member: Membership, draft: PlanVersion, upload: SimpleUploadedFile) -> ImportJob:
    """What the upload page and then the worker do: keep the file, then read it."""
    job = importer.upload_import(member, draft, upload)
    assert job.status == ImportStatus.READING and job.headers == []
    importer.read_upload(job.pk)
    job.refresh_from_db()
    return job


def refuse(member: Membership, draft: PlanVersion, upload: SimpleUploadedFile) -> None:
    """Upload and read; the worker fails the job and forgets the file, and the refusal is raised."""
    job = importer.upload_import(member, draft, upload)  # refuses what it sees without reading
    with default_storage.open(job.stored_file, "rb") as stored:
        data = stored.read()
    name = job.stored_file
    importer.read_upload(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.error and not default_storage.exists(name)
    reading.read_sheet(data, job.file_format)  # the worker's refusal, with its code


def run_check(member: Membership, draft: PlanVersion, upload: SimpleUploadedFile) -> ImportJob:
    job = uploaded(member, draft, upload)
    job = importer.map_columns(member, job, dict(job.mapping))
    importer.check_import(job.pk)
    job.refresh_from_db()
    return job


def confirm(member: Membership, job: ImportJob) -> ImportJob:
    job = importer.confirm_import(member, job)
    importer.run_import(job.pk, member.pk)
    job.refresh_from_db()
    return job


# ---------------------------------------------------------------- mapping


def test_it_suggests_the_mapping_from_german_and_english_headers() -> None:
    german = suggest_mapping(
        [
            "Lfd. Nr.",
            "Was: Thema",
            "Mit wem",
            "Kanäle",
            "Wann",
            "Absender (Rollen)",
            "Absender (Personen)",
            "Freigabe durch",
            "Bemerkungen",
        ]
    )
    english = suggest_mapping(["Topic", "When", "Audiences", "Channels", "Responsible", "Key messages"])

    assert german == {
        "topic": 1,
        "audiences": 2,
        "channels": 3,
        "when": 4,
        "sender_roles": 5,
        "senders": 6,
        "approver": 7,
        "notes": 8,
    }
    assert english == {"topic": 0, "when": 1, "audiences": 2, "channels": 3, "owner": 4, "key_messages": 5}


# ---------------------------------------------------------------- the happy path


def test_it_imports_a_german_csv_into_the_draft_after_confirmation(
    org: Organization, people: tuple[Membership, Membership], draft: PlanVersion
) -> None:
    editor, _officer = people
    upload = csv_upload([GERMAN_HEADER, good_line(editor), good_line(editor, "Zweite Zeile")])

    job = run_check(editor, draft, upload)

    assert job.status == ImportStatus.CHECKED
    assert (job.valid_rows, job.error_count) == (2, 0), job.problems
    assert not draft.rows.exists(), "the dry run writes nothing"
    stored = job.stored_file
    assert default_storage.exists(stored)

    job = confirm(editor, job)

    assert job.status == ImportStatus.DONE and job.imported_rows == 2
    rows = list(PlanRow.objects.filter(version=draft).order_by("position"))
    assert [row.description for row in rows] == ["Kundennewsletter", "Zweite Zeile"]
    first = rows[0]
    assert first.when_kind == WhenKind.RECURRENCE
    assert first.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    assert (first.start_date, first.start_time) == (dt.date(2026, 1, 6), dt.time(9, 0))
    assert sorted(a.name for a in first.audiences.all()) == ["Interessenten", "Kunden"]
    assert first.sender_roles == ["communications_manager"] and first.owner == editor
    assert not default_storage.exists(stored), "the uploaded file is deleted afterwards"
    imported = AuditRecord.objects.get(organization=org, action="plan.imported")
    assert imported.after is not None
    assert imported.after["rows"] == 2 and imported.after["file"] == "matrix.csv"


def test_it_reads_back_its_own_xlsx_export(
    org: Organization, people: tuple[Membership, Membership], client_for: Callable[..., Client]
) -> None:
    editor, officer = people
    plan, published = make_published_plan(org, editor, officer, rows=3)
    draft = actions.start_new_draft(editor, plan, "Import der Matrix")
    for row in list(draft.rows.all()):
        actions.delete_row(editor, row)
    with override("de"):
        exported = export_version(officer, published, "xlsx")

    job = run_check(editor, draft, SimpleUploadedFile("KP-01-v1.xlsx", exported.content))
    assert (job.valid_rows, job.error_count, job.warning_count) == (3, 0, 0), job.problems
    confirm(editor, job)

    before = [row_values(row) for row in load_rows(published)]
    after = [row_values(row) for row in load_rows(draft)]
    assert after == before


def test_it_reads_a_comma_separated_windows_csv_without_bom(
    people: tuple[Membership, Membership], draft: PlanVersion
) -> None:
    editor, _officer = people
    upload = csv_upload(
        [GERMAN_HEADER, good_line(editor, "Rückblick für Führungskräfte")],
        delimiter=",",
        bom=False,
        encoding="cp1252",
    )

    job = confirm(editor, run_check(editor, draft, upload))

    assert job.status == ImportStatus.DONE
    assert draft.rows.get().description == "Rückblick für Führungskräfte"


def test_it_lists_bad_rows_in_the_users_language_and_writes_nothing(
    org: Organization, people: tuple[Membership, Membership], draft: PlanVersion
) -> None:
    editor, _officer = people
    unknown_audience = good_line(editor, "Unbekannte Zielgruppe")
    unknown_audience[5] = "Kunden; Marsmenschen"
    bad_rule = good_line(editor, "Kaputte Regel")
    bad_rule[2] = "FREQ=HOURLY"
    bad_date = good_line(editor, "Falsches Datum")
    bad_date[3] = "31.02.2026"
    unknown_person = good_line(editor, "Unbekannte Person")
    unknown_person[8] = "niemand@example.com"
    unknown_role = good_line(editor, "Unbekannte Rolle")
    unknown_role[7] = "Gott"
    lines = [
        GERMAN_HEADER,
        good_line(editor),
        unknown_audience,
        bad_rule,
        bad_date,
        unknown_person,
        unknown_role,
    ]
    records = AuditRecord.objects.filter(organization=org).count()

    with override("de"):
        job = run_check(editor, draft, csv_upload(lines))
        expected = {
            3: gettext("There is no audience “%(name)s”. Add it under Audiences first or correct the name.")
            % {"name": "Marsmenschen"},
            4: gettext("A plan row recurs at most daily; FREQ=%(freq)s is not allowed.") % {"freq": "HOURLY"},
            5: gettext("Enter the date as 31.12.2026 or 2026-12-31."),
            6: gettext("Nobody in the organization has the address “%(value)s”.")
            % {"value": "niemand@example.com"},
            7: "„Gott“ ist weder eine Rolle noch ein aktives Mitglied der Organisation.",
        }

    assert job.status == ImportStatus.CHECKED and job.error_count == 5 and job.valid_rows == 1
    assert {
        problem["line"]: problem["message"] for problem in job.problems if problem["level"] == "error"
    } == (expected)
    assert [problem["column"] for problem in job.problems][:4] == [
        "Zielgruppen",
        "Wann",
        "Beginn",
        "Verantwortlich",
    ]
    with pytest.raises(ActionRefused):
        importer.confirm_import(editor, job)
    assert not draft.rows.exists()
    recorded = AuditRecord.objects.filter(organization=org, seq__gt=records).order_by("seq")
    assert [entry.action for entry in recorded] == ["plan.import_uploaded", "plan.import_mapped"], (
        "a dry run records who brought which file, and no row"
    )


def test_open_questions_are_warnings_and_the_rows_still_come_in(
    people: tuple[Membership, Membership], draft: PlanVersion
) -> None:
    editor, _officer = people
    no_channel = good_line(editor, "Ohne Kanal")
    no_channel[6] = ""
    free_text = good_line(editor, "Nach jeder Messe")
    free_text[2] = "nach jeder Messe"

    job = run_check(editor, draft, csv_upload([GERMAN_HEADER, no_channel, free_text]))

    assert (job.error_count, job.warning_count, job.valid_rows) == (0, 2, 2)
    job = confirm(editor, job)
    assert job.status == ImportStatus.DONE
    trigger = draft.rows.get(description="Nach jeder Messe")
    assert trigger.when_kind == WhenKind.TRIGGER and trigger.trigger == "nach jeder Messe"


def test_it_imports_all_or_nothing(
    org: Organization, people: tuple[Membership, Membership], draft: PlanVersion
) -> None:
    editor, _officer = people
    lines = [GERMAN_HEADER, *[good_line(editor, f"Zeile {n}") for n in range(5)]]
    job = run_check(editor, draft, csv_upload(lines))
    lines_after = [*lines[:4], [*lines[4][:5], "Kunden; Presse", *lines[4][6:]]]
    assert lines_after  # the file stays; the reference data changes under it
    actions.deactivate_audience(editor, Audience.objects.get(organization=org, name="Interessenten"))

    job = confirm(editor, job)

    assert job.status == ImportStatus.FAILED
    assert "5" in job.error
    assert not draft.rows.exists(), "not one row of the five"
    assert not AuditRecord.objects.filter(organization=org, action="plan.imported").exists()
    assert not job.stored_file


def test_it_refuses_to_import_into_a_version_that_is_no_longer_a_draft(
    people: tuple[Membership, Membership], draft: PlanVersion
) -> None:
    editor, _officer = people
    job = run_check(editor, draft, csv_upload([GERMAN_HEADER, good_line(editor)]))
    actions.add_row(editor, draft, **complete_row_values(draft.plan.organization, editor))
    actions.submit_for_review(editor, draft)
    records = AuditRecord.objects.count()

    with pytest.raises(ActionRefused) as refused:
        importer.confirm_import(editor, job)

    with override("de"):
        assert "kann nicht mehr geändert werden" in str(refused.value.messages[0])
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED and AuditRecord.objects.count() == records
    assert draft.rows.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("matrix.xlsx", b"PK\x03\x04 kein Excel", "unreadable"),
        ("matrix.xlsx", b"Thema;Beschreibung\r\n", "format"),
        ("matrix.xls", b"\xd0\xcf\x11\xe0 altes Excel", "format"),
        ("matrix.csv", b"", "empty"),
        ("matrix.csv", b"\r\n;;\r\n", "empty"),
        ("matrix.csv", b"Thema;Beschreibung\r\n", "no_rows"),
        ("matrix.csv", b'Thema;Beschreibung\r\n"offen;x\r\n', "broken_csv"),
        ("matrix.csv", b"\x00\x01\x02\xff\xfe\x00binary", "binary"),
    ],
)
def test_it_refuses_files_it_cannot_read_with_a_clear_message(
    people: tuple[Membership, Membership], draft: PlanVersion, name: str, content: bytes, code: str
) -> None:
    editor, _officer = people

    with pytest.raises(ActionRefused) as refused:
        refuse(editor, draft, SimpleUploadedFile(name, content))

    assert refused.value.code == code and refused.value.field == "file"
    assert refused.value.messages[0]
    assert not ImportJob.objects.exclude(status=ImportStatus.FAILED).exists()


def test_it_refuses_files_over_the_limits(
    people: tuple[Membership, Membership], draft: PlanVersion, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor, _officer = people
    big = b"Thema;Beschreibung\r\n" + b"x;" + b"y" * (5 * 1024 * 1024) + b"\r\n"
    many = "Thema;Beschreibung\r\n" + "".join(f"T;Zeile {n}\r\n" for n in range(5001))

    with pytest.raises(ActionRefused) as too_big:
        importer.upload_import(editor, draft, SimpleUploadedFile("gross.csv", big))
    with pytest.raises(ActionRefused) as too_many:
        refuse(editor, draft, SimpleUploadedFile("lang.csv", many.encode()))

    assert too_big.value.code == "too_large" and "5" in too_big.value.messages[0]
    assert too_many.value.code == "too_many_rows" and "5000" in too_many.value.messages[0].replace(".", "")


# ---------------------------------------------------------------- the pages


def test_the_pages_take_a_file_through_mapping_check_and_import(
    org: Organization,
    people: tuple[Membership, Membership],
    draft: PlanVersion,
    client_for: Callable[..., Client],
) -> None:
    editor, _officer = people
    client = client_for(editor)
    plan = draft.plan
    upload_url = reverse("plan:plan_import", args=[org.slug, plan.pk])

    assert client.get(upload_url).status_code == 200
    response = client.post(upload_url, {"file": csv_upload([GERMAN_HEADER, good_line(editor)])})
    job = ImportJob.objects.get()
    job_url = reverse("plan:plan_import_job", args=[org.slug, job.pk])
    assert response.status_code == 302 and response["Location"] == job_url
    page = client.get(job_url)
    assert page.status_code == 200 and page.context["form"]["topic"].value() == "0"

    mapping = {key: (str(index) if index is not None else "") for key, index in job.mapping.items()}
    assert client.post(job_url, mapping).status_code == 302
    checked = client.get(job_url)
    confirm_url = reverse("plan:plan_import_confirm", args=[org.slug, job.pk])
    assert f'action="{confirm_url}"' in checked.content.decode(), "the dry run offers the import"
    assert not draft.rows.exists()
    confirmed = client.post(confirm_url)

    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("plan:plan_version", args=[org.slug, draft.pk])
    assert draft.rows.count() == 1
    shown = [str(message) for message in get_messages(confirmed.wsgi_request)]
    assert shown == [f"1 Zeile wurde in Version {draft.number} importiert."], (
        "German, and one row in the singular"
    )
    client.get(confirmed["Location"])  # the page shows (and uses up) the message
    again = client.post(confirm_url)
    assert again.status_code == 302 and draft.rows.count() == 1
    assert [str(message) for message in get_messages(again.wsgi_request)] == [
        "Diese Datei wurde bereits importiert; es wurde nichts erneut hinzugefügt."
    ]


def test_the_upload_page_shows_a_translated_error_for_a_broken_file(
    org: Organization,
    people: tuple[Membership, Membership],
    draft: PlanVersion,
    client_for: Callable[..., Client],
) -> None:
    editor, _officer = people
    client = client_for(editor)

    response = client.post(
        reverse("plan:plan_import", args=[org.slug, draft.plan_id]),
        {"file": SimpleUploadedFile("matrix.xlsx", b"PK\x03\x04 kaputt")},
        HTTP_ACCEPT_LANGUAGE="de",
        follow=True,
    )

    assert response.redirect_chain, "the upload only keeps the file; the worker reads it"
    assert ImportJob.objects.get().status == ImportStatus.FAILED
    with override("de"):
        message = gettext(
            "The file could not be read as an Excel workbook (.xlsx). Save it again or export it as CSV."
        )
    assert message in response.content.decode()


def test_the_mapping_refuses_one_column_for_two_fields(
    org: Organization,
    people: tuple[Membership, Membership],
    draft: PlanVersion,
    client_for: Callable[..., Client],
) -> None:
    editor, _officer = people
    job = uploaded(editor, draft, csv_upload([GERMAN_HEADER, good_line(editor)]))
    url = reverse("plan:plan_import_job", args=[org.slug, job.pk])

    response = client_for(editor).post(url, {"topic": "0", "description": "0"})

    assert response.status_code == 400
    job.refresh_from_db()
    assert job.status == ImportStatus.UPLOADED


def test_a_large_file_goes_through_the_worker_with_its_progress_in_the_database(
    org: Organization,
    people: tuple[Membership, Membership],
    draft: PlanVersion,
    client_for: Callable[..., Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    editor, _officer = people
    monkeypatch.setattr(importer, "INLINE_ROW_LIMIT", 2)
    queued: list[tuple[str, tuple[int, ...]]] = []
    monkeypatch.setattr(tasks, "check_import_task", lambda *args: queued.append(("check", args)))
    monkeypatch.setattr(tasks, "import_task", lambda *args: queued.append(("import", args)))
    client = client_for(editor)
    lines = [GERMAN_HEADER, *[good_line(editor, f"Zeile {n}") for n in range(3)]]
    job = uploaded(editor, draft, csv_upload(lines))
    job_url = reverse("plan:plan_import_job", args=[org.slug, job.pk])
    progress_url = reverse("plan:plan_import_progress", args=[org.slug, job.pk])

    client.post(job_url, {key: str(index) for key, index in job.mapping.items()})
    running = client.get(progress_url, HTTP_HX_REQUEST="true")

    assert queued == [("check", (job.pk,))]
    assert running.status_code == 200 and 'hx-trigger="every 1s"' in running.content.decode()
    importer.check_import(job.pk)  # what the worker does
    job.refresh_from_db()
    assert job.processed_rows == job.total_rows == 3
    assert client.get(progress_url, HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"

    client.post(reverse("plan:plan_import_confirm", args=[org.slug, job.pk]))
    assert queued[-1] == ("import", (job.pk, editor.pk))
    importer.run_import(job.pk, editor.pk)
    importer.run_import(job.pk, editor.pk)  # a second delivery of the same job imports nothing
    assert draft.rows.count() == 3


def test_the_huey_tasks_run_the_dry_run_and_the_import(
    people: tuple[Membership, Membership], draft: PlanVersion
) -> None:
    editor, _officer = people
    job = uploaded(editor, draft, csv_upload([GERMAN_HEADER, good_line(editor)]))
    importer.map_columns(editor, job, dict(job.mapping))

    tasks.check_import_task(job.pk)  # immediate in tests
    importer.confirm_import(editor, job)
    tasks.import_task(job.pk, editor.pk)

    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and draft.rows.count() == 1


def test_only_editors_of_the_organization_reach_an_import(
    org: Organization,
    other_org: Organization,
    people: tuple[Membership, Membership],
    draft: PlanVersion,
    client_for: Callable[..., Client],
) -> None:
    editor, officer = people
    job = uploaded(editor, draft, csv_upload([GERMAN_HEADER, good_line(editor)]))
    ambassador = make_member(org, ["ambassador"])
    auditor = make_member(org, ["auditor"])
    outsider = make_member(other_org, ["communications_manager"])
    job_url = reverse("plan:plan_import_job", args=[org.slug, job.pk])

    assert client_for(officer).get(job_url).status_code == 200, "editors share imports"
    assert client_for(ambassador).get(job_url).status_code == 403
    assert (
        client_for(auditor).post(reverse("plan:plan_import", args=[org.slug, draft.plan_id])).status_code
        == 403
    )
    foreign = reverse("plan:plan_import_job", args=[other_org.slug, job.pk])
    assert client_for(outsider).get(foreign).status_code == 404
    assert (
        client_for(outsider)
        .post(reverse("plan:plan_import_discard", args=[other_org.slug, job.pk]))
        .status_code
        == 404
    )
    assert ImportJob.objects.filter(pk=job.pk).exists()


def test_a_discarded_import_leaves_no_file(
    org: Organization,
    people: tuple[Membership, Membership],
    draft: PlanVersion,
    client_for: Callable[..., Client],
) -> None:
    editor, _officer = people
    job = uploaded(editor, draft, csv_upload([GERMAN_HEADER, good_line(editor)]))

    response = client_for(editor).post(reverse("plan:plan_import_discard", args=[org.slug, job.pk]))

    assert response.status_code == 302
    assert not ImportJob.objects.exists() and not default_storage.exists(job.stored_file)


def test_forgotten_uploads_and_dead_imports_are_cleaned_up(
    people: tuple[Membership, Membership], draft: PlanVersion
) -> None:
    editor, _officer = people
    waiting = uploaded(editor, draft, csv_upload([GERMAN_HEADER, good_line(editor)]))
    stuck = run_check(editor, draft, csv_upload([GERMAN_HEADER, good_line(editor)]))
    files = [waiting.stored_file, stuck.stored_file]
    importer.confirm_import(editor, stuck)
    ImportJob.objects.filter(pk=stuck.pk).update(status=ImportStatus.IMPORTING)

    assert importer.forget_stale_imports(now=timezone.now() + dt.timedelta(hours=2)) == 1
    assert importer.forget_stale_imports(now=timezone.now() + dt.timedelta(days=2)) == 1

    stuck.refresh_from_db()
    assert stuck.status == ImportStatus.FAILED and stuck.error
    assert not ImportJob.objects.filter(pk=waiting.pk).exists()
    assert not any(default_storage.exists(name) for name in files)


@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="SQLite has one writer; there the page shows the import as running until it is done",
)
@pytest.mark.django_db(transaction=True)
def test_the_progress_of_an_import_is_visible_while_its_transaction_runs() -> None:
    """GIVEN a committed import job on PostgreSQL
    WHEN the import reports progress from inside its (still open) transaction
    THEN another connection, as the polling page uses, already sees it."""
    org = make_organization("Fortschritt GmbH")
    editor, _officer = make_plan_people(org)
    _plan, draft, _rows = make_plan(org, editor, rows=0)
    job = uploaded(editor, draft, csv_upload([GERMAN_HEADER, good_line(editor)]))
    writer = importer.ProgressWriter(job, every=1)
    reader = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with transaction.atomic():
            actions.add_row(editor, draft, description="Zeile aus dem Import")
            writer(7)
            with reader.cursor() as cursor:
                cursor.execute("SELECT processed_rows FROM plan_importjob WHERE id = %s", [job.pk])
                assert cursor.fetchone() == (7,)
    finally:
        writer.close()
        reader.close()


def test_it_refuses_a_workbook_that_unpacks_to_too_much(
    people: tuple[Membership, Membership], draft: PlanVersion, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor, _officer = people
    upload = xlsx_upload([GERMAN_HEADER, good_line(editor)])
    monkeypatch.setattr(reading, "MAX_UNPACKED_BYTES", 1000)

    with pytest.raises(ActionRefused) as refused:
        refuse(editor, draft, upload)

    assert refused.value.code == "too_large"


def test_it_reads_an_xlsx_with_real_dates_and_times(
    people: tuple[Membership, Membership], draft: PlanVersion
) -> None:
    editor, _officer = people
    line: list[Any] = good_line(editor)
    line[3], line[4] = dt.datetime(2026, 3, 3), dt.time(14, 15)

    job = confirm(editor, run_check(editor, draft, xlsx_upload([GERMAN_HEADER, line])))

    row = draft.rows.get()
    assert job.status == ImportStatus.DONE
    assert (row.start_date, row.start_time) == (dt.date(2026, 3, 3), dt.time(14, 15))
