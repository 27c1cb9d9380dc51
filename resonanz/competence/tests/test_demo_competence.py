"""The demo's competence part: the course with the university, certificates, requirements, checks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from resonanz.competence.demo import UNIVERSITY, load_competence_demo
from resonanz.competence.gating import violations_for
from resonanz.competence.matrix import CellState, build_matrix
from resonanz.competence.models import (
    Certificate,
    ChannelRequirement,
    EffectivenessCheck,
    Training,
    TrainingFormat,
)
from resonanz.competence.tests.factories import LINKEDIN
from resonanz.core.tests.factories import make_member, make_organization
from resonanz.plan import actions as plan_actions
from resonanz.plan.models import Channel

pytestmark = pytest.mark.django_db


def test_the_demo_course_certificates_and_requirements() -> None:
    organization = make_organization("Rheinblick Consulting GmbH", slug="rheinblick")
    members = [
        make_member(organization, ["quality_officer"]),
        make_member(organization, ["communications_manager"]),
    ]
    members += [make_member(organization, ["ambassador", "buddy"]) for _ in range(22)]
    members += [make_member(organization, ["ambassador"]) for _ in range(20)]
    load_competence_demo(organization, members)

    course = Training.objects.get(organization=organization, format=TrainingFormat.IN_HOUSE_COURSE)
    assert course.provider == UNIVERSITY
    assert course.ends_on is not None and (course.ends_on - course.starts_on).days > 120
    assert course.participations.count() == 20
    assert Certificate.objects.filter(training=course).count() >= 20
    assert ChannelRequirement.objects.filter(
        organization=organization, channel__name="LinkedIn", competence__name=LINKEDIN
    ).exists()
    assert EffectivenessCheck.objects.filter(training=course, result="effective").exists()

    states = {
        cell.state
        for row in build_matrix(organization, on=timezone.localdate(), page=None).rows
        for cell in row.cells
    }
    assert {CellState.HELD, CellState.EXPIRING, CellState.EXPIRED, CellState.MISSING} <= states

    # The buddy whose LinkedIn certificate has run out is flagged as a sender on LinkedIn.
    expired = Certificate.objects.filter(
        organization=organization, competence__name=LINKEDIN, expires_on__lt=timezone.localdate()
    ).first()
    assert expired is not None
    plan = plan_actions.create_plan(members[0], identifier="KP-1", title="Plan")
    row = plan_actions.add_row(
        members[0],
        plan.versions.get(),
        description="Beitrag",
        channels=[Channel.objects.get(organization=organization, name="LinkedIn")],
        senders=[expired.membership],
    )
    assert [v.sender_id for v in violations_for(row)] == [expired.membership_id]

    load_competence_demo(organization, members)
    assert Training.objects.filter(organization=organization).count() == 3, "a second run keeps the data"
    assert dt.date.today().year - course.starts_on.year <= 1
