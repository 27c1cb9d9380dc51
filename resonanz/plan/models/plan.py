"""The communication plan as controlled documented information (clause 7.5): a plan and its versions."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare
from resonanz.plan.models.purposes import PLAN, WITH_THE_PLAN


@declare(
    PersonalData(
        ("owner",),
        category=Category.EMPLOYMENT,
        purpose=PLAN,
        basis=LawfulBasis.CONTRACT,
        retention=WITH_THE_PLAN,
    ),
    not_personal=(
        "organization",
        "identifier",
        "title",
        "review_interval_months",
        "evidence_note_optional",
        "last_reviewed_at",
        "next_review_due",
        "created_at",
    ),
)
class CommunicationPlan(models.Model):
    """A plan with an identifier (``KP-01``), an owner and a review interval.

    ``next_review_due`` is stored rather than derived so that the reminder job and the start page can
    select due plans with one indexed query. Only actions set it: on publication, on a recorded review
    and when the interval changes (``resonanz.plan.actions.versions.next_review_date``).
    """

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="communication_plans"
    )
    identifier = models.CharField(_("identifier"), max_length=30)
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        "core.Membership", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="owned_plans"
    )
    review_interval_months = models.PositiveSmallIntegerField(_("review interval (months)"), default=12)
    # Marking a date as done asks for a note, a file or a link, unless the plan relaxes it.
    evidence_note_optional = models.BooleanField(_("note optional when marking as done"), default=False)
    last_reviewed_at = models.DateTimeField(_("last reviewed"), null=True, blank=True)
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("communication plan")
        verbose_name_plural = _("communication plans")
        ordering = ["identifier"]
        constraints = [
            models.UniqueConstraint("organization", "identifier", name="plan_plan_identifier_unique"),
            models.CheckConstraint(
                condition=Q(review_interval_months__gte=1, review_interval_months__lte=60),
                name="plan_plan_review_interval_range",
            ),
        ]
        indexes = [models.Index(fields=["next_review_due"], name="plan_plan_review_due_idx")]

    def __str__(self) -> str:
        return f"{self.identifier} {self.title}"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    APPROVED = "approved", _("approved")
    PUBLISHED = "published", _("published")
    SUPERSEDED = "superseded", _("superseded")


# A version in one of these states is still being worked on; a plan has at most one of them.
OPEN_STATUSES = (VersionStatus.DRAFT, VersionStatus.IN_REVIEW, VersionStatus.APPROVED)
# From approval on, the content of a version is frozen (see migration 0002 for the database guard).
FROZEN_STATUSES = (VersionStatus.APPROVED, VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED)


@declare(
    PersonalData(
        (
            "author",
            "reviewer",
            "approver",
            "publisher",
            "contributors",
            "author_name",
            "reviewer_name",
            "approver_name",
            "publisher_name",
            "names",
        ),
        category=Category.ACTIVITY,
        purpose=PLAN,
        basis=LawfulBasis.CONTRACT,
        retention=WITH_THE_PLAN,
    ),
    not_personal=(
        "plan",
        "number",
        "status",
        "based_on",
        "change_reason",
        "purpose",
        "scope",
        "created_at",
        "submitted_at",
        "reviewed_at",
        "approved_at",
        "published_at",
        "superseded_at",
    ),
)
class PlanVersion(models.Model):
    """One version of a plan: draft → in review → approved → published → superseded.

    Rows belong to a version. Only a draft's rows can change; the database refuses everything else.
    The person fields keep a copy of the name, so the document control block stays readable, and
    ``names`` keeps the names the rows showed when the version was approved.
    """

    organization_path = "plan__organization"  # for the guard of every action (core.guards)

    plan = models.ForeignKey(CommunicationPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    based_on = models.ForeignKey(
        "self", verbose_name=_("based on"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    change_reason = models.TextField(_("reason for the change"), blank=True)
    # The document header (clause 7.5.2): why the plan exists and what it covers. Versioned with the
    # rows: edited in a draft, frozen from approval on (migration 0013 extends the database guard).
    purpose = models.TextField(_("purpose"), blank=True)
    scope = models.TextField(pgettext_lazy("document header", "scope"), blank=True)
    author = models.ForeignKey(
        "core.Membership", verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    reviewer = models.ForeignKey(
        "core.Membership",
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approver = models.ForeignKey(
        "core.Membership",
        verbose_name=_("approver"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    publisher = models.ForeignKey(
        "core.Membership",
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Everyone who started, changed or submitted this version: none of them may approve it (7.5.2).
    contributors = models.ManyToManyField(
        "core.Membership", verbose_name=_("contributors"), related_name="+", blank=True
    )
    author_name = models.CharField(_("author"), max_length=150, blank=True)
    reviewer_name = models.CharField(_("reviewer"), max_length=150, blank=True)
    approver_name = models.CharField(_("approver"), max_length=150, blank=True)
    publisher_name = models.CharField(_("published by"), max_length=150, blank=True)
    # From approval on: the names of the plan, its owner and everything the rows refer to, as they
    # were approved (resonanz.plan.names). Empty (null) while the version is worked on.
    names = models.JSONField(_("names as approved"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted for review"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint("plan", "number", name="plan_version_number_unique"),
            models.UniqueConstraint(
                "plan", condition=Q(status__in=[s.value for s in OPEN_STATUSES]), name="plan_version_one_open"
            ),
            models.UniqueConstraint(
                "plan", condition=Q(status=VersionStatus.PUBLISHED), name="plan_version_one_published"
            ),
            models.CheckConstraint(
                condition=Q(status__in=VersionStatus.values), name="plan_version_status_valid"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="plan_version_number_positive"),
            models.CheckConstraint(
                condition=Q(approver__isnull=True) | ~Q(approver=F("author")),
                name="plan_version_approver_not_author",
            ),
            models.CheckConstraint(
                condition=Q(reviewer__isnull=True) | ~Q(reviewer=F("author")),
                name="plan_version_reviewer_not_author",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[s.value for s in FROZEN_STATUSES])
                | Q(approver__isnull=False, approved_at__isnull=False),
                name="plan_version_approved_has_approver",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED])
                | Q(published_at__isnull=False),
                name="plan_version_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.identifier} v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT


class CommentKind(models.TextChoices):
    COMMENT = "comment", _("comment")
    REJECTION = "rejection", _("returned to draft")


@declare(
    PersonalData(
        ("author", "author_name"),
        category=Category.ACTIVITY,
        purpose=PLAN,
        basis=LawfulBasis.CONTRACT,
        retention=WITH_THE_PLAN,
    ),
    PersonalData(
        ("body",),
        category=Category.FREE_TEXT,
        purpose=PLAN,
        basis=LawfulBasis.CONTRACT,
        retention=WITH_THE_PLAN,
    ),
    not_personal=(
        "version",
        "kind",
        "created_at",
    ),
)
class VersionComment(models.Model):
    """A remark on a version: review notes, the reason for sending a draft back. Never edited."""

    organization_path = "version__plan__organization"

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        "core.Membership", verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    author_name = models.CharField(_("author"), max_length=150)
    kind = models.CharField(
        _("kind"), max_length=12, choices=CommentKind.choices, default=CommentKind.COMMENT
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=CommentKind.values), name="plan_comment_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.body[:60]
