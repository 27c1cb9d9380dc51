"""Exports of a version (XLSX, CSV, PDF), read back: what the files hold, who may take them, the audit."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext, override
from openpyxl import load_workbook
from pypdf import PdfReader

from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.documents import jobs, rendering
from resonanz.documents.deferred import PdfPending
from resonanz.documents.models import DocumentJob
from resonanz.documents.rendering import Document, DocumentError
from resonanz.plan import actions
from resonanz.plan.actions.exports import export_version
from resonanz.plan.models import Audience, Channel, PlanVersion, Topic, WhenKind
from resonanz.plan.tests.factories import (
    complete_row_values,
    make_plan,
    make_plan_people,
    make_published_plan,
)
from resonanz.plan.transfer import pdf as pdf_module
from resonanz.plan.transfer.columns import COLUMNS
from resonanz.plan.transfer.exporters import template_xlsx_bytes

real_compile = rendering.compile_pdf

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def pdf_text(content: bytes) -> str:
    """The text of every page, with line breaks and runs of space as single spaces."""
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


@pytest.fixture
def published(org: Organization) -> tuple[Membership, Membership, PlanVersion]:
    """A published version with a recurring, a fixed-date and a trigger row, and a comment."""
    editor, officer = make_plan_people(org)
    plan = actions.create_plan(editor, identifier="KP-07", title="Kommunikationsplan")
    draft = plan.versions.get()
    audiences = list(Audience.objects.filter(organization=org).order_by("position")[:2])
    channel = Channel.objects.get(organization=org, name="LinkedIn")
    actions.add_row(
        editor,
        draft,
        **complete_row_values(
            org,
            editor,
            description="LinkedIn-Fachbeiträge",
            audiences=audiences,
            channels=[channel],
            key_messages="=Qualität zuerst",
        ),
    )
    actions.add_row(
        editor,
        draft,
        **complete_row_values(
            org,
            editor,
            description="Betriebsversammlung",
            when_kind=WhenKind.FIXED,
            rrule="",
            start_date=dt.date(2026, 5, 12),
            start_time=dt.time(14, 30),
        ),
    )
    actions.add_row(
        editor,
        draft,
        **complete_row_values(
            org,
            editor,
            description="Reaktion auf Beschwerden",
            when_kind=WhenKind.TRIGGER,
            rrule="",
            start_date=None,
            start_time=None,
            trigger="binnen 24 Stunden nach einer Beschwerde",
        ),
    )
    actions.submit_for_review(editor, draft)
    actions.approve_version(officer, draft, comment="Passt so, freigegeben.")
    version = actions.publish_version(officer, draft)
    return editor, officer, version


def column_index(key: str) -> int:
    return [column.key for column in COLUMNS].index(key)


# ---------------------------------------------------------------- XLSX


def test_it_exports_a_real_excel_table_that_reads_back(
    published: tuple[Membership, Membership, PlanVersion],
) -> None:
    editor, officer, version = published

    with override("de"):
        exported = export_version(officer, version, "xlsx")
        expected_headers = [str(column.label) for column in COLUMNS]

    assert exported.filename == "KP-07-v1.xlsx" and exported.content_type == XLSX
    workbook = load_workbook(io.BytesIO(exported.content))
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == expected_headers
    assert len(rows) == 4
    assert sheet.freeze_panes == "C2"
    assert COLUMNS[2].width <= sheet.column_dimensions["C"].width < COLUMNS[2].width + 1
    assert sheet.auto_filter.ref == "A1:T4", "every column can be filtered"
    assert sheet.print_title_rows == "$1:$1", "the header is printed on every page"
    first = rows[1]
    assert first[column_index("description")] == "LinkedIn-Fachbeiträge"
    assert first[column_index("when")] == "jeden zweiten Dienstag"
    assert first[column_index("rrule")] == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    assert first[column_index("start_date")] == dt.datetime(2026, 1, 6)
    assert first[column_index("audiences")] == "Interessenten; Kunden"
    assert first[column_index("key_messages")] == "=Qualität zuerst", "text, never a formula"
    assert rows[2][column_index("start_time")] == dt.time(14, 30)
    assert rows[3][column_index("trigger")] == "binnen 24 Stunden nach einer Beschwerde"
    document = dict(workbook.worksheets[1].iter_rows(values_only=True))
    assert editor.user.full_name in document.values() and officer.user.full_name in document.values()


def test_it_writes_the_recurrence_in_words_in_english_too(
    published: tuple[Membership, Membership, PlanVersion],
) -> None:
    _editor, officer, version = published

    with override("en"):
        exported = export_version(officer, version, "xlsx")

    rows = list(load_workbook(io.BytesIO(exported.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[0][column_index("when")] == "When"
    assert rows[1][column_index("when")] == "every second Tuesday"
    assert rows[2][column_index("when")] == "once"


# ---------------------------------------------------------------- CSV


def test_it_exports_csv_for_german_excel(published: tuple[Membership, Membership, PlanVersion]) -> None:
    _editor, officer, version = published

    with override("de"):
        exported = export_version(officer, version, "csv")

    assert exported.content.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte order mark"
    text = exported.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 4 and len(rows[0]) == len(COLUMNS)
    assert rows[1][column_index("start_date")] == "06.01.2026"
    assert rows[1][column_index("start_time")] == "09:00"
    assert rows[1][column_index("when")] == "jeden zweiten Dienstag"
    assert rows[1][column_index("key_messages")] == "'=Qualität zuerst", "a formula is defused"
    assert rows[3][column_index("when")].endswith(": binnen 24 Stunden nach einer Beschwerde")


# ---------------------------------------------------------------- PDF


def test_it_exports_an_auditor_ready_pdf(published: tuple[Membership, Membership, PlanVersion]) -> None:
    editor, officer, version = published

    with override("de"):
        exported = export_version(officer, version, "pdf")
        status = str(version.get_status_display())

    assert exported.content.startswith(b"%PDF") and exported.filename == "KP-07-v1.pdf"
    reader = PdfReader(io.BytesIO(exported.content))
    with override("de"):
        page_label = gettext("Page %(page)s of %(pages)s") % {"page": 1, "pages": len(reader.pages)}
    text = pdf_text(exported.content)
    assert "KP-07" in text and "Kommunikationsplan" in text
    assert status in text
    assert editor.user.full_name in text and officer.user.full_name in text
    assert "Passt so, freigegeben." in text, "approvals and comments"
    assert "LinkedIn-Fachbeiträge" in text and "Betriebsversammlung" in text
    assert "jeden zweiten Dienstag" in text
    assert "binnen 24 Stunden nach einer Beschwerde" in text
    assert page_label in text, "page numbers “Seite X von Y”"
    box = reader.pages[0].mediabox
    assert box.width > box.height, "landscape"


def test_it_lists_the_version_history_in_the_pdf(org: Organization) -> None:
    editor, officer = make_plan_people(org)
    plan, first = make_published_plan(org, editor, officer, rows=1)
    draft = actions.start_new_draft(editor, plan, "Neue Kanäle für das Recruiting")
    actions.submit_for_review(editor, draft)
    actions.approve_version(officer, draft)
    second = actions.publish_version(officer, draft)

    with override("de"):
        text = pdf_text(export_version(officer, second, "pdf").content)

    assert "Neue Kanäle für das Recruiting" in text
    first.refresh_from_db()
    with override("de"):
        assert str(first.get_status_display()) in text, "the superseded first version is listed"


def test_the_worker_makes_a_large_pdf_once_and_later_exports_get_it(
    published: tuple[Membership, Membership, PlanVersion],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _editor, officer, version = published
    monkeypatch.setattr(pdf_module, "PDF_SYNC_ROW_LIMIT", 1)
    made: list[str] = []

    def compile_and_count(document: Document) -> bytes:
        made.append(document.digest)
        return real_compile(document)

    monkeypatch.setattr(jobs, "compile_pdf", compile_and_count)

    def export_in_the_worker() -> bytes:
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(PdfPending):
            export_version(officer, version, "pdf", wait=False)
        return export_version(officer, version, "pdf", wait=False).content

    with override("de"):
        first = export_in_the_worker()
        again = export_version(officer, version, "pdf", wait=False).content
        actions.add_comment(officer, version, "Nachtrag zur Prüfung")
        changed = export_in_the_worker()

    assert first.startswith(b"%PDF") and again == first
    assert len(made) == 2, "made again only after the version changed"
    assert "Nachtrag zur Prüfung" in pdf_text(changed) and "Nachtrag" not in pdf_text(first)
    assert AuditRecord.objects.filter(action="plan.exported").count() == 3, "each delivered file is recorded"


def test_a_small_pdf_is_made_during_the_request_and_nothing_is_kept(
    published: tuple[Membership, Membership, PlanVersion],
    client_for: Callable[..., Client],
    org: Organization,
) -> None:
    _editor, officer, version = published

    response = client_for(officer).get(reverse("plan:plan_version_export_pdf", args=[org.slug, version.pk]))

    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert not DocumentJob.objects.exists()


def test_it_writes_what_a_row_says_as_text_not_as_markup(org: Organization) -> None:
    editor, officer = make_plan_people(org)
    _plan, draft, _rows = make_plan(org, editor, rows=0)
    tricky = "Fragen & Antworten <live> *fett* #sys $x$ \\ @ref"
    actions.add_row(editor, draft, **complete_row_values(org, editor, description=tricky, notes="a]]>b"))

    text = pdf_text(export_version(officer, draft, "pdf").content)

    assert tricky in text and "a]]>b" in text


# ---------------------------------------------------------------- pages, rights, audit, scale


def test_it_records_who_exported_which_version(
    org: Organization,
    published: tuple[Membership, Membership, PlanVersion],
    client_for: Callable[..., Client],
) -> None:
    _editor, _officer, version = published
    ambassador = make_member(org, ["ambassador"])

    response = client_for(ambassador).get(
        reverse("plan:plan_version_export_csv", args=[org.slug, version.pk])
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="KP-07-v1.csv"'
    record = AuditRecord.objects.filter(organization=org, action="plan.exported").latest("seq")
    assert record.actor == ambassador.user
    assert record.after is not None
    assert record.after["format"] == "csv" and record.after["version"] == 1 and record.after["rows"] == 3


def test_it_hides_drafts_from_members_who_read_only_the_published_plan(
    org: Organization,
    published: tuple[Membership, Membership, PlanVersion],
    client_for: Callable[..., Client],
) -> None:
    editor, _officer, version = published
    draft = actions.start_new_draft(editor, version.plan, "Änderung")
    ambassador = make_member(org, ["ambassador"])
    auditor = make_member(org, ["auditor"])

    for fmt in ("xlsx", "csv", "pdf"):
        url = reverse(f"plan:plan_version_export_{fmt}", args=[org.slug, draft.pk])
        assert client_for(ambassador).get(url).status_code == 404
        assert client_for(auditor).get(url).status_code == 200
    assert not AuditRecord.objects.filter(action="plan.exported", actor=ambassador.user).exists()


def test_it_refuses_exports_to_outsiders(
    org: Organization,
    other_org: Organization,
    published: tuple[Membership, Membership, PlanVersion],
    client_for: Callable[..., Client],
) -> None:
    _editor, _officer, version = published
    outsider = make_member(other_org, ["quality_officer"])

    for fmt in ("xlsx", "csv", "pdf"):
        url = reverse(f"plan:plan_version_export_{fmt}", args=[other_org.slug, version.pk])
        assert client_for(outsider).get(url).status_code == 404


def test_it_exports_with_a_constant_number_of_queries(org: Organization) -> None:
    editor, officer = make_plan_people(org)
    _plan, small = make_published_plan(org, editor, officer, rows=2, identifier="KP-S")
    _plan, large = make_published_plan(org, editor, officer, rows=12, identifier="KP-L")
    topic = Topic.objects.filter(organization=org).first()
    assert topic is not None

    counts = {}
    for name, version in (("small", small), ("large", large)):
        for fmt in ("xlsx", "csv", "pdf"):
            with CaptureQueriesContext(connection) as queries:
                export_version(officer, version, fmt)
            counts[(name, fmt)] = len(queries)

    for fmt in ("xlsx", "csv", "pdf"):
        assert counts[("small", fmt)] == counts[("large", fmt)], counts


def test_it_makes_a_large_pdf_in_the_worker_while_the_page_waits(
    org: Organization,
    published: tuple[Membership, Membership, PlanVersion],
    client_for: Callable[..., Client],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _editor, officer, version = published
    monkeypatch.setattr(pdf_module, "PDF_SYNC_ROW_LIMIT", 1)
    queued: list[int] = []
    monkeypatch.setattr("resonanz.documents.tasks.render_document_task", queued.append)
    client = client_for(officer)
    url = reverse("plan:plan_version_export_pdf", args=[org.slug, version.pk])

    with django_capture_on_commit_callbacks(execute=True):
        waiting = client.get(url)
        asked_again = client.get(url)

    assert waiting.status_code == asked_again.status_code == 202
    assert len(queued) == 1, "one job, however often it is asked for"
    token = waiting.context["token"]
    assert asked_again.context["token"] == token
    poll = client.get(f"{url}?token={token}", HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in poll.content.decode()
    assert not AuditRecord.objects.filter(action="plan.exported").exists(), "nothing delivered yet"

    assert jobs.run_job(queued[0])  # what the worker does
    ready = client.get(f"{url}?token={token}", HTTP_HX_REQUEST="true")
    download = client.get(f"{url}?token={token}")

    assert "hx-trigger" not in ready.content.decode()
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    assert AuditRecord.objects.filter(action="plan.exported", after__format="pdf").count() == 1
    assert client.get(f"{url}?token=../../etc").context["state"] == "failed", "a bad token is no file path"


def test_the_page_says_when_a_pdf_could_not_be_made_and_tries_again_when_asked(
    org: Organization,
    published: tuple[Membership, Membership, PlanVersion],
    client_for: Callable[..., Client],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _editor, officer, version = published
    monkeypatch.setattr(pdf_module, "PDF_SYNC_ROW_LIMIT", 1)

    def broken(document: Document) -> bytes:
        raise DocumentError("plan/pdf/version.typ: out of memory")

    monkeypatch.setattr(jobs, "compile_pdf", broken)
    client = client_for(officer)
    url = reverse("plan:plan_version_export_pdf", args=[org.slug, version.pk])
    with django_capture_on_commit_callbacks(execute=True):
        token = client.get(url).context["token"]

    failed = client.get(f"{url}?token={token}", HTTP_HX_REQUEST="true")
    monkeypatch.setattr(jobs, "compile_pdf", real_compile)
    with django_capture_on_commit_callbacks(execute=True):
        retried = client.get(url)
    made = client.get(url)

    assert failed.context["state"] == "failed" and "alert-danger" in failed.content.decode()
    assert retried.status_code == 202, "asked again: queued again"
    assert made.status_code == 200 and made.content.startswith(b"%PDF")
    assert DocumentJob.objects.get().attempts == 2


def test_it_keeps_special_characters_in_the_spreadsheet(org: Organization) -> None:
    editor, officer = make_plan_people(org)
    _plan, draft, _rows = make_plan(org, editor, rows=0)
    text = "Fragen & Antworten <live>  \x07mit Klingel"
    actions.add_row(editor, draft, **complete_row_values(org, editor, description=text, notes="a]]>b"))

    exported = export_version(officer, draft, "xlsx")

    rows = list(load_workbook(io.BytesIO(exported.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[1][column_index("description")] == "Fragen & Antworten <live>  mit Klingel"
    assert rows[1][column_index("notes")] == "a]]>b"


def test_the_import_template_names_every_column_and_explains_them(db: None) -> None:
    with override("de"):
        content = template_xlsx_bytes()
        expected = [str(column.label) for column in COLUMNS]

    workbook = load_workbook(io.BytesIO(content))
    matrix, notes = workbook.worksheets
    assert [cell.value for cell in matrix[1]] == expected and matrix.max_row == 1
    assert matrix.freeze_panes == "A2"
    explained = dict(notes.iter_rows(values_only=True))
    assert explained["Wann"].startswith("Eine Regel in Worten")


def test_the_link_snippets_for_other_pages_point_at_the_exports_and_the_import(
    org: Organization, published: tuple[Membership, Membership, PlanVersion]
) -> None:
    _editor, _officer, version = published
    context = {"organization": org, "version": version, "plan": version.plan}

    links = render_to_string("plan/transfer/_export_links.html", context)
    importing = render_to_string("plan/transfer/_import_link.html", context)

    for fmt in ("xlsx", "csv", "pdf"):
        assert reverse(f"plan:plan_version_export_{fmt}", args=[org.slug, version.pk]) in links
    assert reverse("plan:plan_import", args=[org.slug, version.plan_id]) in importing
