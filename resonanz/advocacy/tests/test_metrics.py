"""The share library's metrics: shares, estimated reach, active ambassadors and trained posters, for
the period's local days, against figures counted by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from resonanz.advocacy.models import ShareableItem
from resonanz.advocacy.tests.sharing import share_at
from resonanz.competence import actions as competence_actions
from resonanz.competence.tests.factories import LINKEDIN, PRIVACY, certify, competence_named, quality_officer
from resonanz.content.models import PostNetwork
from resonanz.core import metrics
from resonanz.core.models import Membership, Organization
from resonanz.core.period import period
from resonanz.core.tests.factories import make_member, make_organization
from resonanz.plan.models import Channel, ChannelKind

pytestmark = pytest.mark.django_db
UTC = dt.UTC
MARCH = (dt.date(2027, 3, 1), dt.date(2027, 3, 31))


def reading(key: str, organization: Organization, first: dt.date, last: dt.date) -> Decimal | None:
    metric = metrics.find(key)
    assert metric is not None
    return metrics.read(metric, organization, period(first, last)).value


def require_linkedin_competence(organization: Organization) -> None:
    officer = quality_officer(organization)
    linkedin = Channel.objects.get(organization=organization, name="LinkedIn")
    competence_actions.require_for_channel(
        officer, channel=linkedin, competence=competence_named(organization, LINKEDIN)
    )
    # A requirement of a channel that is not a social network does not make anyone untrained here.
    website = Channel.objects.filter(organization=organization).exclude(kind=ChannelKind.SOCIAL_NETWORK)[0]
    competence_actions.require_for_channel(
        officer, channel=website, competence=competence_named(organization, PRIVACY)
    )


@pytest.fixture
def march(org: Organization, item: ShareableItem) -> dict[str, Membership]:
    """Anna: Mastodon (120 followers) on 3 March and LinkedIn copied on 5 March; Ben: Mastodon (80) on
    10 March; Carla: copied at 23:30 UTC on 31 March, 1 April in Berlin; Dora: in February."""
    people = {
        name: make_member(org, ["ambassador"], full_name=name) for name in ("Anna", "Ben", "Carla", "Dora")
    }
    share_at(dt.datetime(2027, 3, 3, 9, tzinfo=UTC), people["Anna"], item, followers=120)
    share_at(dt.datetime(2027, 3, 5, 9, tzinfo=UTC), people["Anna"], item, PostNetwork.LINKEDIN)
    share_at(dt.datetime(2027, 3, 10, 9, tzinfo=UTC), people["Ben"], item, followers=80)
    share_at(dt.datetime(2027, 3, 31, 23, 30, tzinfo=UTC), people["Carla"], item, PostNetwork.LINKEDIN)
    share_at(dt.datetime(2027, 2, 20, 9, tzinfo=UTC), people["Dora"], item, PostNetwork.BLUESKY)
    return people


def test_shares_reach_and_active_ambassadors_count_the_local_days_of_the_period(
    org: Organization, march: dict[str, Membership]
) -> None:
    assert org.time_zone == "Europe/Berlin"

    assert reading("advocacy.shares", org, *MARCH) == 3
    assert reading("advocacy.estimated_reach", org, *MARCH) == 200  # the copied share has no followers
    assert reading("advocacy.active_ambassadors", org, *MARCH) == 2  # Anna once, Ben
    april_first = dt.date(2027, 4, 1)
    assert reading("advocacy.shares", org, april_first, april_first) == 1  # Carla, in Berlin's April
    assert reading("advocacy.active_ambassadors", org, dt.date(2027, 2, 1), april_first) == 4


def test_an_empty_period_gives_zero_and_no_percentage(
    org: Organization, march: dict[str, Membership]
) -> None:
    require_linkedin_competence(org)
    january = (dt.date(2027, 1, 1), dt.date(2027, 1, 31))

    for key in ("advocacy.shares", "advocacy.estimated_reach", "advocacy.active_ambassadors"):
        assert reading(key, org, *january) == 0
        assert reading(key, make_organization("Andere GmbH"), *MARCH) == 0
    assert reading("advocacy.trained_poster_share", org, *january) is None


def test_trained_posters_hold_every_social_media_competence_on_the_day_of_their_last_share(
    org: Organization, march: dict[str, Membership]
) -> None:
    linkedin = competence_named(org, LINKEDIN)
    # Without requirements for social networks there is no rule to measure by.
    assert reading("advocacy.trained_poster_share", org, *MARCH) is None
    require_linkedin_competence(org)
    certify(march["Anna"], linkedin, issued_on=dt.date(2026, 1, 1))
    # Ben's certificate ran out on 9 March, the day before he shared.
    certify(march["Ben"], linkedin, issued_on=dt.date(2025, 3, 9), expires_on=dt.date(2027, 3, 9))

    assert reading("advocacy.trained_poster_share", org, *MARCH) == Decimal("50.0")
    # Up to 9 March only Anna shared, and she is trained.
    assert reading("advocacy.trained_poster_share", org, dt.date(2027, 3, 1), dt.date(2027, 3, 9)) == 100
    certify(march["Ben"], linkedin, issued_on=dt.date(2027, 3, 10))  # renewed on the day he shared
    assert reading("advocacy.trained_poster_share", org, *MARCH) == 100


def test_the_metrics_api_lists_the_share_figures_without_naming_anyone(
    org: Organization, march: dict[str, Membership]
) -> None:
    from resonanz.core.tests.factories import ApiCaller

    council = make_member(org, ["works_council"])
    answer = ApiCaller(council, "/api/v1", language="de").get(
        "/metrics", start="2027-03-01", end="2027-03-31"
    )

    found = {item["key"]: item for item in answer.json()}
    assert found["advocacy.shares"]["value"] == "3"
    assert found["advocacy.estimated_reach"]["value"] == "200"
    assert found["advocacy.active_ambassadors"]["value"] == "2"
    assert found["advocacy.trained_poster_share"]["value"] is None
    assert "Anna" not in answer.content.decode() and "Ben" not in answer.content.decode()
