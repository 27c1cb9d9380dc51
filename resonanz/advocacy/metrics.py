"""The share library's figures for quality objectives (``core.metrics``): shares, estimated reach,
active ambassadors and the share of them trained for social media. Aggregates of the organization over
the period's local days; the figures are defined once in ``advocacy.figures``."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from resonanz.advocacy import figures
from resonanz.advocacy.models import Share
from resonanz.competence.social_media import trained_for_social_media
from resonanz.core.metrics import Metric, Reading, Unit, count, percent, register
from resonanz.core.models import Organization
from resonanz.core.period import Period


def _shares(organization: Organization, period: Period) -> QuerySet[Share]:
    start, end = period.window(organization.zone)
    return figures.shares_in(organization.pk, start, end)


def shares(organization: Organization, period: Period) -> Reading:
    return count(figures.total(_shares(organization, period)).shares)


def estimated_reach(organization: Organization, period: Period) -> Reading:
    return count(figures.total(_shares(organization, period)).estimated_reach)


def active_ambassadors(organization: Organization, period: Period) -> Reading:
    return count(figures.total(_shares(organization, period)).people)


def trained_poster_share(organization: Organization, period: Period) -> Reading:
    """Of the people who shared in the period, those trained for social media on the (local) day of
    their last share there; no value without sharers or without a rule (``competence.social_media``)."""
    last = figures.last_share_of_each(_shares(organization, period))
    days = {person: moment.astimezone(organization.zone).date() for person, moment in last.items()}
    trained = trained_for_social_media(organization.pk, days)
    if trained is None:
        return Reading(None)
    return percent(len(trained), len(days))


def register_metrics() -> None:
    register(
        Metric(
            key="advocacy.shares",
            label=_("Shared posts"),
            description=_("Posts from the share library shared by employees in the period, one per network."),
            unit=Unit.COUNT,
            reader=shares,
        )
    )
    register(
        Metric(
            key="advocacy.estimated_reach",
            label=_("Estimated reach"),
            description=_(
                "The sum of the follower counts of the accounts shared to in the period, at the moment of "
                "sharing; only shares through a connected account on a network that reports follower "
                "counts are included."
            ),
            unit=Unit.COUNT,
            reader=estimated_reach,
        )
    )
    register(
        Metric(
            key="advocacy.active_ambassadors",
            label=_("Active ambassadors"),
            description=_("People who shared at least one post from the share library in the period."),
            unit=Unit.COUNT,
            reader=active_ambassadors,
        )
    )
    register(
        Metric(
            key="advocacy.trained_poster_share",
            label=_("Trained among those who shared"),
            description=_(
                "Share of the people who shared in the period who held, on the day of their last share, "
                "a valid certificate of every competence the social-network channels require."
            ),
            unit=Unit.PERCENT,
            reader=trained_poster_share,
        )
    )
