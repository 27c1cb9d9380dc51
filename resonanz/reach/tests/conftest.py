from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine

from resonanz.content.actions.campaigns import create_campaign
from resonanz.content.models import Campaign
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.links.hot import Redirector
from resonanz.links.ingest import ingest
from resonanz.links.tests.clicking import make_redirector
from resonanz.reach.tests.world import ambassador, click, link_for


@pytest.fixture
def manager(org: Organization) -> Membership:
    return make_member(org, ["communications_manager"], full_name="Maria Manager")


@pytest.fixture
def campaign(manager: Membership) -> Campaign:
    return create_campaign(manager, "Frühjahr 2027")


@pytest.fixture
def log_folder(tmp_path: Path) -> Path:
    return tmp_path / "clicks"


@pytest.fixture
def redirector(log_folder: Path) -> Iterator[Redirector]:
    made = make_redirector(log_folder)
    yield made
    made.log.close()


@pytest.fixture
def clicked(
    org: Organization, manager: Membership, campaign: Campaign, redirector: Redirector, log_folder: Path
) -> list[Membership]:
    """Five ambassadors of "Vertrieb" with two clicks each on campaign links (and a bot), on 10 March."""
    people = [ambassador(org, "Vertrieb") for _ in range(5)]
    with time_machine.travel(dt.datetime(2027, 3, 10, 9, tzinfo=dt.UTC), tick=True):
        for person in people:
            click(redirector, link_for(manager, person, campaign=campaign), times=2, bots=1)
        ingest(log_folder, today=dt.date(2027, 3, 10))
    return people
