"""Network accounts, deliveries and their attempts, and correction records (DESIGN.md §5, §8).

The delivery row is the truth: a worker claims a due row with a conditional UPDATE
(``scheduled → sending`` with a claim token), calls the network outside any transaction and records the
outcome. A row left in ``sending`` is resolved by asking the network, else it needs a person.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from resonanz.content.models import PostNetwork
from resonanz.content.models.purposes import PUBLISHING, RELEASE_EVIDENCE
from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare
from resonanz.publishing.purposes import ACCOUNTS, WHILE_CONNECTED


class AccountKind(models.TextChoices):
    COMPANY = "company", _("company account")
    PERSONAL = "personal", _("employee's own account")


class AccountStatus(models.TextChoices):
    CONNECTED = "connected", _("connected")
    EXPIRED = "expired", _("must be reconnected")
    DISCONNECTED = "disconnected", _("disconnected")


@declare(
    PersonalData(
        ("membership", "identifier", "display_name", "profile_url", "connected_by", "connected_at"),
        category=Category.IDENTIFICATION,
        purpose=ACCOUNTS,
        basis=LawfulBasis.CONSENT,
        retention=WHILE_CONNECTED,
    ),
    PersonalData(
        ("secret_encrypted", "refresh_encrypted", "client_encrypted"),
        category=Category.CREDENTIALS,
        purpose=ACCOUNTS,
        basis=LawfulBasis.CONSENT,
        retention=WHILE_CONNECTED,
    ),
    not_personal=(
        "organization",
        "network",
        "kind",
        "channel",
        "base_url",
        "status",
        "status_detail",
        "token_expires_at",
        "last_verified_at",
        "followers_count",
        "followers_counted_at",
        "expiry_reminded_at",
        "created_at",
    ),
)
class NetworkAccount(models.Model):
    """A company account or an employee's own account on one network.

    Secrets are encrypted with ``resonanz.core.crypto`` (``RESONANZ_ENCRYPTION_KEY``) and never shown,
    logged or exported. ``client_encrypted`` holds per-instance OAuth client credentials (Mastodon).
    """

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="publishing_accounts"
    )
    network = models.CharField(_("network"), max_length=16, choices=PostNetwork.choices)
    kind = models.CharField(
        _("kind"), max_length=10, choices=AccountKind.choices, default=AccountKind.COMPANY
    )
    # The employee whose own account this is (personal accounts only).
    membership = models.ForeignKey(
        "core.Membership",
        verbose_name=_("employee"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="publishing_accounts",
    )
    # The plan channel this account serves (for approval rules and the plan's evidence).
    channel = models.ForeignKey(
        "plan.Channel",
        verbose_name=_("channel"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="publishing_accounts",
    )
    base_url = models.URLField(_("server"), max_length=300, blank=True)
    identifier = models.CharField(_("account"), max_length=300)
    display_name = models.CharField(_("name"), max_length=300, blank=True)
    profile_url = models.URLField(_("profile"), max_length=500, blank=True)
    secret_encrypted = models.TextField(blank=True)
    refresh_encrypted = models.TextField(blank=True)
    client_encrypted = models.TextField(blank=True)
    token_expires_at = models.DateTimeField(_("token expires"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=AccountStatus.choices, default=AccountStatus.CONNECTED
    )
    status_detail = models.CharField(_("status detail"), max_length=300, blank=True)
    connected_by = models.ForeignKey(
        "core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    connected_at = models.DateTimeField(_("connected"), null=True, blank=True)
    last_verified_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    # As the network reported them when the account was last connected or checked; empty where the
    # network does not say (Bluesky's profile needs an AppView, webhooks have no followers).
    followers_count = models.PositiveIntegerField(_("followers"), null=True, blank=True)
    followers_counted_at = models.DateTimeField(_("followers counted"), null=True, blank=True)
    expiry_reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("network account")
        verbose_name_plural = _("network accounts")
        ordering = ["network", "display_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "network", "base_url", "identifier"],
                condition=~models.Q(status="disconnected"),
                name="publishing_account_connected_once",
            ),
            models.CheckConstraint(
                condition=models.Q(network__in=PostNetwork.values), name="publishing_account_network_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="company", membership__isnull=True)
                | models.Q(kind="personal", membership__isnull=False),
                name="publishing_account_owner_matches_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=AccountStatus.values), name="publishing_account_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_network_display()}: {self.display_name or self.identifier}"


class DeliveryStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    SENDING = "sending", _("sending")
    PUBLISHED = "published", _("published")
    FAILED = "failed", _("failed")
    NEEDS_ATTENTION = "needs_attention", _("needs attention")
    CANCELLED = "cancelled", _("cancelled")
    DELETED = "deleted", _("deleted from the network")


@declare(
    PersonalData(
        ("text", "remote_url", "remote_id"),
        category=Category.FREE_TEXT,
        purpose=PUBLISHING,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=RELEASE_EVIDENCE,
    ),
    PersonalData(
        ("scheduled_by", "scheduled_by_name"),
        category=Category.ACTIVITY,
        purpose=PUBLISHING,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=RELEASE_EVIDENCE,
    ),
    not_personal=(
        "organization",
        "post",
        "account",
        "network",
        "revision",
        "due_at",
        "status",
        "idempotency_key",
        "claim_token",
        "claimed_at",
        "attempts",
        "next_attempt_at",
        "published_at",
        "failure_code",
        "failure_detail",
        "created_at",
        "updated_at",
    ),
)
class Delivery(models.Model):
    """One post to one account at one time: the unit that is scheduled, claimed and published once."""

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="publishing_deliveries"
    )
    post = models.ForeignKey("content.Post", on_delete=models.PROTECT, related_name="deliveries")
    account = models.ForeignKey(NetworkAccount, on_delete=models.PROTECT, related_name="deliveries")
    network = models.CharField(_("network"), max_length=16, choices=PostNetwork.choices)
    # The approved revision and its exact text for this network, copied when scheduled.
    revision = models.PositiveIntegerField(_("revision"))
    text = models.TextField(_("text"))
    due_at = models.DateTimeField(_("due"))
    status = models.CharField(
        _("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.SCHEDULED
    )
    idempotency_key = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    claim_token = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # After a transient failure: not before this time (back-off, Retry-After).
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    remote_id = models.CharField(_("id on the network"), max_length=500, blank=True)
    remote_url = models.URLField(_("address on the network"), max_length=1000, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    failure_code = models.CharField(_("reason"), max_length=40, blank=True)
    failure_detail = models.CharField(_("details"), max_length=500, blank=True)
    scheduled_by = models.ForeignKey(
        "core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scheduled_by_name = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["due_at", "pk"]
        indexes = [
            # The worker's only hot query: due rows still scheduled.
            models.Index(
                fields=["due_at"],
                condition=models.Q(status="scheduled"),
                name="publishing_delivery_due",
            ),
            models.Index(
                fields=["claimed_at"],
                condition=models.Q(status="sending"),
                name="publishing_delivery_sending",
            ),
            models.Index(fields=["organization", "due_at"], name="publishing_delivery_org_due"),
            # The plan's planned-vs-executed view: what an organization published in a period.
            models.Index(
                fields=["organization", "published_at"],
                condition=models.Q(status="published"),
                name="publishing_delivery_published",
            ),
        ]
        constraints = [
            # A post goes to an account once (a cancelled row may be scheduled again as a new row).
            models.UniqueConstraint(
                fields=["post", "account"],
                condition=~models.Q(status="cancelled"),
                name="publishing_delivery_once_per_account",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=DeliveryStatus.values), name="publishing_delivery_status_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sending") | models.Q(claim_token__isnull=False),
                name="publishing_delivery_sending_is_claimed",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | ~models.Q(remote_id=""),
                name="publishing_delivery_published_has_id",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post} → {self.account}"


@declare(
    not_personal=(
        "delivery",
        "claim_token",
        "started_at",
        "finished_at",
        "outcome",
        "code",
        "http_status",
        "detail",
    ),
)
class DeliveryAttempt(models.Model):
    """Each call to the network for a delivery, kept as the record of what happened (no secrets)."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    claim_token = models.UUIDField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, blank=True)
    code = models.CharField(max_length=40, blank=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["delivery", "started_at", "pk"]

    def __str__(self) -> str:
        return f"{self.delivery_id} {self.outcome}"


class CorrectionAction(models.TextChoices):
    DELETED = "deleted", _("deleted from the network")
    CORRECTED = "corrected", _("corrected by a follow-up post")
    KEPT = "kept", _("left online with a note")


@declare(
    PersonalData(
        ("decided_by", "decided_by_name", "decided_at"),
        category=Category.ACTIVITY,
        purpose=PUBLISHING,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=RELEASE_EVIDENCE,
    ),
    PersonalData(
        ("what_was_wrong", "what_was_done"),
        category=Category.FREE_TEXT,
        purpose=PUBLISHING,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=RELEASE_EVIDENCE,
    ),
    not_personal=("organization", "delivery", "post", "action", "follow_up"),
)
class Correction(models.Model):
    """A published post that was wrong (ISO 9001 8.7): what was wrong, who decided, what was done."""

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="publishing_corrections"
    )
    post = models.ForeignKey("content.Post", on_delete=models.PROTECT, related_name="corrections")
    delivery = models.ForeignKey(
        Delivery, null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    what_was_wrong = models.TextField(_("what was wrong"), max_length=5000)
    action = models.CharField(_("what was done"), max_length=12, choices=CorrectionAction.choices)
    what_was_done = models.TextField(_("details"), max_length=5000, blank=True)
    follow_up = models.ForeignKey(
        "content.Post", null=True, blank=True, on_delete=models.PROTECT, related_name="corrects"
    )
    decided_by = models.ForeignKey("core.Membership", on_delete=models.PROTECT, related_name="+")
    decided_by_name = models.CharField(max_length=300)
    decided_at = models.DateTimeField(_("decided"))

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["-decided_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=CorrectionAction.values),
                name="publishing_correction_action_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.what_was_wrong[:60]
