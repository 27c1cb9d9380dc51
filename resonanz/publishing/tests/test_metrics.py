"""Publishing's metric: posts published in a period, each once however many accounts it went to."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from resonanz.content.models import PostNetwork
from resonanz.core import metrics
from resonanz.core.models import Organization
from resonanz.core.period import period
from resonanz.core.tests.factories import make_organization
from resonanz.plan.tests.page_helpers import Office, make_office
from resonanz.publishing import delivery as worker
from resonanz.publishing.actions.deliveries import schedule_post
from resonanz.publishing.tests.factories import approved_post, make_account
from resonanz.publishing.tests.test_delivery_worker import Scripted, out
from resonanz.publishing.tests.test_unplanned import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(org: Organization) -> Office:
    return make_office(org, rows=1)


def published_posts(organization: Organization, first: dt.date, last: dt.date) -> metrics.Reading:
    metric = metrics.find("publishing.published_posts")
    assert metric is not None
    return metrics.read(metric, organization, period(first, last))


def test_it_counts_posts_published_in_the_period_of_the_organization_only(office: Office) -> None:
    publish(office, make_account(office.manager), "Sommerfest", "Tag der offenen Tür")
    today = timezone.localdate()
    organization = office.manager.organization

    assert published_posts(organization, today, today).value == 2
    assert (
        published_posts(organization, today - dt.timedelta(days=30), today - dt.timedelta(days=1)).value == 0
    )
    assert published_posts(make_organization("Andere GmbH"), today, today).value == 0


def test_a_post_sent_to_two_accounts_counts_once(office: Office) -> None:
    bluesky = make_account(office.manager)
    mastodon = make_account(
        office.manager, PostNetwork.MASTODON, identifier="firma", base_url="https://social.example"
    )
    post = approved_post(office.manager, office.officer, title="Sommerfest")
    schedule_post(office.manager, post, [bluesky, mastodon], timezone.now())
    worker.send_due(connectors=Scripted([out(1), out(2)]))
    today = timezone.localdate()

    assert published_posts(office.manager.organization, today, today).value == 1
