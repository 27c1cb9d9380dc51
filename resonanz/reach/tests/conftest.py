from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from resonanz.content.actions.campaigns import create_campaign
from resonanz.content.models import Campaign
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.links.hot import Redirector
from resonanz.links.tests.clicking import make_redirector


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
