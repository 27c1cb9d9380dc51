"""Reference data of an organization's plan: channels (how), audiences (with whom), topics (what)."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare
from resonanz.plan.models.purposes import PLAN, WITH_THE_PLAN


class Direction(models.TextChoices):
    INTERNAL = "internal", _("internal")
    EXTERNAL = "external", _("external")
    BOTH = "both", _("internal and external")


class ChannelKind(models.TextChoices):
    SOCIAL_NETWORK = "social_network", _("social network")
    OWNED_MEDIUM = "owned_medium", _("owned medium")
    IN_PERSON = "in_person", _("in person")
    DIRECT = "direct", _("direct (e-mail, telephone)")


@declare(
    not_personal=(
        "organization",
        "name",
        "is_active",
        "position",
        "created_at",
    ),
)
class ReferenceItem(models.Model):
    """What channels, audiences and topics share: a name unique per organization (ignoring case)."""

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="plan_%(class)ss"
    )
    name = models.CharField(_("name"), max_length=120)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


@declare(
    PersonalData(
        ("owner",),
        category=Category.EMPLOYMENT,
        purpose=PLAN,
        basis=LawfulBasis.CONTRACT,
        retention=WITH_THE_PLAN,
    ),
    not_personal=(
        "kind",
        "direction",
    ),
)
class Channel(ReferenceItem):
    """How the organization communicates: a network, an owned medium, a meeting, the telephone."""

    kind = models.CharField(_("kind"), max_length=20, choices=ChannelKind.choices)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.BOTH
    )
    owner = models.ForeignKey(
        "core.Membership",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_plan_channels",
    )

    class Meta(ReferenceItem.Meta):
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        constraints = [
            models.UniqueConstraint("organization", Lower("name"), name="plan_channel_name_unique"),
            models.CheckConstraint(
                condition=models.Q(kind__in=ChannelKind.values), name="plan_channel_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(direction__in=Direction.values), name="plan_channel_direction_valid"
            ),
        ]


@declare(
    not_personal=(
        "expectations",
        "direction",
    ),
)
class Audience(ReferenceItem):
    """An interested party (clause 4.2) the organization communicates with, and what it expects."""

    expectations = models.TextField(_("expectations"), blank=True)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.EXTERNAL
    )

    class Meta(ReferenceItem.Meta):
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        constraints = [
            models.UniqueConstraint("organization", Lower("name"), name="plan_audience_name_unique"),
            models.CheckConstraint(
                condition=models.Q(direction__in=Direction.values), name="plan_audience_direction_valid"
            ),
        ]


@declare(
    not_personal=("description",),
)
class Topic(ReferenceItem):
    """What the organization communicates about."""

    description = models.TextField(_("description"), blank=True)

    class Meta(ReferenceItem.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint("organization", Lower("name"), name="plan_topic_name_unique"),
        ]
