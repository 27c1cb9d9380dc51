"""People test data: an organization with an administrator, a buddy, an ambassador and topics."""

from __future__ import annotations

from dataclasses import dataclass

from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan import actions as plan_actions
from resonanz.plan.models import Topic


@dataclass
class Staff:
    organization: Organization
    admin: Membership
    buddy: Membership
    ambassador: Membership
    council: Membership
    topic: Topic
    topic_editor: Membership


def make_staff(organization: Organization) -> Staff:
    admin = make_member(organization, ["admin"], full_name="Anna Admin")
    officer = make_member(organization, ["quality_officer"], full_name="Quentin Qualität")
    topic = plan_actions.create_topic(officer, name="Nachhaltigkeit")
    return Staff(
        organization,
        admin,
        make_member(organization, ["buddy"], full_name="Bernd Buddy"),
        make_member(organization, ["ambassador"], full_name="Clara Botschafterin"),
        make_member(organization, ["works_council"], full_name="Dora Betriebsrat"),
        topic,
        officer,
    )
