"""Daily reach figures by dimension: what every dashboard reads instead of clicks or per-link rows.

``ReachDaily`` holds one row per organization, scope, day, dimension and key (a campaign id, a topic id,
a network, a unit's name, a person's membership id, a post id, "employee"/"corporate"). The scope is 0
for the whole organization or a campaign's id for the campaign's own dashboard. A dashboard sums the
rows of one (organization, scope, dimension) over its period through one index whose leaf entries carry
every column read, so a query touches (keys × days) index entries, independent of the number of links
and clicks. ``people`` is the number of distinct ambassadors whose links count in the row that day;
``ReachContributor`` names them, so that a group's distinct people over a period can be counted exactly
where the daily counts cannot decide the minimum group size (``reach.privacy``).

``ReachMonthly`` sums the daily rows of one calendar month for the dimensions that are not groups (the
person: one person per key, so no minimum group size and no distinct people to count): a year-long
breakdown by person reads the whole months there and only the days of the partial months at the edges
from ``ReachDaily`` (``reach.queries``), about a tenth of the index entries.

All three are rebuilt from ``links.DailyClickRollup`` for exactly the (organization, day) pairs
ingestion touched, and the months of those days, in the same transaction (``reach.rollups``).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare
from resonanz.reach.purposes import REACH_FIGURES, WITH_THE_CLICKS

KEY_MAX_LENGTH = 150  # a unit's name is the longest key (core.Membership.unit)
ORGANIZATION = 0  # the scope of the organization-wide rows
# The key of the clicks without a campaign, topic or post (and, in ``SAME_CONTENT``, of content not
# shared both ways): ids are digits, so the empty key names nothing else. A unit's empty key is "no
# unit" (employees without one); the unit rows add up to the employee accounts' row of ``SOURCE``.
NONE = ""


class Dimension(models.TextChoices):
    TOTAL = "total", _("total")
    CAMPAIGN = "campaign", _("campaign")
    TOPIC = "topic", _("topic")
    NETWORK = "network", _("network")
    UNIT = "unit", _("unit")
    PERSON = "person", _("person")
    POST = "post", _("post")
    SOURCE = "source", _("kind of account")
    # Employee vs corporate links, counting only posts that have links of both kinds: the same content.
    SAME_CONTENT = "same_content", _("same content")


class Source(models.TextChoices):
    EMPLOYEE = "employee", _("employee accounts")
    CORPORATE = "corporate", _("corporate accounts")


# Every dimension except the person is a group whose figures are hidden below the minimum group size.
GROUP_DIMENSIONS = frozenset(Dimension) - {Dimension.PERSON}
# The (scope, dimension) pairs that also have a row per calendar month (``ReachMonthly``): only
# dimensions that are not groups, because a month's sums cannot tell a group's distinct people over a
# period; and only where ``reach.rollups`` writes such daily rows (people: the organization's scope).
MONTHLY_LEVEL = frozenset((ORGANIZATION, dimension) for dimension in frozenset(Dimension) - GROUP_DIMENSIONS)


def has_monthly_rows(scope: int, dimension: str) -> bool:
    """Whether the daily rows of ``dimension`` in ``scope`` are summed per calendar month too."""
    return (scope, dimension) in MONTHLY_LEVEL


@declare(
    PersonalData(
        ("key",),
        category=Category.ACTIVITY,
        purpose=REACH_FIGURES,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WITH_THE_CLICKS,
    ),
    not_personal=("organization", "scope", "day", "dimension", "clicks", "visitors", "bot_hits", "people"),
)
class ReachDaily(models.Model):
    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    scope = models.BigIntegerField(_("campaign scope"), default=ORGANIZATION)
    day = models.DateField(_("day"))
    dimension = models.CharField(_("dimension"), max_length=16, choices=Dimension.choices)
    key = models.CharField(_("key"), max_length=KEY_MAX_LENGTH)
    clicks = models.PositiveIntegerField(_("clicks"), default=0)
    # The sum of each link's daily unique visitors: a visitor who clicked two links counts twice, and
    # across days nobody can be recognised (the visitor salt changes daily).
    visitors = models.PositiveIntegerField(_("visitors"), default=0)
    bot_hits = models.PositiveIntegerField(_("bot and preview hits"), default=0)
    people = models.PositiveIntegerField(_("people"), default=0)

    class Meta:
        verbose_name = _("daily reach")
        verbose_name_plural = _("daily reach")
        constraints = [
            models.UniqueConstraint(
                "organization", "scope", "dimension", "key", "day", name="reach_daily_one_per_key_and_day"
            ),
            models.CheckConstraint(condition=Q(dimension__in=Dimension.values), name="reach_daily_dimension"),
        ]
        indexes = [
            # A dashboard's breakdown: one range of this index; the included columns make it index-only
            # on PostgreSQL (other databases ignore ``include``).
            models.Index(
                fields=["organization", "scope", "dimension", "day"],
                include=["key", "clicks", "visitors", "bot_hits", "people"],
                name="reach_daily_breakdown",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.dimension}={self.key}: {self.clicks}"


@declare(
    PersonalData(
        ("membership_id",),
        category=Category.ACTIVITY,
        purpose=REACH_FIGURES,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WITH_THE_CLICKS,
    ),
    not_personal=("organization", "scope", "day", "dimension", "key"),
)
class ReachContributor(models.Model):
    """An ambassador whose links were clicked on a day in a group (for the minimum group size only)."""

    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    scope = models.BigIntegerField(_("campaign scope"), default=ORGANIZATION)
    day = models.DateField(_("day"))
    dimension = models.CharField(_("dimension"), max_length=16, choices=Dimension.choices)
    key = models.CharField(_("key"), max_length=KEY_MAX_LENGTH)
    # A plain id, not a foreign key: these rows are rebuilt with the day's figures and never joined.
    membership_id = models.BigIntegerField(_("ambassador"))

    class Meta:
        verbose_name = _("reach contributor")
        verbose_name_plural = _("reach contributors")
        constraints = [
            models.UniqueConstraint(
                "organization",
                "scope",
                "dimension",
                "key",
                "day",
                "membership_id",
                name="reach_contributor_once",
            ),
        ]
        indexes = [models.Index(fields=["organization", "day"], name="reach_contributor_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.dimension}={self.key}: {self.membership_id}"


@declare(
    PersonalData(
        ("key",),
        category=Category.ACTIVITY,
        purpose=REACH_FIGURES,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WITH_THE_CLICKS,
    ),
    not_personal=("organization", "scope", "month", "dimension", "clicks", "visitors", "bot_hits"),
)
class ReachMonthly(models.Model):
    """The sums of a calendar month's ``ReachDaily`` rows of one key (``MONTHLY_LEVEL`` only)."""

    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    scope = models.BigIntegerField(_("campaign scope"), default=ORGANIZATION)
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    dimension = models.CharField(_("dimension"), max_length=16, choices=Dimension.choices)
    key = models.CharField(_("key"), max_length=KEY_MAX_LENGTH)
    clicks = models.PositiveBigIntegerField(_("clicks"), default=0)
    visitors = models.PositiveBigIntegerField(_("visitors"), default=0)
    bot_hits = models.PositiveBigIntegerField(_("bot and preview hits"), default=0)

    class Meta:
        verbose_name = _("monthly reach")
        verbose_name_plural = _("monthly reach")
        constraints = [
            models.UniqueConstraint(
                "organization",
                "scope",
                "dimension",
                "key",
                "month",
                name="reach_monthly_one_per_key_and_month",
            ),
            models.CheckConstraint(
                condition=Q(dimension__in=sorted(dimension for _scope, dimension in MONTHLY_LEVEL)),
                name="reach_monthly_dimension",
            ),
        ]
        indexes = [
            # As ``reach_daily_breakdown``: the whole months of a breakdown are one range, index-only.
            models.Index(
                fields=["organization", "scope", "dimension", "month"],
                include=["key", "clicks", "visitors", "bot_hits"],
                name="reach_monthly_breakdown",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.dimension}={self.key}: {self.clicks}"
