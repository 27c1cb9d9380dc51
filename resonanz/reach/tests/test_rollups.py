"""The daily reach figures: built by ingestion, equal to a recount from the raw clicks, idempotent."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections import defaultdict
from pathlib import Path

import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resonanz.content.models import Campaign
from resonanz.content.tests.factories import make_post
from resonanz.core.models import Membership, Organization
from resonanz.links.hot import Redirector
from resonanz.links.ingest import ingest
from resonanz.links.models import Click, TrackedLink
from resonanz.plan.tests.factories import make_plan
from resonanz.reach.models import ORGANIZATION, Dimension, ReachContributor, ReachDaily, ReachMonthly
from resonanz.reach.rollups import rebuild_all, refresh_days
from resonanz.reach.tests.world import ambassador, click, link_for

D = Dimension


def _figures() -> dict[tuple[int, str, str, dt.date], tuple[int, int, int, int]]:
    return {
        (row.scope, row.dimension, row.key, row.day): (row.clicks, row.visitors, row.bot_hits, row.people)
        for row in ReachDaily.objects.all()
    }


def _recount(organization: Organization) -> dict[tuple[int, str, str, dt.date], tuple[int, int, int, int]]:
    """The figures counted again from the raw clicks and the links, independently of the rollups."""
    links = {
        link.pk: link
        for link in TrackedLink.objects.filter(organization=organization).select_related(
            "post__plan_row", "membership"
        )
    }
    same_content = {
        post
        for post in {link.post_id for link in links.values() if link.post_id}
        if {link.membership_id is None for link in links.values() if link.post_id == post} == {True, False}
    }
    Entry = tuple[int, str, str, dt.date]
    clicks: dict[Entry, int] = defaultdict(int)
    bots: dict[Entry, int] = defaultdict(int)
    hashes: dict[Entry, set[tuple[int, str]]] = defaultdict(set)
    people: dict[Entry, set[int]] = defaultdict(set)
    for row in Click.objects.filter(organization=organization):
        link = links[row.link_id]
        campaign = link.campaign_id or (link.post.campaign_id if link.post else None)
        source = "corporate" if link.membership_id is None else "employee"
        keys = [(0, "total", ""), (0, "network", link.network), (0, "source", source)]
        # Each breakdown adds up to the total: without a campaign, topic or post, the key "".
        keys.append((0, "campaign", str(campaign) if campaign else ""))
        if campaign:
            keys += [(campaign, "total", ""), (campaign, "network", link.network)]
            keys += [(campaign, "source", source)]
            keys.append((campaign, "post", str(link.post_id) if link.post_id else ""))
        if link.post and link.post.plan_row and link.post.plan_row.topic_id:
            keys.append((0, "topic", str(link.post.plan_row.topic_id)))
        else:
            keys.append((0, "topic", ""))
        if link.membership is not None:
            keys += [(0, "unit", link.membership.unit), (0, "person", str(link.membership_id))]
            if campaign:
                keys.append((campaign, "unit", link.membership.unit))
        keys.append((0, "same_content", source if link.post_id in same_content else ""))
        for scope, dimension, key in keys:
            entry = (scope, dimension, key, row.day)
            if row.is_bot:
                bots[entry] += 1
                clicks[entry] += 0
            else:
                clicks[entry] += 1
                hashes[entry].add((row.link_id, row.visitor_hash))
                if link.membership_id:
                    people[entry].add(link.membership_id)
    return {entry: (clicks[entry], len(hashes[entry]), bots[entry], len(people[entry])) for entry in clicks}


def test_the_figures_equal_a_recount_from_the_raw_clicks_without_bots(
    org: Organization, manager: Membership, campaign: Campaign, redirector: Redirector, log_folder: Path
) -> None:
    _plan, _draft, (row,) = make_plan(org, manager)
    assert row.topic_id is not None
    anna = ambassador(org, "Vertrieb", "Anna")
    ben = ambassador(org, "Technik", "Ben")
    post = make_post(manager, plan_row=row, plan_row_key=row.row_key, campaign=campaign)
    links = [
        link_for(manager, anna, post=post),
        link_for(manager, anna, campaign=campaign, network="mastodon"),
        link_for(manager, ben, post=post, network="bluesky"),
        link_for(manager, None, post=post),  # the corporate account's link to the same post
        link_for(manager, ben),  # no campaign, no post
    ]
    with time_machine.travel(dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC), tick=True):
        click(redirector, links[0], times=3, bots=2)
        click(redirector, links[1], times=2, same=True)
        click(redirector, links[3], times=4, bots=1)
        ingest(log_folder, today=dt.date(2027, 3, 1))
    with time_machine.travel(dt.datetime(2027, 3, 2, 9, tzinfo=dt.UTC), tick=True):
        click(redirector, links[2], times=2)
        click(redirector, links[4], times=1, bots=3)
        click(redirector, links[0], times=1)
        ingest(log_folder, today=dt.date(2027, 3, 2))
        # Clicks of the same day in a second run: the day is rebuilt, not added to twice.
        click(redirector, links[0], times=2, same=True)
        ingest(log_folder, today=dt.date(2027, 3, 2))

    expected = _recount(org)
    assert _figures() == expected
    assert expected[(ORGANIZATION, "total", "", dt.date(2027, 3, 1))] == (9, 8, 3, 1)
    assert expected[(ORGANIZATION, "same_content", "corporate", dt.date(2027, 3, 1))] == (4, 4, 1, 0)
    assert expected[(campaign.pk, "unit", "Vertrieb", dt.date(2027, 3, 2))][3] == 1
    assert expected[(ORGANIZATION, "topic", str(row.topic_id), dt.date(2027, 3, 1))][0] == 7

    # Rebuilding again (a re-run, or the command after a restore) changes nothing.
    refresh_days({(org.pk, dt.date(2027, 3, 1)), (org.pk, dt.date(2027, 3, 2))})
    assert _figures() == expected
    assert rebuild_all(org.pk) == 2
    assert _figures() == expected
    # Figures stored before the rows without a campaign existed: the command rebuilds them.
    ReachDaily.objects.filter(dimension=D.CAMPAIGN, key="").delete()
    output = io.StringIO()
    call_command("reach", "rebuild", "--org", org.slug, stdout=output)
    assert json.loads(output.getvalue()) == {"days": 2}
    assert _figures() == expected


def test_contributors_name_the_people_of_each_group_and_day(
    org: Organization, manager: Membership, campaign: Campaign, redirector: Redirector, log_folder: Path
) -> None:
    anna, ben = ambassador(org, "Vertrieb"), ambassador(org, "Vertrieb")
    for person in (anna, ben):
        click(redirector, link_for(manager, person, campaign=campaign), times=1)
    click(redirector, link_for(manager, None, campaign=campaign), times=5)
    ingest(log_folder)

    unit = ReachContributor.objects.filter(scope=ORGANIZATION, dimension=D.UNIT, key="Vertrieb")
    assert set(unit.values_list("membership_id", flat=True)) == {anna.pk, ben.pk}
    assert not ReachContributor.objects.filter(dimension=D.PERSON).exists()
    row = ReachDaily.objects.get(scope=ORGANIZATION, dimension=D.CAMPAIGN, key=str(campaign.pk))
    assert (row.clicks, row.people) == (7, 2)


def test_a_batch_rebuilds_only_the_days_it_touched(
    org: Organization, manager: Membership, redirector: Redirector, log_folder: Path
) -> None:
    link = link_for(manager, ambassador(org, "Vertrieb"))
    with time_machine.travel(dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC), tick=True):
        click(redirector, link, times=2)
        ingest(log_folder, today=dt.date(2027, 3, 1))
    first_day = list(ReachDaily.objects.filter(day=dt.date(2027, 3, 1)).values_list("pk", flat=True))
    with time_machine.travel(dt.datetime(2027, 3, 2, 9, tzinfo=dt.UTC), tick=True):
        click(redirector, link, times=1)
        with CaptureQueriesContext(connection) as queries:
            ingest(log_folder, today=dt.date(2027, 3, 2))
    # The first day's rows were left alone (same primary keys), the second day's were written.
    assert list(ReachDaily.objects.filter(day=dt.date(2027, 3, 1)).values_list("pk", flat=True)) == first_day
    assert ReachDaily.objects.get(day=dt.date(2027, 3, 2), dimension=D.TOTAL).clicks == 1
    # (Only March's monthly row, which the month's first day names, is summed again.)
    daily_deletes = [
        query["sql"]
        for query in queries.captured_queries
        if "DELETE" in query["sql"] and "reach_reachmonthly" not in query["sql"]
    ]
    assert daily_deletes and not any("2027-03-01" in sql for sql in daily_deletes)
    assert ReachMonthly.objects.get(month=dt.date(2027, 3, 1)).clicks == 3
