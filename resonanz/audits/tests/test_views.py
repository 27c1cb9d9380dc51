"""The audit pages and API: the programme, planning with the independence and criteria messages at the
form, the checklist by htmx, completion, the report PDF with its finding, and other organizations and
roles finding nothing."""

from __future__ import annotations

import datetime as dt
import functools
import io

import pytest
from django.test import Client
from pypdf import PdfReader

from resonanz.audits.models import Audit, AuditStatus
from resonanz.audits.tests.factories import YEAR, clauses, complete, plan, programme
from resonanz.core.models import Membership, Organization
from resonanz.core.roles import Role
from resonanz.core.tests.factories import ApiCaller, make_member
from resonanz.quality.models import Incident

pytestmark = pytest.mark.django_db
Caller = functools.partial(ApiCaller, api="/api/v1/audits", language="de")


@pytest.fixture
def officer(org: Organization) -> Membership:
    return make_member(org, [Role.QUALITY_OFFICER], full_name="Quirin Qualität")


@pytest.fixture
def auditor(org: Organization) -> Membership:
    return make_member(org, [Role.AUDITOR], full_name="Anna Auditorin")


@pytest.fixture
def auditee(org: Organization) -> Membership:
    return make_member(org, [Role.COMMUNICATIONS_MANAGER], full_name="Karl Kommunikation")


def client_for(member: Membership) -> Client:
    client = Client()
    client.force_login(member.user)
    return client


def pdf_text(content: bytes) -> str:
    return " ".join(
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(content)).pages
    )


def test_the_form_refuses_an_auditor_of_their_own_work_and_an_audit_without_criteria(
    officer: Membership, auditee: Membership
) -> None:
    slug = officer.organization.slug
    year = programme(officer)
    client = client_for(officer)
    base = {
        "title": "Kommunikation",
        "scope": "Kanäle",
        "planned_on": f"{YEAR}-04-01",
        "lead_auditor": str(auditee.pk),
        "auditees": [str(auditee.pk)],
        "criteria": [str(clauses(officer, "7.4")[0].pk)],
    }

    own = client.post(f"/o/{slug}/audits/programmes/{year.pk}/", base)
    bare = client.post(
        f"/o/{slug}/audits/programmes/{year.pk}/", {**base, "lead_auditor": str(officer.pk), "criteria": []}
    )

    assert own.status_code == 400 and "niemand auditiert die eigene Arbeit" in own.content.decode()
    assert bare.status_code == 400 and "Ein Audit ohne Kriterien" in bare.content.decode()
    assert not Audit.objects.exists()
    planned = client.post(
        f"/o/{slug}/audits/programmes/{year.pk}/", {**base, "lead_auditor": str(officer.pk)}
    )
    assert planned.status_code == 302 and Audit.objects.get().number == 1


def test_the_checklist_is_worked_through_by_htmx_and_the_report_holds_the_finding(
    officer: Membership, auditor: Membership, auditee: Membership
) -> None:
    slug = officer.organization.slug
    audit = plan(officer, auditor=officer, auditee=auditee, criteria=clauses(officer, "7.4", "9.2"))
    client = client_for(officer)
    assert client.post(f"/o/{slug}/audits/{audit.pk}/start/").status_code == 302
    first, second = audit.items.order_by("position")

    page = client.get(f"/o/{slug}/audits/{audit.pk}/").content.decode()
    refused = client.post(
        f"/o/{slug}/audits/items/{first.pk}/result/",
        {f"item{first.pk}-result": "major"},
        HTTP_HX_REQUEST="true",
    )
    saved = client.post(
        f"/o/{slug}/audits/items/{first.pk}/result/",
        {f"item{first.pk}-result": "major", f"item{first.pk}-note": "Keine Freigabe dokumentiert"},
        HTTP_HX_REQUEST="true",
    )
    early = client.post(f"/o/{slug}/audits/{audit.pk}/complete/", {"summary": ""})
    client.post(f"/o/{slug}/audits/items/{second.pk}/result/", {f"item{second.pk}-result": "conform"})
    done = client.post(f"/o/{slug}/audits/{audit.pk}/complete/", {"summary": "Wirksam mit einer Ausnahme"})

    assert f'hx-post="/o/{slug}/audits/items/{first.pk}/result/"' in page
    assert refused.status_code == 400 and "Beschreiben Sie die Abweichung" in refused.content.decode()
    assert saved.status_code == 200 and saved.content.decode().startswith('<li class="card')
    assert early.status_code == 400 and "1 Checklistenpunkt hat noch kein Ergebnis" in early.content.decode()
    assert done.status_code == 302
    incident = Incident.objects.get()
    assert incident.grade == "major"
    # An auditor (read-only role) reads the issued audit and its report, in German.
    reader = client_for(auditor)
    detail = reader.get(f"/o/{slug}/audits/{audit.pk}/").content.decode()
    assert "abgeschlossen (Bericht erstellt)" in detail and f"Vorfall #{incident.number}" in detail
    assert "hx-post" not in detail
    report = reader.get(f"/o/{slug}/audits/{audit.pk}/report.pdf")
    assert report.status_code == 200 and report["Content-Type"] == "application/pdf"
    text = pdf_text(report.content)
    assert "Bericht über das interne Audit" in text or "Internes Audit #1" in text
    assert "Keine Freigabe dokumentiert" in text and f"#{incident.number}" in text
    assert "schwerwiegende Abweichung" in text and "Quirin Qualität" in text and "Karl Kommunikation" in text


def test_the_report_is_in_english_for_english_readers_and_refused_before_completion(
    officer: Membership, auditee: Membership
) -> None:
    slug = officer.organization.slug
    open_audit = plan(officer, auditor=officer, auditee=auditee)
    done = complete(officer, plan(officer, auditor=officer, auditee=auditee), {"7.4": "minor"})
    officer.user.language = "en"
    officer.user.save()
    client = client_for(officer)

    english = pdf_text(client.get(f"/o/{slug}/audits/{done.pk}/report.pdf").content)
    early = client.get(f"/o/{slug}/audits/{open_audit.pk}/report.pdf")

    assert "Internal audit report" in english and "minor nonconformity" in english
    assert early.status_code == 302


def test_the_programme_page_lists_the_audits_of_the_year_with_their_status(
    officer: Membership, auditee: Membership
) -> None:
    plan(officer, auditor=officer, auditee=auditee, title="Frühjahrsaudit")
    slug = officer.organization.slug
    client = client_for(officer)

    index = client.get(f"/o/{slug}/audits/").content.decode()
    created = client.post(f"/o/{slug}/audits/", {"year": str(YEAR + 1), "objectives": "Alle Kanäle"})
    twice = client.post(f"/o/{slug}/audits/", {"year": str(YEAR + 1)})
    quality = client.get(f"/o/{slug}/quality/").content.decode()

    assert "Auditprogramm 2027" in index and "Frühjahrsaudit" in index and "geplant" in index
    assert created.status_code == 302 and twice.status_code == 400
    assert "Für 2028 gibt es bereits ein Auditprogramm." in twice.content.decode()
    assert f"/o/{slug}/audits/" in quality


def test_the_api_plans_starts_records_completes_and_reports(officer: Membership, auditee: Membership) -> None:
    caller = Caller(officer)
    year = caller.send("post", "/programmes", {"year": YEAR, "objectives": ""})
    assert year.status_code == 201, year.content
    body = {
        "audit_programme_id": year.json()["id"],
        "title": "API-Audit",
        "scope": "Freigaben",
        "planned_on": f"{YEAR}-05-02",
        "lead_auditor_id": auditee.pk,
        "auditee_ids": [auditee.pk],
        "adopted_clause_ids": [clause.pk for clause in clauses(officer, "7.4", "8.6")],
    }

    own = caller.send("post", "", body)
    bare = caller.send("post", "", {**body, "lead_auditor_id": officer.pk, "adopted_clause_ids": []})
    created = caller.send("post", "", {**body, "lead_auditor_id": officer.pk})

    assert own.status_code == 422 and "eigene Arbeit" in own.content.decode()
    assert bare.status_code == 422 and "Ein Audit ohne Kriterien" in bare.content.decode()
    assert created.status_code == 201, created.content
    number = created.json()["id"]
    started = caller.send("post", f"/{number}/start")
    assert started.status_code == 200 and [item["clause_number"] for item in started.json()["items"]] == [
        "7.4",
        "8.6",
    ]
    first, second = (item["id"] for item in started.json()["items"])
    assert (
        caller.send("post", f"/items/{first}/result", {"result": "minor", "note": "Lücke"}).status_code == 200
    )
    assert caller.send("post", f"/{number}/complete", {}).status_code == 422
    assert caller.send("post", f"/items/{second}/result", {"result": "conform"}).status_code == 200
    completed = caller.send("post", f"/{number}/complete", {"summary": "gut"})
    assert completed.status_code == 200 and completed.json()["status"] == AuditStatus.COMPLETED
    assert completed.json()["items"][0]["incident_number"] == Incident.objects.get().number
    assert caller.send("post", f"/items/{first}/result", {"result": "conform"}).status_code == 422
    listed = caller.get("")
    assert listed.json()["count"] == 1 and listed.json()["items"][0]["year"] == YEAR
    report = caller.get(f"/{number}/report")
    assert report.status_code == 200 and "Lücke" in pdf_text(report.content)


def test_another_organization_and_the_works_council_find_nothing(
    officer: Membership, auditee: Membership, other_org: Organization
) -> None:
    done = complete(officer, plan(officer, auditor=officer, auditee=auditee), {"7.4": "minor"})
    item = done.items.first()
    assert item is not None
    stranger = make_member(other_org, [Role.QUALITY_OFFICER])
    client = client_for(stranger)
    slug = other_org.slug

    assert client.get(f"/o/{slug}/audits/{done.pk}/").status_code == 404
    assert client.get(f"/o/{slug}/audits/{done.pk}/report.pdf").status_code == 404
    assert client.get(f"/o/{slug}/audits/programmes/{done.programme_id}/").status_code == 404
    assert (
        client.post(
            f"/o/{slug}/audits/items/{item.pk}/result/", {f"item{item.pk}-result": "conform"}
        ).status_code
        == 404
    )
    assert Caller(stranger).get(f"/{done.pk}").status_code == 404
    assert Caller(stranger).get(f"/{done.pk}/report").status_code == 404
    assert Caller(stranger).get("").json()["count"] == 0
    council = make_member(officer.organization, [Role.WORKS_COUNCIL])
    assert client_for(council).get(f"/o/{officer.organization.slug}/audits/").status_code == 403
    assert Caller(council).get(f"/{done.pk}").status_code == 403


def test_the_list_pages_make_a_bounded_number_of_queries(
    officer: Membership, auditee: Membership, django_assert_max_num_queries: object
) -> None:
    for day in range(1, 6):
        plan(officer, auditor=officer, auditee=auditee, planned_on=dt.date(YEAR, 2, day))
    client = client_for(officer)
    slug = officer.organization.slug
    client.get(f"/o/{slug}/audits/")

    with django_assert_max_num_queries(20):  # type: ignore[operator]
        assert client.get(f"/o/{slug}/audits/").status_code == 200


def test_a_running_checklist_links_the_live_evidence_of_its_clauses(
    officer: Membership, auditee: Membership
) -> None:
    earlier = complete(officer, plan(officer, auditor=officer, auditee=auditee))
    running = plan(officer, auditor=officer, auditee=auditee, criteria=clauses(officer, "9.2", "4.3"))
    client = client_for(officer)
    slug = officer.organization.slug
    client.post(f"/o/{slug}/audits/{running.pk}/start/")

    page = client.get(f"/o/{slug}/audits/{running.pk}/").content.decode()
    api = Caller(officer).get(f"/{running.pk}").json()

    assert f'<a href="/o/{slug}/audits/{earlier.pk}/">Internes Audit #{earlier.number}' in page
    assert "Für diesen Abschnitt liegen in resonanz keine Nachweise vor." in page  # 4.3 has none
    evidence = {item["clause_number"]: item["evidence"] for item in api["items"]}
    assert evidence["9.2"][0]["url"] == f"/o/{slug}/audits/{earlier.pk}/" and evidence["4.3"] == []
