"""The upload request only keeps the file; the worker reads it within bounds on rows and header cells."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from resonanz.core.imports import reading, xlsx_sheet
from resonanz.core.models import Membership, Organization
from resonanz.plan.actions import imports as importer
from resonanz.plan.models import ImportJob, ImportStatus, PlanVersion
from resonanz.plan.tests.factories import make_plan, make_plan_people
from resonanz.plan.tests.spreadsheet_bombs import (
    empty_cells_bomb,
    formatted_runs,
    huge_cells,
    huge_shared_string,
    long_headers,
    merged_cells_after_data,
)
from resonanz.plan.tests.test_import import GERMAN_HEADER, csv_upload, good_line, uploaded, xlsx_upload


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
    headers = [f"Spalte {number} " + "x" * 19_000 for number in range(30)]

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


def bytes_read_from_sheets(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A counter of the bytes read from every worksheet's XML from now on (one entry, summed)."""
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
    return read


def test_a_zip_bomb_of_empty_rows_is_read_only_up_to_its_first_empty_run(
    people: tuple[Membership, Membership], draft: PlanVersion, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN 40 KB that unpack to 10 MB of empty cells (and no <dimension>, so openpyxl would scan
    the whole sheet for its size), WHEN the worker reads it, THEN it reads the head of the sheet only."""
    read = bytes_read_from_sheets(monkeypatch)
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


def failed_with(member: Membership, draft: PlanVersion, name: str, data: bytes) -> str:
    job = uploaded(member, draft, SimpleUploadedFile(name, data))
    assert job.status == ImportStatus.FAILED and not job.stored_file
    return job.error


def test_a_row_of_huge_cells_is_refused_at_the_first_cell_over_the_limit(
    people: tuple[Membership, Membership], draft: PlanVersion, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a row of three cells with 30 MB of text (under the 100 MB cap), WHEN the worker reads it,
    THEN it stops in the first of them: it reads a few chunks, not the 30 MB openpyxl would build."""
    read = bytes_read_from_sheets(monkeypatch)

    error = failed_with(people[0], draft, "lang.xlsx", huge_cells(30))

    assert error == f"Zeile 2 enthält eine Zelle mit mehr als {reading.MAX_CELL_CHARACTERS} Zeichen."
    assert 0 < read[0] < 200_000, f"read {read[0]:,} bytes of the 30 MB sheet"


def test_a_cell_of_endless_formatted_runs_is_refused_at_its_limit_of_parts(
    people: tuple[Membership, Membership], draft: PlanVersion, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Runs of four letters each stay under the character limit for long; openpyxl took 36 s for 30 MB
    of them. The reading stops after ``MAX_CELL_PARTS`` elements inside the cell."""
    read = bytes_read_from_sheets(monkeypatch)

    error = failed_with(people[0], draft, "fett.xlsx", formatted_runs(10))

    assert error == (
        f"Zeile 2 enthält eine Zelle aus mehr als {xlsx_sheet.MAX_CELL_PARTS} formatierten Teilen. "
        "Entfernen Sie die Formatierung."
    )
    assert 0 < read[0] < 200_000, f"read {read[0]:,} bytes of the 10 MB sheet"


def test_a_huge_shared_string_is_kept_cut_and_refused_where_a_cell_shows_it(
    people: tuple[Membership, Membership], draft: PlanVersion
) -> None:
    """Excel keeps the text of cells in the shared string table: a 10 MB text there is kept only up
    to one character over the limit, and refused at the line of the cell that shows it."""
    bomb = huge_shared_string(10)

    with zipfile.ZipFile(io.BytesIO(bomb)).open("xl/sharedStrings.xml") as table:
        strings = xlsx_sheet.read_shared_strings(table)

    assert strings[0] == "Beschreibung"
    assert len(strings[1]) == reading.MAX_CELL_CHARACTERS + 1 and strings[1].startswith("Text ohne Ende ")
    error = failed_with(people[0], draft, "geteilt.xlsx", bomb)
    assert error == f"Zeile 2 enthält eine Zelle mit mehr als {reading.MAX_CELL_CHARACTERS} Zeichen."


def test_shared_strings_are_read_as_openpyxl_reads_them() -> None:
    """Plain and formatted texts joined, phonetic runs left out, Excel's escape ``_x005F_`` undone."""
    table = (
        '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<si><t>Newsletter</t></si>"
        "<si><r><t>Kunden</t></r><r><rPr><b/></rPr><t xml:space='preserve'> info</t></r></si>"
        "<si><t>東京</t><rPh sb='0' eb='2'><t>トウキョウ</t></rPh></si>"
        "<si><t>a_x005F_x000D_b</t></si><si/></sst>"
    ).encode()

    strings = xlsx_sheet.read_shared_strings(io.BytesIO(table))

    assert strings == ["Newsletter", "Kunden info", "東京", "a_x000D_b", ""]


def test_long_column_names_are_refused_with_their_limit(
    people: tuple[Membership, Membership], draft: PlanVersion
) -> None:
    """60 header cells of 150 KB: refused at the first, naming the header and the limit."""
    expected = (
        "Die Spaltennamen in Zeile 1 enthalten einen mit mehr als "
        f"{reading.MAX_CELL_CHARACTERS} Zeichen. Kürzen Sie ihn."
    )

    assert failed_with(people[0], draft, "kopf.xlsx", long_headers()) == expected
    assert failed_with(people[0], draft, "kopf.csv", csv_upload([["x" * 200_000], ["1"]]).read()) == expected
    assert failed_with(people[0], draft, "kopf.csv", csv_upload([["x" * 30_000], ["1"]]).read()) == expected


def test_a_csv_cell_over_the_csv_modules_limit_is_too_long_not_broken(
    people: tuple[Membership, Membership], draft: PlanVersion
) -> None:
    error = failed_with(people[0], draft, "lang.csv", csv_upload([["Beschreibung"], ["x" * 200_000]]).read())

    assert error == f"Zeile 2 enthält eine Zelle mit mehr als {reading.MAX_CELL_CHARACTERS} Zeichen."


def test_reading_ends_with_the_sheets_data(
    people: tuple[Membership, Membership], draft: PlanVersion, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What follows ``</sheetData>`` (here 10 MB of merged cells) is not read, let alone parsed."""
    read = bytes_read_from_sheets(monkeypatch)

    job = uploaded(people[0], draft, SimpleUploadedFile("zusammen.xlsx", merged_cells_after_data(10)))

    assert job.status == ImportStatus.UPLOADED and job.total_rows == 1
    assert 0 < read[0] < 200_000, f"read {read[0]:,} bytes of the 10 MB sheet"
