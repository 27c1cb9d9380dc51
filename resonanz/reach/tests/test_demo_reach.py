"""The demo's reach part: shares over two months and the clicks on their links, ingested for real."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Sum
from django.utils import timezone

from resonanz.advocacy.demo import load_advocacy_demo
from resonanz.advocacy.models import Share, ShareKind
from resonanz.core import metrics
from resonanz.core.demo import DOMAIN
from resonanz.core.models import Membership
from resonanz.core.period import period
from resonanz.core.tests.factories import make_member, make_organization
from resonanz.links.models import Click, ClickLogPosition, DailyClickRollup
from resonanz.reach import dashboards
from resonanz.reach.demo import DAYS, load_reach_demo
from resonanz.reach.models import ReachDaily
from resonanz.reach.periods import Period
from resonanz.reach.privacy import visibility_for

pytestmark = pytest.mark.django_db


def test_the_demo_shares_and_clicks_fill_the_dashboards_own_figures_and_metrics() -> None:
    organization = make_organization("Rheinblick Consulting GmbH", slug="rheinblick")
    members = [
        make_member(organization, ["communications_manager"], email=f"kommunikation@{DOMAIN}"),
        make_member(organization, ["quality_officer"], email=f"qb@{DOMAIN}"),
        make_member(organization, ["ambassador"], email=f"botschafterin@{DOMAIN}"),
        make_member(organization, ["buddy"], email=f"buddy@{DOMAIN}"),
    ]
    members += [make_member(organization, ["ambassador"]) for _ in range(30)]
    load_advocacy_demo(organization, members)
    load_reach_demo(organization, members)

    now = timezone.now()
    shares = Share.objects.filter(organization=organization)
    demo_shares = shares.filter(created_at__lt=now - dt.timedelta(minutes=60))
    assert demo_shares.count() >= 30
    assert not shares.filter(created_at__lt=now - dt.timedelta(days=DAYS)).exists()
    through_accounts = demo_shares.filter(kind=ShareKind.ACCOUNT)
    assert through_accounts.exists() and not through_accounts.filter(followers=None).exists()
    assert demo_shares.filter(kind=ShareKind.COPIED, followers=None).exists()
    assert len({share.created_at.date() for share in demo_shares}) > 15  # spread over the weeks

    # The clicks went through the real ingestion: the figures equal a count of the raw clicks.
    humans = Click.objects.filter(organization=organization, is_bot=False).count()
    assert humans > 200 and Click.objects.filter(organization=organization, is_bot=True).exists()
    totals = ReachDaily.objects.filter(organization=organization, scope=0, dimension="total")
    assert totals.aggregate(clicks=Sum("clicks"))["clicks"] == humans
    assert (
        DailyClickRollup.objects.filter(organization=organization).aggregate(c=Sum("clicks"))["c"] == humans
    )
    assert not ClickLogPosition.objects.exists()

    today = now.astimezone(dt.UTC).date()
    last_days = Period(today - dt.timedelta(days=DAYS), today)
    manager = members[0]
    dashboard = dashboards.organization_dashboard(organization.pk, last_days, visibility_for(manager))
    assert dashboard.total.clicks == humans and dashboard.total.shares == shares.count()
    assert dashboard.total.estimated_reach == through_accounts.aggregate(s=Sum("followers"))["s"]
    campaigns = {row.label for table in dashboard.tables if table.slug == "campaign" for row in table.rows}
    # The two campaigns, and the clicks on links of no campaign (each breakdown adds up to the total).
    assert campaigns - {"ohne Kampagne"} == {"CSRD-Studie 2026", "Karriere in Köln"}
    ambassador = Membership.objects.get(user__email=f"botschafterin@{DOMAIN}")
    own = dashboards.own_dashboard(ambassador, last_days)
    assert own.total.clicks > 0 and own.total.shares is not None and own.total.shares > 0

    metric = metrics.find("advocacy.shares")
    assert metric is not None
    local_today = timezone.localdate()
    asked = period(local_today - dt.timedelta(days=DAYS + 1), local_today)
    assert metrics.read(metric, organization, asked).value == shares.count()

    load_reach_demo(organization, members)  # a second run leaves the demo as it is
    assert Share.objects.filter(organization=organization).count() == shares.count()
    assert Click.objects.filter(organization=organization, is_bot=False).count() == humans
