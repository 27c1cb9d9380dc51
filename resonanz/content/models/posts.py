"""Posts, their variants per network, images and campaigns.

A post is written once and has one variant per network it goes to, each counted the way that network
counts (``resonanz.content.checks.limits``). Every edit raises ``revision``; an approval is given to one
revision, so an edit after approval withdraws it. Deliveries (the publishing app) send the approved
revision's text exactly as approved.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from resonanz.content.models.purposes import PUBLISHING, RELEASE_EVIDENCE
from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare

MAX_IMAGES = 4
MAX_VARIANT_CHARS = 10_000
MAX_TAGS = 30


class PostNetwork(models.TextChoices):
    """Where a post variant can go: the networks resonanz publishes to, and a generic webhook."""

    BLUESKY = "bluesky", "Bluesky"
    MASTODON = "mastodon", "Mastodon"
    LINKEDIN = "linkedin", "LinkedIn"
    X = "x", "X"
    WEBHOOK = "webhook", _("Webhook (intranet, Teams, Slack)")


class Language(models.TextChoices):
    GERMAN = "de", _("German")
    ENGLISH = "en", _("English")


class PostStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    ARCHIVED = "archived", _("archived")


@declare(
    not_personal=(
        "organization",
        "name",
        "description",
        "starts_on",
        "ends_on",
        "is_active",
        "created_at",
    )
)
class Campaign(models.Model):
    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="content_campaigns"
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.UniqueConstraint("organization", Lower("name"), name="content_campaign_name_unique"),
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="content_campaign_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name


@declare(
    PersonalData(
        ("author", "author_name"),
        category=Category.ACTIVITY,
        purpose=PUBLISHING,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=RELEASE_EVIDENCE,
    ),
    PersonalData(
        ("title", "link_url", "hashtags", "mentions"),
        category=Category.FREE_TEXT,
        purpose=PUBLISHING,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=RELEASE_EVIDENCE,
    ),
    not_personal=(
        "organization",
        "language",
        "campaign",
        "plan_row",
        "plan_row_key",
        "plan_row_label",
        "planned_for",
        "status",
        "revision",
        "approved_revision",
        "is_employee_post",
        "reminded_at",
        "created_at",
        "updated_at",
    ),
)
class Post(models.Model):
    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="content_posts"
    )
    author = models.ForeignKey(
        "core.Membership", verbose_name=_("author"), on_delete=models.PROTECT, related_name="content_posts"
    )
    author_name = models.CharField(_("author's name"), max_length=300)
    title = models.CharField(_("working title"), max_length=200)
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.GERMAN
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="posts",
    )
    # The plan row this post carries out: a row of a published plan version (those never change). The
    # row key stays the same across versions; the label is a copy of what the row said when it was linked.
    plan_row = models.ForeignKey(
        "plan.PlanRow",
        verbose_name=_("plan row"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="content_posts",
    )
    plan_row_key = models.UUIDField(_("plan row key"), null=True, blank=True)
    plan_row_label = models.CharField(_("plan row"), max_length=300, blank=True)
    link_url = models.URLField(_("link"), max_length=2000, blank=True)
    hashtags = models.JSONField(_("hashtags"), default=list, blank=True)
    mentions = models.JSONField(_("mentions"), default=list, blank=True)
    # When the post is meant to go out (the editorial calendar's slot); deliveries carry their own due time.
    planned_for = models.DateTimeField(_("planned for"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PostStatus.choices, default=PostStatus.DRAFT
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)
    approved_revision = models.PositiveIntegerField(_("approved revision"), null=True, blank=True)
    # An employee speaking about their employer: the guideline's disclosure rule applies.
    is_employee_post = models.BooleanField(_("employee's own post"), default=False)
    # When approvers were last reminded that approval is overdue: at most one reminder a day per post
    # (the reminder job claims it with a conditional UPDATE on this field).
    reminded_at = models.DateTimeField(_("approvers reminded"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["organization", "planned_for"], name="content_post_org_planned"),
            models.Index(fields=["organization", "status"], name="content_post_org_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=PostStatus.values), name="content_post_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(language__in=Language.values), name="content_post_language_valid"
            ),
            # Approved means: this very revision was approved.
            models.CheckConstraint(
                condition=~models.Q(status=PostStatus.APPROVED)
                | models.Q(approved_revision=models.F("revision")),
                name="content_post_approved_is_current",
            ),
            models.CheckConstraint(
                condition=models.Q(approved_revision__isnull=True)
                | models.Q(approved_revision__lte=models.F("revision")),
                name="content_post_approved_revision_bounded",
            ),
            models.CheckConstraint(
                condition=models.Q(plan_row__isnull=True) | models.Q(plan_row_key__isnull=False),
                name="content_post_row_has_key",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_approved(self) -> bool:
        return self.status == PostStatus.APPROVED and self.approved_revision == self.revision


@declare(
    PersonalData(
        ("text",),
        category=Category.FREE_TEXT,
        purpose=PUBLISHING,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=RELEASE_EVIDENCE,
    ),
    not_personal=("post", "network", "updated_at"),
)
class PostVariant(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="variants")
    network = models.CharField(_("network"), max_length=16, choices=PostNetwork.choices)
    text = models.TextField(_("text"), max_length=MAX_VARIANT_CHARS)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("post variant")
        verbose_name_plural = _("post variants")
        ordering = ["post", "network"]
        constraints = [
            models.UniqueConstraint(fields=["post", "network"], name="content_variant_once_per_network"),
            models.CheckConstraint(
                condition=models.Q(network__in=PostNetwork.values), name="content_variant_network_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post} ({self.get_network_display()})"


@declare(
    PersonalData(
        ("file", "alt_text"),
        category=Category.FREE_TEXT,
        purpose=PUBLISHING,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=RELEASE_EVIDENCE,
    ),
    not_personal=("post", "original_name", "mime_type", "size", "position", "created_at"),
)
class PostImage(models.Model):
    """An image of a post, stored through ``default_storage``; alt text is mandatory before approval."""

    organization_path = "post__organization"  # for the guard of every action (core.guards)

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="images")
    file = models.CharField(_("file"), max_length=300)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    mime_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size"))
    alt_text = models.TextField(_("alternative text"), max_length=2000, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["post", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["post", "position"], name="content_image_position_unique"),
            models.CheckConstraint(
                condition=models.Q(position__lt=MAX_IMAGES), name="content_image_position_bounded"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name or self.file


@declare(
    not_personal=("post", "revision", "ran_at", "results", "blocking", "warnings"),
)
class PostCheckRun(models.Model):
    """The checks' results for one revision: release evidence (8.6) stored with the post.

    ``results`` is a list of findings ``{"check", "severity", "code", "message", "network", "start",
    "end", "category"}``; ``message`` is stored in the organization's language at the time of the run.
    Findings never store the matched text itself (it may be personal data): only offsets into the variant.
    """

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="check_runs")
    revision = models.PositiveIntegerField(_("revision"))
    ran_at = models.DateTimeField(_("checked at"))
    results = models.JSONField(_("results"), default=list)
    blocking = models.PositiveIntegerField(_("blocking findings"), default=0)
    warnings = models.PositiveIntegerField(_("warnings"), default=0)

    class Meta:
        verbose_name = _("check run")
        verbose_name_plural = _("check runs")
        ordering = ["post", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["post", "revision"], name="content_check_once_per_revision"),
        ]

    def __str__(self) -> str:
        return f"{self.post} #{self.revision}"
