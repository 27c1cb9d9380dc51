"""Plan test data, made through the plan's actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan import actions
from resonanz.plan.models import Audience, Channel, CommunicationPlan, PlanRow, PlanVersion, Topic, WhenKind


@pytest.fixture
def english_messages() -> Iterator[None]:
    """Messages in English, whatever the catalogue holds; modules opt in with ``usefixtures``."""
    with translation.override("en"):
        yield


def first(model: type[Any], organization: Organization, name: str | None = None) -> Any:
    items = model.objects.filter(organization=organization)
    return items.get(name=name) if name else items.order_by("position").first()


def complete_row_values(organization: Organization, owner: Membership, **overrides: Any) -> dict[str, Any]:
    """Values that answer all five questions, using the organization's default reference data."""
    values: dict[str, Any] = {
        "topic": first(Topic, organization),
        "description": "Monatlicher Beitrag",
        "key_messages": "Wir liefern Qualität.",
        "when_kind": WhenKind.RECURRENCE,
        "rrule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        "start_date": dt.date(2026, 1, 6),
        "start_time": dt.time(9, 0),
        "audiences": [first(Audience, organization)],
        "channels": [first(Channel, organization)],
        "format": "Beitrag mit Bild",
        "languages": ["de"],
        "sender_roles": ["communications_manager"],
        "owner": owner,
        "approver": owner,
    }
    values.update(overrides)
    return values


def make_plan_people(organization: Organization) -> tuple[Membership, Membership]:
    """A communications manager and a quality officer."""
    return make_member(organization, ["communications_manager"]), make_member(
        organization, ["quality_officer"]
    )


def make_plan(
    organization: Organization, editor: Membership, identifier: str = "KP-01", rows: int = 1
) -> tuple[CommunicationPlan, PlanVersion, list[PlanRow]]:
    plan = actions.create_plan(editor, identifier=identifier, title="Kommunikationsplan")
    draft = plan.versions.get()
    made = [
        actions.add_row(editor, draft, **complete_row_values(organization, editor, description=f"Zeile {n}"))
        for n in range(1, rows + 1)
    ]
    return plan, draft, made


def make_published_plan(
    organization: Organization,
    editor: Membership,
    approver: Membership,
    rows: int = 2,
    identifier: str = "KP-01",
) -> tuple[CommunicationPlan, PlanVersion]:
    plan, draft, _rows = make_plan(organization, editor, identifier, rows)
    actions.submit_for_review(editor, draft)
    actions.approve_version(approver, draft)
    published = actions.publish_version(approver, draft)
    plan.refresh_from_db()
    return plan, published
