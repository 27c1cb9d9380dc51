"""The upload request only keeps the file; the worker reads it within bounds on rows and header cells."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from resonanz.core.models import Membership, Organization
from resonanz.plan.actions import imports as importer
from resonanz.plan.models import ImportJob, ImportStatus, PlanVersion
from resonanz.plan.tests.factories import make_plan, make_plan_people
from resonanz.plan.tests.spreadsheet_bombs import empty_cells_bomb
from resonanz.plan.tests.test_import import GERMAN_HEADER, csv_upload, good_line, uploaded, xlsx_upload
from resonanz.plan.transfer import reading


@pytest.fixture
def people(org: Organization) -> tuple[Membership, Membership]:
    return make_plan_people(org)


@pytest.fixture
def draft(org: Organization, people: tuple[Membership, Membership]) -> PlanVersion:
    return make_plan(org, people[0], rows=0)[1]


def test_the_upload_request_keeps_the_file_without_reading_it(
    people: tuple[Membership, Membership], draft: PlanVersion, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unread(*args: Any) -> None:
        raise AssertionError("the request read the file")

    monkeypatch.setattr(reading, "read_sheet", unread)

    job = importer.upload_import(people[0], draft, xlsx_upload([GERMAN_HEADER, good_line(people[0])]))

    assert job.status == ImportStatus.READING and job.is_running
    assert job.headers == [] and job.total_rows == 0
    assert default_storage.exists(job.stored_file)


@pytest.mark.parametrize("make", [csv_upload, xlsx_upload])
def test_reading_stops_at_the_first_run_of_empty_rows(
    people: tuple[Membership, Membership], draft: PlanVersion, make: Any
) -> None:
    editor = people[0]
    blank = [""] * len(GERMAN_HEADER)
    lines = [GERMAN_HEADER, good_line(editor), *[blank] * reading.EMPTY_RUN, good_line(editor, "Nachzügler")]

    job = uploaded(editor, draft, make(lines))

    assert job.status == ImportStatus.UPLOADED
    assert job.total_rows == 1, "what follows the empty run is not read"


def test_a_few_empty_rows_inside_the_table_are_skipped(
    people: tuple[Membership, Membership], draft: PlanVersion
) -> None:
    editor = people[0]
    blank = [""] * len(GERMAN_HEADER)
    lines = [GERMAN_HEADER, good_line(editor), *[blank] * (reading.EMPTY_RUN - 1), good_line(editor, "Zwei")]

    assert uploaded(editor, draft, csv_upload(lines)).total_rows == 2


def test_long_header_cells_are_shortened_so_the_job_page_stays_small(
    org: Organization, people: tuple[Membership, Membership], draft: PlanVersion, client: Client
) -> None:
    editor = people[0]
    headers = [f"Spalte {number} " + "x" * 100_000 for number in range(30)]

    job = uploaded(editor, draft, csv_upload([headers, ["1"] * 30]))
    client.force_login(editor.user)
    page = client.get(reverse("plan:plan_import_job", args=[org.slug, job.pk]))

    assert job.status == ImportStatus.UPLOADED
    assert all(len(header) <= reading.MAX_HEADER_CHARACTERS for header in job.headers)
    assert job.headers[0].startswith("Spalte 0 xxx") and job.headers[0].endswith("…")
    assert page.status_code == 200 and len(page.content) < 500_000


def test_the_job_page_says_the_file_is_being_read(
    org: Organization, people: tuple[Membership, Membership], draft: PlanVersion, client: Client
) -> None:
    editor = people[0]
    job = importer.upload_import(
        editor, draft, SimpleUploadedFile("plan.csv", b"Thema;Beschreibung\r\nA;B\r\n")
    )
    client.force_login(editor.user)

    page = client.get(reverse("plan:plan_import_job", args=[org.slug, job.pk]), HTTP_ACCEPT_LANGUAGE="de")

    assert page.status_code == 200
    assert 'id="import-progress"' in page.content.decode()
    importer.read_upload(job.pk)
    importer.read_upload(job.pk)  # a second delivery of the task does nothing
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.UPLOADED


def test_a_zip_bomb_of_empty_rows_is_read_only_up_to_its_first_empty_run(
    people: tuple[Membership, Membership], draft: PlanVersion, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN 40 KB that unpack to 10 MB of empty cells (and no <dimension>, so openpyxl would scan
    the whole sheet for its size), WHEN the worker reads it, THEN it reads the head of the sheet only."""
    read = [0]
    opened = ReadOnlyWorksheet._get_source

    def counting(sheet: Any) -> Any:
        source = opened(sheet)
        original = source.read

        def read_counted(size: int = -1) -> bytes:
            data: bytes = original(size)
            read[0] += len(data)
            return data

        source.read = read_counted
        return source

    monkeypatch.setattr(ReadOnlyWorksheet, "_get_source", counting)
    bomb = empty_cells_bomb(10)

    job = uploaded(people[0], draft, SimpleUploadedFile("leer.xlsx", bomb))

    assert len(bomb) < 100_000
    assert job.status == ImportStatus.FAILED, "a header and nothing below it"
    assert 0 < read[0] < 1024 * 1024, f"read {read[0]:,} bytes of the 10 MB sheet"


def test_the_table_ends_at_the_first_run_of_empty_columns(
    people: tuple[Membership, Membership], draft: PlanVersion
) -> None:
    gap = [""] * reading.EMPTY_COLUMNS
    header = ["Thema", "", "Beschreibung", *gap, "Notiz am Rand"]
    row = ["Produktneuheiten", "", "Newsletter", *gap, "nicht Teil der Tabelle"]

    job = uploaded(people[0], draft, csv_upload([header, row]))

    assert job.headers == ["Thema", "Spalte B", "Beschreibung"]
