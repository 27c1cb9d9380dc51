"""The clause library's pages: German first, notes through the action, other organizations not found."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.standards.models import AdoptedStandard, Standard
from resonanz.standards.tests.factories import adopt, clause_of


@pytest.fixture
def officer(member_factory: Callable[..., Membership], org: Organization) -> Membership:
    return member_factory(org, ["quality_officer"])


def test_the_overview_offers_the_loaded_standards_and_adopting_one_lists_its_clauses(
    officer: Membership, client_for: Callable[[Membership], Client]
) -> None:
    client = client_for(officer)
    url = reverse("standards:standards_index", args=[officer.organization.slug])

    page = client.get(url).content.decode()
    assert "ISO 9001:2015 Qualitätsmanagementsysteme" in page
    assert "Diese Norm verwenden" in page

    iso = Standard.objects.get(code="iso9001", edition="2015")
    answer = client.post(
        reverse("standards:standards_adopt", args=[officer.organization.slug]), {"standard": iso.pk}
    )
    adopted = AdoptedStandard.objects.get(organization=officer.organization, standard=iso)
    assert answer.status_code == 302
    assert answer["Location"] == reverse(
        "standards:standards_clauses", args=[officer.organization.slug, adopted.pk]
    )
    assert adopted.clauses.count() == iso.clauses.count()
    again = client.post(
        reverse("standards:standards_adopt", args=[officer.organization.slug]), {"standard": iso.pk}
    )
    assert again.status_code == 302
    assert AdoptedStandard.objects.filter(organization=officer.organization).count() == 1
    assert (
        AuditRecord.objects.filter(organization=officer.organization, action="standards.adopted").count() == 1
    )

    clauses = client.get(answer["Location"]).content.decode()
    assert "Kommunikation" in clauses and "Lückenliste" in clauses


def test_adopting_an_unknown_standard_is_explained_and_changes_nothing(
    officer: Membership, client_for: Callable[[Membership], Client]
) -> None:
    answer = client_for(officer).post(
        reverse("standards:standards_adopt", args=[officer.organization.slug]),
        {"standard": "nope"},
        follow=True,
    )
    assert "Wählen Sie eine der angebotenen Normen." in answer.content.decode()
    assert not AdoptedStandard.objects.filter(organization=officer.organization).exists()


def test_the_clause_page_shows_paraphrase_evidence_mapped_clauses_and_the_note(
    officer: Membership, client_for: Callable[[Membership], Client]
) -> None:
    adopted = adopt(officer)
    adopt(officer, "gdpr", "2016")
    clause = clause_of(adopted, "7.5")
    client = client_for(officer)
    url = reverse("standards:standards_clause", args=[officer.organization.slug, clause.pk])

    saved = client.post(
        reverse("standards:standards_clause_note", args=[officer.organization.slug, clause.pk]),
        {"note": "Dokumentenlenkung im Handbuch, Kapitel 7"},
    )
    page = client.get(url).content.decode()

    assert saved.status_code == 302
    assert clause.clause.paraphrase_de in page
    assert "Unsere eigene Kurzfassung, nicht der Text der Norm." in page
    assert "Änderungsprotokoll" in page, "the audit trail is live evidence of 7.5 (through 7.5.3)"
    assert "Verzeichnis von Verarbeitungstätigkeiten" in page, "GDPR Art. 30 is mapped to 7.5"
    assert "Dokumentenlenkung im Handbuch, Kapitel 7" in page


def test_a_note_that_is_too_long_is_explained_and_not_saved(
    officer: Membership, client_for: Callable[[Membership], Client]
) -> None:
    clause = clause_of(adopt(officer), "4.1")
    answer = client_for(officer).post(
        reverse("standards:standards_clause_note", args=[officer.organization.slug, clause.pk]),
        {"note": "x" * 2001},
    )
    assert answer.status_code == 400
    assert "höchstens 2000 Zeichen" in answer.content.decode().replace("\u202f", "").replace(".", "")
    clause.refresh_from_db()
    assert clause.note == ""


def test_another_organizations_standards_and_clauses_are_not_found(
    officer: Membership,
    other_org: Organization,
    member_factory: Callable[..., Membership],
    client_for: Callable[[Membership], Client],
) -> None:
    theirs = adopt(member_factory(other_org, ["quality_officer"]))
    clause = clause_of(theirs, "7.4")
    client = client_for(officer)
    slug = officer.organization.slug

    assert client.get(reverse("standards:standards_clauses", args=[slug, theirs.pk])).status_code == 404
    assert client.get(reverse("standards:standards_gaps", args=[slug, theirs.pk])).status_code == 404
    assert client.get(reverse("standards:standards_clause", args=[slug, clause.pk])).status_code == 404
    note = client.post(reverse("standards:standards_clause_note", args=[slug, clause.pk]), {"note": "fremd"})
    assert note.status_code == 404
    clause.refresh_from_db()
    assert clause.note == ""


@pytest.mark.parametrize(("role", "status"), [("works_council", 403), ("ambassador", 403), ("auditor", 200)])
def test_who_reads_the_clause_library(
    org: Organization,
    member_factory: Callable[..., Membership],
    client_for: Callable[[Membership], Client],
    role: str,
    status: int,
) -> None:
    member = member_factory(org, [role])
    assert client_for(member).get(reverse("standards:standards_index", args=[org.slug])).status_code == status


def test_the_auditor_reads_a_clause_without_a_form_to_change_it(
    org: Organization,
    officer: Membership,
    member_factory: Callable[..., Membership],
    client_for: Callable[[Membership], Client],
) -> None:
    clause = clause_of(adopt(officer), "7.2")
    auditor = member_factory(org, ["auditor"])
    page = client_for(auditor).get(reverse("standards:standards_clause", args=[org.slug, clause.pk]))
    assert page.status_code == 200
    assert "Vermerk speichern" not in page.content.decode()
    refused = client_for(auditor).post(
        reverse("standards:standards_clause_note", args=[org.slug, clause.pk]), {"note": "x"}
    )
    assert refused.status_code == 403
