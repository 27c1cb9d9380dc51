"""The plan's metrics count like the execution page: dates carried out and missed in a period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from resonanz.core import metrics
from resonanz.core.models import Organization
from resonanz.core.period import period
from resonanz.core.tests.factories import make_organization
from resonanz.plan import actions
from resonanz.plan.tests.page_helpers import Office, make_office

pytestmark = pytest.mark.django_db

BERLIN = dt.timezone(dt.timedelta(hours=1))
# The office's row recurs every second Tuesday at 09:00 from 6 January 2026.
NOW = dt.datetime(2026, 2, 10, 12, tzinfo=dt.UTC)
JANUARY_AND_FEBRUARY = period(dt.date(2026, 1, 1), dt.date(2026, 2, 28))


@pytest.fixture
def office(org: Organization) -> Office:
    with time_machine.travel(NOW - dt.timedelta(days=60), tick=False):
        return make_office(org, rows=1)


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def reading(key: str, organization: Organization, asked: Any = JANUARY_AND_FEBRUARY) -> metrics.Reading:
    metric = metrics.find(key)
    assert metric is not None
    return metrics.read(metric, organization, asked)


def test_the_rate_counts_the_dates_due_and_the_missed_dates_those_without_evidence_or_reason(
    office: Office, frozen: Any
) -> None:
    row = office.published.rows.get()
    actions.mark_occurrence_done(
        office.manager, row, planned_for=dt.datetime(2026, 1, 6, 9, tzinfo=BERLIN), note="erledigt"
    )
    organization = office.manager.organization

    # Due by now: 6.1. (done), 20.1. and 3.2. (missed); 17.2. is still to come.
    assert reading("plan.executed_rate", organization) == metrics.Reading(Decimal("33.3"))
    assert reading("plan.missed_dates", organization) == metrics.Reading(Decimal(2))


def test_a_period_without_due_dates_has_no_rate_and_another_organization_counts_nothing(
    office: Office, frozen: Any
) -> None:
    december = period(dt.date(2025, 12, 1), dt.date(2025, 12, 31))

    assert reading("plan.executed_rate", office.manager.organization, december).value is None
    assert reading("plan.missed_dates", make_organization("Andere GmbH")).value == 0
