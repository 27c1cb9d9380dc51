"""The organization's guideline rules, checked on every post before approval."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import declare

MAX_RULES = 500


class RuleKind(models.TextChoices):
    FORBIDDEN_WORD = "forbidden_word", _("forbidden word")
    FORBIDDEN_CLAIM = "forbidden_claim", _("forbidden claim")
    CONFIDENTIAL_NAME = "confidential_name", _("confidential project name")
    REQUIRED_DISCLOSURE = "required_disclosure", _("required disclosure on employees' posts")


class Severity(models.TextChoices):
    """``block`` stops approval; ``warn`` must be seen; ``info`` only tells."""

    BLOCK = "block", _("blocks approval")
    WARN = "warn", _("warning")
    INFO = "info", _("note")


@declare(
    not_personal=(
        "organization",
        "kind",
        "pattern",
        "severity",
        "message",
        "is_active",
        "created_at",
    )
)
class GuidelineRule(models.Model):
    """One rule of the social media guideline: a word, claim or name that must not (or must) appear.

    ``pattern`` is plain text matched case-insensitively on word boundaries (German umlauts and their
    transliterations alike); for a required disclosure it is the text that must appear (e.g. "#mitarbeiter").
    """

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="content_guideline_rules"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=RuleKind.choices)
    pattern = models.CharField(_("word or phrase"), max_length=200)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices, default=Severity.BLOCK)
    message = models.CharField(_("message to the author"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("guideline rule")
        verbose_name_plural = _("guideline rules")
        ordering = ["kind", "pattern"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "pattern"], name="content_rule_once_per_pattern"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=RuleKind.values), name="content_rule_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(severity__in=Severity.values), name="content_rule_severity_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.pattern
