"""Test data of the competence app, made through its actions."""

from __future__ import annotations

import datetime as dt

from resonanz.competence import actions
from resonanz.competence.models import Certificate, Competence
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member


def quality_officer(organization: Organization) -> Membership:
    found = Membership.objects.filter(
        organization=organization, role_assignments__role="quality_officer"
    ).first()
    return found or make_member(organization, ["quality_officer"])


def competence_named(organization: Organization, name: str) -> Competence:
    return Competence.objects.get(organization=organization, name=name)


LINKEDIN = "Für das Unternehmen auf LinkedIn posten"
PRIVACY = "Datenschutz-Grundlagen"


def certify(
    person: Membership,
    competence: Competence,
    issued_on: dt.date = dt.date(2026, 1, 1),
    expires_on: dt.date | None = None,
) -> Certificate:
    return actions.record_certificate(
        quality_officer(person.organization),
        person=person,
        competence=competence,
        issued_on=issued_on,
        expires_on=expires_on,
    )
