"""``reach.clicks``: human clicks on the organization's tracked links in the period, bots left out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine

from resonanz.core import metrics
from resonanz.core.models import Membership, Organization
from resonanz.core.period import period
from resonanz.core.tests.factories import make_organization
from resonanz.links.hot import Redirector
from resonanz.links.ingest import ingest
from resonanz.reach.tests.world import ambassador, click, link_for

pytestmark = pytest.mark.django_db


def clicks(organization: Organization, first: dt.date, last: dt.date) -> metrics.Reading:
    metric = metrics.find("reach.clicks")
    assert metric is not None
    return metrics.read(metric, organization, period(first, last))


def test_it_counts_human_clicks_of_the_period_even_of_one_person(
    org: Organization, manager: Membership, redirector: Redirector, log_folder: Path
) -> None:
    person = ambassador(org, "Vertrieb")  # one person: a dashboard hides it, the aggregate does not
    for day, times, bots in ((10, 3, 2), (11, 2, 0), (12, 4, 1)):
        with time_machine.travel(dt.datetime(2027, 3, day, 9, tzinfo=dt.UTC), tick=True):
            click(redirector, link_for(manager, person), times=times, bots=bots)
            click(redirector, link_for(manager, None), times=1)  # a corporate link
            ingest(log_folder, today=dt.date(2027, 3, day))

    assert clicks(org, dt.date(2027, 3, 1), dt.date(2027, 3, 31)) == metrics.Reading(
        Decimal(12)
    )  # 9 + 3 corporate
    assert clicks(org, dt.date(2027, 3, 11), dt.date(2027, 3, 11)).value == 3
    assert clicks(org, dt.date(2027, 2, 1), dt.date(2027, 2, 28)).value == 0
    assert clicks(make_organization("Andere GmbH"), dt.date(2027, 3, 1), dt.date(2027, 3, 31)).value == 0
