"""Who must approve a post, and what each approver decided.

Per organization and channel (the plan's channels; no channel = the organization's default) one or two
approvers are required, never the author. A decision belongs to one revision of the post; an edit makes
a new revision, so earlier approvals no longer count (they are marked withdrawn, and the audit says why).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from resonanz.content.models.posts import Post
from resonanz.content.models.purposes import PUBLISHING, RELEASE_EVIDENCE
from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare


@declare(
    not_personal=("organization", "channel", "approvers_required", "overdue_after_hours", "created_at"),
)
class ApprovalPolicy(models.Model):
    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="content_approval_policies"
    )
    channel = models.ForeignKey(
        "plan.Channel",
        verbose_name=_("channel"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="content_approval_policies",
    )
    approvers_required = models.PositiveSmallIntegerField(_("approvals required"), default=1)
    overdue_after_hours = models.PositiveSmallIntegerField(_("overdue after (hours)"), default=48)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("approval rule")
        verbose_name_plural = _("approval rules")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "channel"],
                condition=models.Q(channel__isnull=False),
                name="content_policy_once_per_channel",
            ),
            models.UniqueConstraint(
                fields=["organization"],
                condition=models.Q(channel__isnull=True),
                name="content_policy_one_default",
            ),
            models.CheckConstraint(
                condition=models.Q(approvers_required__gte=1, approvers_required__lte=2),
                name="content_policy_one_or_two_approvers",
            ),
            models.CheckConstraint(
                condition=models.Q(overdue_after_hours__gte=1, overdue_after_hours__lte=720),
                name="content_policy_overdue_bounded",
            ),
        ]

    def __str__(self) -> str:
        return str(self.channel) if self.channel_id else str(_("default"))


class Decision(models.TextChoices):
    APPROVED = "approved", _("approved")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")
    REJECTED = "rejected", _("rejected")


@declare(
    PersonalData(
        ("member", "member_name", "decided_at", "decision"),
        category=Category.ACTIVITY,
        purpose=PUBLISHING,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=RELEASE_EVIDENCE,
    ),
    PersonalData(
        ("comment", "withdrawn_reason"),
        category=Category.FREE_TEXT,
        purpose=PUBLISHING,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=RELEASE_EVIDENCE,
    ),
    not_personal=("post", "revision", "withdrawn_at"),
)
class ApprovalDecision(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="decisions")
    revision = models.PositiveIntegerField(_("revision"))
    member = models.ForeignKey(
        "core.Membership", verbose_name=_("approver"), on_delete=models.PROTECT, related_name="+"
    )
    member_name = models.CharField(_("approver's name"), max_length=300)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    comment = models.TextField(_("comment"), max_length=5000, blank=True)
    decided_at = models.DateTimeField(_("decided at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("why withdrawn"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("approval decision")
        verbose_name_plural = _("approval decisions")
        ordering = ["post", "decided_at", "pk"]
        constraints = [
            # One standing approval per person and revision: a double click never counts twice.
            models.UniqueConstraint(
                fields=["post", "revision", "member"],
                condition=models.Q(decision="approved", withdrawn_at__isnull=True),
                name="content_decision_one_approval_per_member",
            ),
            models.CheckConstraint(
                condition=models.Q(decision__in=Decision.values), name="content_decision_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_name}: {self.get_decision_display()}"


@declare(
    PersonalData(
        ("author", "author_name", "created_at"),
        category=Category.ACTIVITY,
        purpose=PUBLISHING,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=RELEASE_EVIDENCE,
    ),
    PersonalData(
        ("text",),
        category=Category.FREE_TEXT,
        purpose=PUBLISHING,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=RELEASE_EVIDENCE,
    ),
    not_personal=("post", "revision"),
)
class PostComment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    revision = models.PositiveIntegerField(_("revision"))
    author = models.ForeignKey("core.Membership", on_delete=models.PROTECT, related_name="+")
    author_name = models.CharField(_("name"), max_length=300)
    text = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["post", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
