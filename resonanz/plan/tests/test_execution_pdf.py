"""Planned vs. executed as a PDF (issue 13): the record of what was carried out in a period.

GIVEN a published row every second Tuesday from 6 January 2026, 6 January explained (with a
corrective action), 20 January done with a note, 3 February missed and 17 February still to come,
WHEN a member exports January and February as PDF from the page or the API, THEN the PDF holds the
document control, the figures and every date with its version, outcome, evidence and explanation,
in the reader's language; notes and names only for those who may read them; bounded and audited as
the XLSX export is.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from pypdf import PdfReader

from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.tests.factories import make_member, make_organization
from resonanz.documents import deferred, jobs, rendering
from resonanz.documents.models import DocumentJob
from resonanz.documents.rendering import Document, DocumentError
from resonanz.plan import actions
from resonanz.plan.actions import exports
from resonanz.plan.models import MissReason
from resonanz.plan.tests.page_helpers import Office, make_office, signed_in
from resonanz.plan.tests.test_api import Caller

BERLIN = dt.timezone(dt.timedelta(hours=1))
NOW = dt.datetime(2026, 2, 10, 12, tzinfo=dt.UTC)
PERIOD = {"start": "2026-01-01", "end": "2026-02-28"}
PDF = "application/pdf"


def pdf_text(content: bytes) -> str:
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


@pytest.fixture
def office(org: Organization) -> Office:
    with time_machine.travel(NOW - dt.timedelta(days=60), tick=False):
        office = make_office(org, rows=1)
    with time_machine.travel(NOW, tick=False):
        row = office.published.rows.get()
        corrective = actions.create_corrective_action(office.manager, title="Vertretung regeln")
        reason = MissReason.objects.get(organization=org, name="Kapazität fehlte")
        actions.explain_missed_date(
            office.manager,
            row,
            planned_for=dt.datetime(2026, 1, 6, 9, tzinfo=BERLIN),
            reason=reason,
            text="Urlaubszeit",
            corrective_action=corrective,
        )
        actions.mark_occurrence_done(
            office.manager, row, planned_for=dt.datetime(2026, 1, 20, 9, tzinfo=BERLIN), note="Im Intranet"
        )
    return office


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def page_export(member: Membership, office: Office, **query: str) -> Any:
    return signed_in(member).get(office.url(f"{office.plan.pk}/execution/export/"), {**PERIOD, **query})


def test_the_pdf_holds_control_figures_and_every_date_in_german(office: Office, frozen: Any) -> None:
    response = page_export(office.officer, office, format="pdf")

    assert response.status_code == 200, response.content
    assert response["Content-Type"] == PDF
    assert response["Content-Disposition"].endswith('KP-01-v1-Soll-Ist-20260101-20260228.pdf"')
    reader = PdfReader(io.BytesIO(response.content))
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height, "A4 landscape"
    text = pdf_text(response.content)
    for words in (
        "KP-01 · Soll-Ist-Vergleich",
        "Dokumentenlenkung",
        "Zeitraum 01.01.2026 – 28.02.2026",
        "Erstellt am 10.02.2026",
        f"Erstellt von {office.officer.user.full_name}",
        "Geplanter Termin",
        "Ausdrucke unterliegen nicht dem Änderungsdienst.",
        "Seite 1 von 1",
    ):
        assert words in text, words
    # The figures: 4 planned, 1 done, 1 missed, 1 explained, 1 still to come; 1 of 3 due = 33 %.
    assert "4 1 1 1 1 33 %" in text
    assert "06.01.2026 09:00 1 versäumt, begründet" in text
    assert "Kapazität fehlte · Urlaubszeit · Korrekturmaßnahme: Vertretung regeln" in text
    assert "20.01.2026 09:00 1 erledigt" in text
    assert f"Im Intranet · erfasst von {office.manager.user.full_name}" in text
    assert "03.02.2026 09:00 1 versäumt" in text and "17.02.2026 09:00 1 anstehend" in text


def test_an_english_reader_gets_english_words(office: Office, frozen: Any) -> None:
    reader = make_member(office.organization, ["auditor"], full_name="Eve English", language="en")

    text = pdf_text(page_export(reader, office, format="pdf").content)

    assert "Planned vs. executed" in text and "Document control" in text
    assert "Printed copies are not subject to change control." in text
    assert "Eve English" in text and "Urlaubszeit" in text


def test_the_works_council_sees_no_names_and_no_notes(office: Office, frozen: Any) -> None:
    council = make_member(office.organization, ["works_council"], full_name="Walter Betriebsrat")

    response = page_export(council, office, format="pdf")

    assert response.status_code == 200, response.content
    text = pdf_text(response.content)
    assert "4 1 1 1 1 33 %" in text and "Kapazität fehlte" in text
    for hidden in (
        office.manager.user.full_name,
        "Walter Betriebsrat",
        "Erstellt von",
        "Im Intranet",
        "Urlaubszeit",
        "Vertretung regeln",
    ):
        assert hidden not in text, hidden


def test_the_export_is_recorded_with_its_format(office: Office, frozen: Any) -> None:
    page_export(office.auditor, office, format="pdf")
    page_export(office.auditor, office)

    records = AuditRecord.objects.filter(action="plan.execution_exported").order_by("pk")
    assert [(record.after or {})["format"] for record in records] == ["pdf", "xlsx"]
    assert (records[0].after or {})["dates"] == 4 and (records[0].after or {})["start"] == "2026-01-01"


@pytest.mark.parametrize(
    "query",
    [
        {"start": "9000-01-01", "end": "9000-03-31"},
        {"start": "2026-01-01", "end": "2027-06-30"},
        {"format": "docx"},
        {"format": "\x00pdf"},
    ],
)
def test_odd_input_is_refused_in_words(office: Office, frozen: Any, query: dict[str, str]) -> None:
    response = page_export(office.auditor, office, **query)

    assert response.status_code == 400
    if response["Content-Type"].startswith("text/plain"):  # a NUL is refused before the view, as a page
        assert response.content.decode().startswith(("Bitte", "Wählen"))
    assert not AuditRecord.objects.filter(action="plan.execution_exported").exists()


def test_more_dates_than_one_export_holds_are_refused(
    org: Organization, monkeypatch: pytest.MonkeyPatch
) -> None:
    with time_machine.travel(NOW - dt.timedelta(days=60), tick=False):
        office = make_office(org, rows=2)
    monkeypatch.setattr("resonanz.plan.period.MAX_OCCURRENCES", 5)

    with time_machine.travel(NOW, tick=False):
        refused = page_export(office.auditor, office, format="pdf")
        monkeypatch.setattr("resonanz.plan.period.MAX_OCCURRENCES", 8)
        exported = page_export(office.auditor, office, format="pdf")

    assert refused.status_code == 400 and "mehr als 5 geplante Termine" in refused.content.decode()
    assert exported.status_code == 200 and "8 0 6 0 2 0 %" in pdf_text(exported.content)


def test_the_api_answers_with_the_asked_format(office: Office, frozen: Any) -> None:
    caller = Caller(office.auditor, scope="read")
    path = f"/versions/{office.published.pk}/execution/export?start=2026-01-01&end=2026-02-28"

    pdf, default = caller.get(path + "&format=pdf"), caller.get(path)
    odd, far = caller.get(path + "&format=docx"), caller.get(path.replace("2026-02-28", "9000-01-01"))

    assert pdf.status_code == 200 and pdf["Content-Type"] == PDF
    assert "Planned vs. executed" in pdf_text(pdf.content)
    assert default.status_code == 200 and default["Content-Type"].startswith("application/vnd.openxml")
    assert odd.status_code == 422 and far.status_code == 422
    assert "format" in odd.content.decode()
    assert [
        (r.after or {})["format"] for r in AuditRecord.objects.filter(action="plan.execution_exported")
    ] == [
        "pdf",
        "xlsx",
    ]


def test_an_outsider_finds_nothing(office: Office, frozen: Any) -> None:
    other = make_organization(slug="andere")
    outsider = make_member(other, ["quality_officer"])

    page = signed_in(outsider).get(
        f"/o/{other.slug}/plan/{office.plan.pk}/execution/export/", {**PERIOD, "format": "pdf"}
    )
    api = Caller(outsider).get(
        f"/versions/{office.published.pk}/execution/export?start=2026-01-01&end=2026-02-28&format=pdf"
    )

    assert page.status_code == 404 and api.status_code == 404
    assert not AuditRecord.objects.filter(action="plan.execution_exported").exists()


def test_a_long_record_is_made_by_the_worker_while_the_page_waits(
    office: Office, frozen: Any, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    monkeypatch.setattr(exports, "EXECUTION_PDF_SYNC_DATES", 3)
    queued: list[int] = []
    monkeypatch.setattr("resonanz.documents.tasks.render_document_task", queued.append)
    client = signed_in(office.auditor)
    url = office.url(f"{office.plan.pk}/execution/export/")
    query = {**PERIOD, "format": "pdf"}

    with django_capture_on_commit_callbacks(execute=True):
        waiting = client.get(url, query)
        asked_again = client.get(url, query)

    assert waiting.status_code == asked_again.status_code == 202
    assert len(queued) == 1, "one job, however often it is asked for"
    token = waiting.context["token"]
    assert asked_again.context["token"] == token
    poll = client.get(url, {**query, "token": token}, HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in poll.content.decode()
    assert not AuditRecord.objects.filter(action="plan.execution_exported").exists(), "nothing delivered yet"

    assert jobs.run_job(queued[0])  # what the worker does
    ready = client.get(url, {**query, "token": token}, HTTP_HX_REQUEST="true")
    download = client.get(url, {**query, "token": token})

    assert "hx-trigger" not in ready.content.decode() and f"token={token}" in ready.content.decode()
    assert download.status_code == 200 and download["Content-Type"] == PDF
    assert "4 1 1 1 1 33 %" in pdf_text(download.content)
    assert AuditRecord.objects.filter(action="plan.execution_exported", after__format="pdf").count() == 1
    assert client.get(url, {**query, "token": "../../etc"}).context["state"] == "failed"


def test_the_api_answers_202_while_the_worker_makes_a_long_record(
    office: Office, frozen: Any, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    monkeypatch.setattr(exports, "EXECUTION_PDF_SYNC_DATES", 3)
    queued: list[int] = []
    monkeypatch.setattr("resonanz.documents.tasks.render_document_task", queued.append)
    caller = Caller(office.auditor, scope="read")
    path = f"/versions/{office.published.pk}/execution/export?start=2026-01-01&end=2026-02-28&format=pdf"

    with django_capture_on_commit_callbacks(execute=True):
        pending = caller.get(path)
    jobs.run_job(queued[0])
    made = caller.get(path)

    assert pending.status_code == 202 and pending["Retry-After"] == "3"
    assert pending.json()["status"] == "pending"
    assert made.status_code == 200 and made["Content-Type"] == PDF


def test_a_pdf_that_cannot_be_made_is_said_so_and_made_when_asked_again(
    office: Office, frozen: Any, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    monkeypatch.setattr(exports, "EXECUTION_PDF_SYNC_DATES", 3)
    real = rendering.compile_pdf

    def broken(document: Document) -> bytes:
        raise DocumentError("plan/pdf/execution.typ: out of memory")

    monkeypatch.setattr(jobs, "compile_pdf", broken)
    client = signed_in(office.auditor)
    url = office.url(f"{office.plan.pk}/execution/export/")
    query = {**PERIOD, "format": "pdf"}
    with django_capture_on_commit_callbacks(execute=True):
        token = client.get(url, query).context["token"]
    failed = client.get(url, {**query, "token": token}, HTTP_HX_REQUEST="true")
    monkeypatch.setattr(jobs, "compile_pdf", real)
    with django_capture_on_commit_callbacks(execute=True):
        retried = client.get(url, query)
    made = client.get(url, query)

    assert failed.context["state"] == "failed" and "alert-danger" in failed.content.decode()
    assert retried.status_code == 202, "asked again: queued again"
    assert made.status_code == 200 and made.content.startswith(b"%PDF")
    assert DocumentJob.objects.get().attempts == 2


def test_the_api_says_503_when_a_short_record_cannot_be_made(
    office: Office, frozen: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(document: Document) -> bytes:
        raise DocumentError("plan/pdf/execution.typ: out of memory")

    monkeypatch.setattr(deferred, "compile_pdf", broken)

    answer = Caller(office.auditor).get(
        f"/versions/{office.published.pk}/execution/export?start=2026-01-01&end=2026-02-28&format=pdf"
    )

    assert answer.status_code == 503 and "XLSX" in answer.content.decode()
    assert not AuditRecord.objects.filter(action="plan.execution_exported").exists()
