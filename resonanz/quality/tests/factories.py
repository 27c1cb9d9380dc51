"""Quality test data, made through the quality app's actions."""

from __future__ import annotations

import datetime as dt

from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan.reviews import local_today
from resonanz.quality import actions
from resonanz.quality.models import CauseCategory, Incident, IncidentAction


def make_officer(organization: Organization) -> Membership:
    return make_member(organization, ["quality_officer"])


def make_analysed(officer: Membership, title: str = "Beitrag ohne Freigabe veröffentlicht") -> Incident:
    incident = actions.open_incident(
        officer, title=title, description="Ein Beitrag ging ohne Freigabe hinaus."
    )
    actions.record_containment(officer, incident, containment="Beitrag gelöscht, Korrektur veröffentlicht.")
    return actions.record_cause_analysis(
        officer,
        incident,
        whys=["Freigabe übersprungen", "Zeitdruck", "Keine Vertretung geregelt"],
        cause_category=CauseCategory.MANAGEMENT,
    )


def add_action(
    officer: Membership, incident: Incident, owner: Membership | None = None, days: int = 14
) -> IncidentAction:
    return actions.add_corrective_action(
        officer,
        incident,
        title="Vertretungsregel für Freigaben festlegen",
        owner=owner or officer,
        due_date=local_today(officer.organization) + dt.timedelta(days=days),
    )
