"""Competence gating: a plan row's senders must hold what its channels require; expired does not count."""

from __future__ import annotations

import datetime as dt

import pytest

from resonanz.competence import actions
from resonanz.competence.gating import violations_for, violations_for_rows
from resonanz.competence.tests.factories import LINKEDIN, certify, competence_named, quality_officer
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan import actions as plan_actions
from resonanz.plan.models import Channel, PlanRow

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)


def _row(org: Organization, senders: list[Membership], channels: list[str]) -> PlanRow:
    editor = make_member(org, ["quality_officer"])
    plan = plan_actions.create_plan(editor, identifier=f"KP-{PlanRow.objects.count()}", title="Plan")
    return plan_actions.add_row(
        editor,
        plan.versions.get(),
        description="Beitrag",
        channels=list(Channel.objects.filter(organization=org, name__in=channels)),
        senders=senders,
    )


@pytest.fixture
def linkedin_requires(org: Organization) -> None:
    actions.require_for_channel(
        quality_officer(org),
        channel=Channel.objects.get(organization=org, name="LinkedIn"),
        competence=competence_named(org, LINKEDIN),
    )


@pytest.mark.usefixtures("linkedin_requires")
def test_a_sender_without_the_certificate_is_a_violation(org: Organization) -> None:
    lacking, certified = make_member(org), make_member(org)
    certify(certified, competence_named(org, LINKEDIN), dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    row = _row(org, [lacking, certified], ["LinkedIn", "Newsletter"])
    found = violations_for(row, on=TODAY)
    assert [(v.sender_id, v.competence_name, v.channel_name) for v in found] == [
        (lacking.pk, LINKEDIN, "LinkedIn")
    ]


@pytest.mark.usefixtures("linkedin_requires")
def test_an_expired_certificate_does_not_count(org: Organization) -> None:
    sender = make_member(org)
    certify(sender, competence_named(org, LINKEDIN), dt.date(2024, 1, 1), TODAY - dt.timedelta(days=1))
    row = _row(org, [sender], ["LinkedIn"])
    assert [(v.sender_id, v.expired_on) for v in violations_for(row, on=TODAY)] == [
        (sender.pk, TODAY - dt.timedelta(days=1))
    ]
    # On its last day it still counts.
    assert violations_for(row, on=TODAY - dt.timedelta(days=1)) == []


@pytest.mark.usefixtures("linkedin_requires")
def test_the_violation_names_the_last_expiry_and_a_renewed_certificate_counts(org: Organization) -> None:
    sender, never = make_member(org), make_member(org)
    linkedin = competence_named(org, LINKEDIN)
    certify(sender, linkedin, dt.date(2023, 1, 1), dt.date(2024, 1, 1))
    certify(sender, linkedin, dt.date(2024, 1, 1), dt.date(2025, 6, 30))
    row = _row(org, [sender, never], ["LinkedIn"])
    found = {v.sender_id: v.expired_on for v in violations_for(row, on=TODAY)}
    assert found == {sender.pk: dt.date(2025, 6, 30), never.pk: None}
    certify(sender, linkedin, dt.date(2025, 7, 1), dt.date(2027, 7, 1))
    assert [v.sender_id for v in violations_for(row, on=TODAY)] == [never.pk]


@pytest.mark.usefixtures("linkedin_requires")
def test_channels_without_requirements_and_rows_without_senders_have_none(org: Organization) -> None:
    sender = make_member(org)
    assert violations_for(_row(org, [sender], ["Newsletter"]), on=TODAY) == []
    assert violations_for(_row(org, [], ["LinkedIn"]), on=TODAY) == []


@pytest.mark.usefixtures("linkedin_requires")
def test_a_deactivated_competence_is_no_longer_required(org: Organization) -> None:
    row = _row(org, [make_member(org)], ["LinkedIn"])
    actions.deactivate_competence(quality_officer(org), competence_named(org, LINKEDIN))
    assert violations_for(row, on=TODAY) == []


@pytest.mark.usefixtures("linkedin_requires")
def test_many_rows_take_a_fixed_number_of_queries(org: Organization, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    rows = [_row(org, [make_member(org), make_member(org)], ["LinkedIn", "Website"]) for _ in range(6)]
    with django_assert_max_num_queries(4):
        found = violations_for_rows(rows, on=TODAY)
    assert len(found) == 6 and all(len(lacking) == 2 for lacking in found.values())
