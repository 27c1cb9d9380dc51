"""What the page tests share: signed-in clients, htmx headers and a plan with people around it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.test import Client
from django.utils import translation

from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan import actions
from resonanz.plan.models import CommunicationPlan, PlanVersion
from resonanz.plan.tests.factories import complete_row_values, make_plan_people


def de(message: str, **params: object) -> str:
    """``message`` as a German member reads it (members are German unless they chose otherwise)."""
    with translation.override("de"):
        text = translation.gettext(message)
    return text % params if params else text


def htmx(target: str) -> dict[str, Any]:
    """The headers htmx sends when it swaps the element with this id."""
    return {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": target}


def signed_in(member: Membership) -> Client:
    client = Client()
    client.force_login(member.user)
    return client


@dataclass
class Office:
    """A communications manager, a quality officer, an ambassador, an auditor and a published plan."""

    organization: Organization
    manager: Membership
    officer: Membership
    ambassador: Membership
    auditor: Membership
    buddy: Membership
    plan: CommunicationPlan
    published: PlanVersion

    def url(self, path: str = "") -> str:
        return f"/o/{self.organization.slug}/plan/{path}"


def make_office(organization: Organization, rows: int = 2) -> Office:
    manager, officer = make_plan_people(organization)
    plan = actions.create_plan(manager, identifier="KP-01", title="Kommunikationsplan")
    draft = plan.versions.get()
    for number in range(1, rows + 1):
        actions.add_row(
            manager, draft, **complete_row_values(organization, manager, description=f"Eintrag {number}")
        )
    actions.submit_for_review(manager, draft)
    actions.approve_version(officer, draft)
    published = actions.publish_version(officer, draft)
    plan.refresh_from_db()
    return Office(
        organization,
        manager,
        officer,
        make_member(organization, ["ambassador"], full_name="Anna Botschafterin"),
        make_member(organization, ["auditor"], full_name="Arno Auditor"),
        make_member(organization, ["buddy"], full_name="Berta Buddy"),
        plan,
        published,
    )
