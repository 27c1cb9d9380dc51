"""The competence pages: who sees them, what they show, what they refuse; outsiders get 404."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from resonanz.competence import actions
from resonanz.competence.models import (
    Certificate,
    Competence,
    EffectivenessCheck,
    Training,
    TrainingParticipation,
)
from resonanz.competence.tests.factories import LINKEDIN, PRIVACY, certify, competence_named, quality_officer
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan.models import Channel

pytestmark = pytest.mark.django_db
Clients = Callable[[Membership], Client]


def _url(org: Organization, path: str = "") -> str:
    return f"/o/{org.slug}/competence/{path}"


def test_quality_officer_auditor_and_communications_manager_read_the_matrix_works_council_does_not(
    org: Organization, client_for: Clients
) -> None:
    for roles, status in (
        (["quality_officer"], 200),
        (["auditor"], 200),
        (["communications_manager"], 200),
        (["works_council"], 403),
        (["ambassador"], 403),
    ):
        assert client_for(make_member(org, roles)).get(_url(org, "matrix/")).status_code == status, roles


def test_an_outsider_gets_404_for_another_organizations_objects(
    org: Organization, other_org: Organization, client_for: Clients
) -> None:
    person = make_member(org)
    certificate = certify(person, competence_named(org, LINKEDIN))
    stranger = client_for(quality_officer(other_org))
    for path in (
        "",
        f"{certificate.competence_id}/",
        f"people/{person.pk}/",
        f"certificates/{certificate.pk}/file/",
        "matrix/",
    ):
        assert stranger.get(_url(org, path)).status_code == 404, path
    # Their own pages do not take this organization's ids either.
    assert stranger.get(_url(other_org, f"people/{person.pk}/")).status_code == 404
    assert stranger.get(_url(other_org, f"{certificate.competence_id}/")).status_code == 404


def test_the_matrix_page_pages_by_25_and_ignores_odd_filters(org: Organization, client_for: Clients) -> None:
    officer = quality_officer(org)
    for _ in range(27):
        make_member(org)
    client = client_for(officer)
    first = client.get(_url(org, "matrix/"))
    assert first.status_code == 200
    assert first.context["matrix"].pages == 2 and len(first.context["matrix"].rows) == 25
    odd = client.get(
        _url(org, "matrix/"),
        {"page": "x" * 5000, "competence": "9" * 40, "status": "nope", "unit": "y" * 999},
    )
    assert odd.status_code == 200
    assert client.get(_url(org, "matrix/"), {"status": "\x00"}).status_code == 400


def test_adding_a_duplicate_competence_shows_the_german_refusal(
    org: Organization, client_for: Clients
) -> None:
    client = client_for(quality_officer(org))
    response = client.post(_url(org), {"name": "datenschutz-grundlagen"}, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 400
    assert "gibt es bereits" in response.content.decode()
    assert client.post(_url(org), {"name": "Pressearbeit"}).status_code == 302
    assert Competence.objects.filter(organization=org, name="Pressearbeit").exists()


def test_only_the_quality_officer_adds(org: Organization, client_for: Clients) -> None:
    auditor = client_for(make_member(org, ["auditor"]))
    assert auditor.post(_url(org), {"name": "Pressearbeit"}).status_code == 403
    assert not Competence.objects.filter(organization=org, name="Pressearbeit").exists()


def test_a_certificate_with_its_file_is_recorded_and_downloaded(
    committing_db: None, org: Organization, client_for: Clients
) -> None:
    """The file is stored once the record is committed, while the request still holds the upload."""
    officer, person = quality_officer(org), make_member(org)
    client = client_for(officer)
    response = client.post(
        _url(org, f"people/{person.pk}/"),
        {
            "competence": competence_named(org, PRIVACY).pk,
            "issued_on": "2026-03-01",
            "expires_on": "2028-03-01",
            "issuer": "Akademie",
            "evidence": SimpleUploadedFile("nachweis.pdf", b"%PDF-1.4 nachweis"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    certificate = Certificate.objects.get(membership=person)
    download = client_for(make_member(org, ["auditor"])).get(
        _url(org, f"certificates/{certificate.pk}/file/")
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 nachweis"  # type: ignore[attr-defined]
    assert "attachment" in download["Content-Disposition"]


def test_a_certificate_expiring_before_issue_is_refused_on_the_page(
    org: Organization, client_for: Clients
) -> None:
    person = make_member(org)
    response = client_for(quality_officer(org)).post(
        _url(org, f"people/{person.pk}/"),
        {
            "competence": competence_named(org, PRIVACY).pk,
            "issued_on": "2026-03-01",
            "expires_on": "2026-02-01",
        },
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 400
    assert "Ausstellungstag" in response.content.decode()
    assert not Certificate.objects.filter(membership=person).exists()


def test_a_training_is_added_with_participants_and_an_effectiveness_check(
    org: Organization, client_for: Clients
) -> None:
    client = client_for(quality_officer(org))
    response = client.post(
        _url(org, "trainings/"),
        {
            "title": "Social Media Manager",
            "format": "in_house_course",
            "starts_on": "2026-02-02",
            "ends_on": "2026-06-26",
        },
    )
    assert response.status_code == 302
    training = Training.objects.get(organization=org, title="Social Media Manager")
    person = make_member(org)
    assert (
        client.post(_url(org, f"trainings/{training.pk}/participants/"), {"person": person.pk}).status_code
        == 302
    )
    assert (
        client.post(
            _url(org, f"trainings/{training.pk}/checks/"), {"planned_on": "2026-09-01", "method": "Befragung"}
        ).status_code
        == 302
    )
    page = client.get(_url(org, f"trainings/{training.pk}/"))
    assert person.user.full_name in page.content.decode() and "Befragung" in page.content.decode()
    reversed_dates = client.post(
        _url(org, "trainings/"),
        {"title": "Rückwärts", "format": "seminar", "starts_on": "2026-02-02", "ends_on": "2026-01-26"},
    )
    assert reversed_dates.status_code == 400


def test_the_xlsx_export_has_readable_german_headers_and_is_recorded(
    org: Organization, client_for: Clients
) -> None:
    person = make_member(org, full_name="Dr. Erika Mustermann")
    certify(person, competence_named(org, PRIVACY), dt.date(2026, 1, 1))
    response = client_for(quality_officer(org)).get(
        _url(org, "matrix/export.xlsx"), HTTP_ACCEPT_LANGUAGE="de"
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Name", "Bereich") or rows[0][0] == "Name"
    assert PRIVACY in rows[0]
    line = next(row for row in rows if row[0] == "Dr. Erika Mustermann")
    assert line[list(rows[0]).index(PRIVACY)] == "gültig"
    assert AuditRecord.objects.filter(organization=org, action="competence.matrix_exported").exists()


def test_the_pdf_export_is_a_pdf(org: Organization, client_for: Clients) -> None:
    certify(make_member(org), competence_named(org, PRIVACY), dt.date(2026, 1, 1))
    response = client_for(make_member(org, ["auditor"])).get(_url(org, "matrix/export.pdf"))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


def test_requirements_are_added_and_removed_on_the_page(org: Organization, client_for: Clients) -> None:
    client = client_for(quality_officer(org))
    linkedin = Channel.objects.get(organization=org, name="LinkedIn")
    competence = competence_named(org, LINKEDIN)
    response = client.post(
        _url(org, "requirements/"),
        {"kind": "channel", "channel-channel": linkedin.pk, "channel-competence": competence.pk},
    )
    assert response.status_code == 302
    page = client.get(_url(org, "requirements/")).content.decode()
    assert "LinkedIn" in page and LINKEDIN in page
    bad = client.post(_url(org, "requirements/"), {"kind": "channel", "channel-channel": 10**12})
    assert bad.status_code == 400


def test_the_training_page_forms_record_or_say_what_is_wrong(org: Organization, client_for: Clients) -> None:
    """GIVEN a training WHEN its four forms (enrol, plan a check, a participant's status, a check's
    result) are sent THEN good input is recorded and the page is shown again with a message, bad input
    is refused in German: on the page (400) for the adding forms, as a message for the line forms."""
    officer = quality_officer(org)
    client = client_for(officer)
    training = actions.create_training(
        officer, title="Social Media Manager", format="seminar", starts_on=dt.date(2026, 2, 2)
    )
    page = _url(org, f"trainings/{training.pk}/")
    german = {"Accept-Language": "de"}
    person = make_member(org, full_name="Lena Teilnehmerin")

    refused = client.post(_url(org, f"trainings/{training.pk}/participants/"), {"person": ""}, headers=german)
    assert refused.status_code == 400 and "Dieses Feld ist erforderlich." in refused.content.decode()
    enrolled = client.post(
        _url(org, f"trainings/{training.pk}/participants/"),
        {"person": person.pk},
        follow=True,
        headers=german,
    )
    assert enrolled.redirect_chain == [(page, 302)]
    assert "Lena Teilnehmerin" in enrolled.content.decode()
    participation = TrainingParticipation.objects.get(training=training, membership=person)

    no_method = client.post(_url(org, f"trainings/{training.pk}/checks/"), {"planned_on": "2026-09-01"})
    assert no_method.status_code == 400
    planned = client.post(
        _url(org, f"trainings/{training.pk}/checks/"), {"planned_on": "2026-09-01", "method": "Befragung"}
    )
    assert planned.status_code == 302
    check = EffectivenessCheck.objects.get(training=training)

    # A completion date on a participation that is not completed: refused by the action, said as a message.
    wrong = client.post(
        _url(org, f"participations/{participation.pk}/"),
        {"status": "enrolled", "completed_on": "2026-06-01"},
        follow=True,
        headers=german,
    )
    assert wrong.redirect_chain == [(page, 302)]
    assert "Nur eine abgeschlossene Teilnahme hat ein Abschlussdatum." in wrong.content.decode()
    assert TrainingParticipation.objects.get(pk=participation.pk).completed_on is None
    done = client.post(
        _url(org, f"participations/{participation.pk}/"),
        {"status": "completed", "completed_on": "2026-06-01"},
    )
    assert done.status_code == 302
    participation.refresh_from_db()
    assert (participation.status, participation.completed_on) == ("completed", dt.date(2026, 6, 1))

    odd = client.post(_url(org, f"checks/{check.pk}/"), {"result": "wunderbar"}, follow=True, headers=german)
    assert odd.redirect_chain == [(page, 302)]
    check.refresh_from_db()
    assert check.result == "pending"
    assessed = client.post(
        _url(org, f"checks/{check.pk}/"), {"result": "effective", "notes": "Gut"}, follow=True, headers=german
    )
    assert "Das Ergebnis wurde erfasst." in assessed.content.decode()
    check.refresh_from_db()
    assert (check.result, check.notes) == ("effective", "Gut")
