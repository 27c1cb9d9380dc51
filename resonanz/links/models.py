"""Tracked links, their clicks (read from the click log), the log positions and the daily rollups.

A click reaches the database only through ingestion (``links.ingest``): the redirect (``links.hot``)
appends it to a per-process log file, and the position a click came from, ``(log_name, offset)``, is
unique, so ingesting a log line twice stores it once.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare
from resonanz.links.purposes import RAW_CLICKS, REACH, WITH_THE_LINK

CODE_MIN_LENGTH = 7
CODE_MAX_LENGTH = 10
TARGET_MAX_LENGTH = 2000
UTM_MAX_LENGTH = 100
LOG_NAME_MAX_LENGTH = 200


class ReferrerClass(models.TextChoices):
    NETWORK = "network", _("social network")
    SEARCH = "search", _("search engine")
    DIRECT = "direct", _("direct")
    OTHER = "other", _("other")


class AgentClass(models.TextChoices):
    DESKTOP = "desktop", _("desktop")
    MOBILE = "mobile", _("mobile")
    BOT = "bot", _("bot or preview")
    OTHER = "other", _("other")


@declare(
    PersonalData(
        ("membership",),
        category=Category.ACTIVITY,
        purpose=REACH,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WITH_THE_LINK,
    ),
    not_personal=(
        "organization",
        "code",
        "target_url",
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "utm_content",
        "campaign",
        "post",
        "network",
        "created_at",
        "expires_at",
    ),
)
class TrackedLink(models.Model):
    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField(_("code"), max_length=CODE_MAX_LENGTH, unique=True)
    target_url = models.CharField(_("target address"), max_length=TARGET_MAX_LENGTH)
    utm_source = models.CharField("utm_source", max_length=UTM_MAX_LENGTH, blank=True)
    utm_medium = models.CharField("utm_medium", max_length=UTM_MAX_LENGTH, blank=True)
    # Without a campaign; with one, the campaign's name is utm_campaign (read at redirect time).
    utm_campaign = models.CharField("utm_campaign", max_length=UTM_MAX_LENGTH, blank=True)
    utm_content = models.CharField("utm_content", max_length=UTM_MAX_LENGTH, blank=True)
    campaign = models.ForeignKey(
        "content.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    post = models.ForeignKey(
        "content.Post",
        verbose_name=_("post"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    membership = models.ForeignKey(
        "core.Membership",
        verbose_name=_("ambassador"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    network = models.CharField(_("network"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        verbose_name = _("tracked link")
        verbose_name_plural = _("tracked links")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_url__startswith="http://") | Q(target_url__startswith="https://"),
                name="links_target_is_http",
            ),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Za-z0-9_-]{7,10}$"), name="links_code_is_url_safe"
            ),
        ]

    def __str__(self) -> str:
        return self.code


@declare(
    PersonalData(
        ("visitor_hash",),
        category=Category.USAGE,
        purpose=REACH,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=RAW_CLICKS,
    ),
    not_personal=(
        "link",
        "organization",
        "occurred_at",
        "day",
        "referrer_class",
        "agent_class",
        "is_bot",
        "log_name",
        "offset",
    ),
)
class Click(models.Model):
    """One answered redirect. The visitor is a salted hash that changes every day; no address is kept."""

    link = models.ForeignKey(TrackedLink, verbose_name=_("link"), on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    occurred_at = models.DateTimeField(_("time"))
    day = models.DateField(_("day"))
    visitor_hash = models.CharField(_("visitor"), max_length=64)
    referrer_class = models.CharField(_("referrer"), max_length=16, choices=ReferrerClass.choices)
    agent_class = models.CharField(_("device"), max_length=16, choices=AgentClass.choices)
    is_bot = models.BooleanField(_("bot or preview"), default=False)
    log_name = models.CharField(_("log file"), max_length=LOG_NAME_MAX_LENGTH)
    offset = models.BigIntegerField(_("position in the log file"))

    class Meta:
        verbose_name = _("click")
        verbose_name_plural = _("clicks")
        constraints = [
            models.UniqueConstraint("log_name", "offset", name="links_click_once_per_log_line"),
            models.CheckConstraint(
                condition=Q(referrer_class__in=ReferrerClass.values), name="links_click_referrer_valid"
            ),
            models.CheckConstraint(
                condition=Q(agent_class__in=AgentClass.values), name="links_click_agent_valid"
            ),
        ]
        indexes = [
            models.Index("day", name="links_click_day"),
            models.Index("link", "day", "visitor_hash", name="links_click_link_day_visitor"),
        ]

    def __str__(self) -> str:
        return f"{self.link_id} {self.occurred_at:%Y-%m-%d %H:%M}"


@declare(not_personal=("log_name", "offset"))
class ClickLogPosition(models.Model):
    """How far one click log file has been ingested: its byte offset after the last stored line."""

    log_name = models.CharField(_("log file"), max_length=LOG_NAME_MAX_LENGTH, unique=True)
    offset = models.BigIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("click log position")
        verbose_name_plural = _("click log positions")
        constraints = [models.CheckConstraint(condition=Q(offset__gte=0), name="links_position_not_negative")]

    def __str__(self) -> str:
        return f"{self.log_name}@{self.offset}"


@declare(not_personal=("link", "organization", "day", "clicks", "unique_visitors", "bot_hits"))
class DailyClickRollup(models.Model):
    """Clicks of one link on one UTC day, recounted from the raw clicks whenever new ones arrive."""

    link = models.ForeignKey(TrackedLink, verbose_name=_("link"), on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day"))
    clicks = models.PositiveIntegerField(_("clicks"), default=0)
    unique_visitors = models.PositiveIntegerField(_("unique visitors"), default=0)
    bot_hits = models.PositiveIntegerField(_("bot and preview hits"), default=0)

    class Meta:
        verbose_name = _("daily clicks")
        verbose_name_plural = _("daily clicks")
        constraints = [models.UniqueConstraint("link", "day", name="links_rollup_one_per_link_and_day")]
        # The reach figures rebuild one organization's day from these rows (``reach.rollups``).
        indexes = [models.Index("organization", "day", name="links_rollup_organization_day")]

    def __str__(self) -> str:
        return f"{self.link_id} {self.day}: {self.clicks}"


@declare(not_personal=("day", "salt"))
class VisitorSalt(models.Model):
    """The random salt of one UTC day for visitor hashes; ingestion deletes every earlier day's salt."""

    day = models.DateField(_("day"), unique=True)
    salt = models.CharField(_("salt"), max_length=64)

    class Meta:
        verbose_name = _("visitor salt")
        verbose_name_plural = _("visitor salts")

    def __str__(self) -> str:
        return str(self.day)
