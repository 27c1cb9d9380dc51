"""The share library: approved posts offered to employees, their suggested texts, and what was shared.

An item copies the approved revision's texts when it is offered (``SuggestedText``), so the library shows
exactly what was approved even when the post is edited later. A ``Share`` records one employee sharing one
item to one network, either through publishing to their own connected account (``kind=account``, with
its ``Delivery``) or by copying the text (``kind=copied``); its ``link`` is the employee's tracked link,
whose clicks the links app counts (``links.DailyClickRollup``).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from resonanz.advocacy.purposes import LIBRARY, SHARING, WHILE_MEMBER_OR_ERASED, WITH_THE_ITEM
from resonanz.content.models import Language, PostNetwork
from resonanz.content.models.posts import MAX_VARIANT_CHARS
from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare

NOTE_MAX_LENGTH = 1000


@declare(
    PersonalData(
        ("offered_by", "offered_by_name"),
        category=Category.ACTIVITY,
        purpose=LIBRARY,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WITH_THE_ITEM,
    ),
    PersonalData(
        ("note",),
        category=Category.FREE_TEXT,
        purpose=LIBRARY,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WITH_THE_ITEM,
    ),
    not_personal=(
        "organization",
        "post",
        "revision",
        "language",
        "topics",
        "audiences",
        "offered_at",
        "withdrawn_at",
    ),
)
class ShareableItem(models.Model):
    """An approved post in the share library, as approved in ``revision``."""

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="advocacy_items"
    )
    post = models.ForeignKey(
        "content.Post", verbose_name=_("post"), on_delete=models.PROTECT, related_name="shareable_items"
    )
    revision = models.PositiveIntegerField(_("revision"))
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    topics = models.ManyToManyField("plan.Topic", verbose_name=_("topics"), blank=True, related_name="+")
    audiences = models.ManyToManyField(
        "plan.Audience", verbose_name=_("audiences"), blank=True, related_name="+"
    )
    note = models.TextField(_("note for ambassadors"), max_length=NOTE_MAX_LENGTH, blank=True)
    offered_by = models.ForeignKey(
        "core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    offered_by_name = models.CharField(_("offered by"), max_length=300, blank=True)
    offered_at = models.DateTimeField(_("offered"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("shareable post")
        verbose_name_plural = _("shareable posts")
        ordering = ["-offered_at", "-pk"]
        indexes = [
            models.Index(
                fields=["organization", "-offered_at"],
                condition=Q(withdrawn_at__isnull=True),
                name="advocacy_item_library",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["post"], condition=Q(withdrawn_at__isnull=True), name="advocacy_item_once_per_post"
            ),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="advocacy_item_language_valid"
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=models.F("offered_at")),
                name="advocacy_item_withdrawn_after_offered",
            ),
        ]

    def __str__(self) -> str:
        return str(self.post)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


@declare(
    PersonalData(
        ("text",),
        category=Category.FREE_TEXT,
        purpose=LIBRARY,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WITH_THE_ITEM,
    ),
    not_personal=("item", "network"),
)
class SuggestedText(models.Model):
    """The approved text of one network, copied when the item was offered."""

    organization_path = "item__organization"

    item = models.ForeignKey(ShareableItem, on_delete=models.CASCADE, related_name="suggested_texts")
    network = models.CharField(_("network"), max_length=16, choices=PostNetwork.choices)
    text = models.TextField(_("suggested text"), max_length=MAX_VARIANT_CHARS)

    class Meta:
        verbose_name = _("suggested text")
        verbose_name_plural = _("suggested texts")
        ordering = ["item", "network"]
        constraints = [
            models.UniqueConstraint(fields=["item", "network"], name="advocacy_text_once_per_network"),
            models.CheckConstraint(
                condition=Q(network__in=PostNetwork.values), name="advocacy_text_network_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} ({self.get_network_display()})"


class ShareKind(models.TextChoices):
    ACCOUNT = "account", _("published on the own connected account")
    COPIED = "copied", _("text copied to post by hand")


@declare(
    PersonalData(
        ("membership",),
        category=Category.ACTIVITY,
        purpose=SHARING,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WHILE_MEMBER_OR_ERASED,
    ),
    PersonalData(
        ("text",),
        category=Category.FREE_TEXT,
        purpose=SHARING,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WHILE_MEMBER_OR_ERASED,
    ),
    not_personal=(
        "organization",
        "item",
        "post",
        "network",
        "kind",
        "link",
        "delivery",
        "followers",
        "created_at",
    ),
)
class Share(models.Model):
    """One employee sharing one library item to one network (at most once per item, person and network)."""

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="advocacy_shares"
    )
    item = models.ForeignKey(
        ShareableItem, verbose_name=_("shared post"), on_delete=models.PROTECT, related_name="shares"
    )
    post = models.ForeignKey(
        "content.Post", verbose_name=_("post"), on_delete=models.PROTECT, related_name="+"
    )
    # SET_NULL: erasing a person keeps the share as a count without them.
    membership = models.ForeignKey(
        "core.Membership",
        verbose_name=_("ambassador"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advocacy_shares",
    )
    network = models.CharField(_("network"), max_length=16, choices=PostNetwork.choices)
    kind = models.CharField(_("how"), max_length=10, choices=ShareKind.choices)
    text = models.TextField(_("text"), max_length=MAX_VARIANT_CHARS)
    link = models.ForeignKey(
        "links.TrackedLink",
        verbose_name=_("tracked link"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    delivery = models.OneToOneField(
        "publishing.Delivery",
        verbose_name=_("delivery"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="share",
    )
    # The account's follower count when shared, where the network reports it (for estimated reach).
    followers = models.PositiveIntegerField(_("followers"), null=True, blank=True)
    created_at = models.DateTimeField(_("shared"), auto_now_add=True)

    class Meta:
        verbose_name = _("share")
        verbose_name_plural = _("shares")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["organization", "created_at"], name="advocacy_share_org_created"),
            models.Index(fields=["membership", "-created_at"], name="advocacy_share_member"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "membership", "network"], name="advocacy_share_once_per_network"
            ),
            models.CheckConstraint(condition=Q(kind__in=ShareKind.values), name="advocacy_share_kind_valid"),
            models.CheckConstraint(
                condition=Q(network__in=PostNetwork.values), name="advocacy_share_network_valid"
            ),
            # Through an account: a delivery; copied: none.
            models.CheckConstraint(
                condition=Q(kind=ShareKind.ACCOUNT, delivery__isnull=False)
                | Q(kind=ShareKind.COPIED, delivery__isnull=True),
                name="advocacy_share_delivery_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} → {self.get_network_display()}"
