"""The competence models hold their invariants in the database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from resonanz.competence.models import (
    Certificate,
    CertificateReminder,
    CertificateReminderKind,
    Competence,
    Training,
    TrainingFormat,
)
from resonanz.core.models import Organization
from resonanz.core.tests.factories import make_member, make_organization

pytestmark = pytest.mark.django_db


def test_a_new_organization_gets_the_default_catalogue_in_its_language() -> None:
    german = make_organization("Deutsch GmbH")
    english = make_organization("English Ltd", default_language="en")
    assert "Für das Unternehmen auf LinkedIn posten" in set(
        Competence.objects.filter(organization=german).values_list("name", flat=True)
    )
    assert set(Competence.objects.filter(organization=english).values_list("name", flat=True)) >= {
        "Posting for the company on LinkedIn",
        "Data protection basics",
    }
    assert Competence.objects.filter(organization=german).count() == 5


def test_competence_names_are_unique_per_organization_ignoring_case(
    org: Organization, other_org: Organization
) -> None:
    Competence.objects.create(organization=other_org, name="Pressearbeit")
    Competence.objects.create(organization=org, name="Pressearbeit")
    with pytest.raises(IntegrityError), transaction.atomic():
        Competence.objects.create(organization=org, name="PRESSEARBEIT")


def test_a_certificate_cannot_expire_before_it_was_issued(org: Organization) -> None:
    holder = make_member(org)
    competence = Competence.objects.filter(organization=org).first()
    assert competence is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            organization=org,
            membership=holder,
            competence=competence,
            issued_on=dt.date(2026, 5, 1),
            expires_on=dt.date(2026, 4, 30),
        )


def test_a_training_cannot_end_before_it_starts(org: Organization) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Training.objects.create(
            organization=org,
            title="Kurs",
            format=TrainingFormat.SEMINAR,
            starts_on=dt.date(2026, 5, 2),
            ends_on=dt.date(2026, 5, 1),
        )


def test_a_reminder_of_one_kind_exists_once_per_certificate(org: Organization) -> None:
    holder = make_member(org)
    competence = Competence.objects.filter(organization=org).first()
    assert competence is not None
    certificate = Certificate.objects.create(
        organization=org, membership=holder, competence=competence, issued_on=dt.date(2026, 1, 1)
    )
    CertificateReminder.objects.create(certificate=certificate, kind=CertificateReminderKind.DAYS_30)
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificateReminder.objects.create(certificate=certificate, kind=CertificateReminderKind.DAYS_30)
