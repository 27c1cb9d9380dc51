"""The organization's guideline rules: added, changed and removed by those who keep the guidelines.

A pattern is plain text (1 to 200 characters, spaces collapsed); the check runner matches it
case-insensitively on word boundaries, so two patterns differing only in case are the same rule and
the second is refused. An organization has at most ``MAX_RULES`` rules, which bounds every check run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from resonanz.content.models import MAX_RULES, GuidelineRule, RuleKind, Severity
from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.core.text import clean_text

PATTERN_LIMIT = 200
MESSAGE_LIMIT = 300
FIELDS = ("kind", "pattern", "severity", "message", "is_active")
RULE_EXISTS = _("This rule exists already.")


@dataclass(frozen=True)
class RuleInput:
    kind: str
    pattern: str
    severity: str
    message: str


def _cleaned(kind: Any, pattern: Any, severity: Any, message: Any) -> RuleInput:
    if kind not in RuleKind.values:
        raise ActionRefused(_("Choose a kind of rule."), field="kind")
    if severity not in Severity.values:
        raise ActionRefused(_("Choose how serious a match is."), field="severity")
    if not isinstance(pattern, str):
        raise ActionRefused(_("Enter the word or phrase as text."), field="pattern")
    words = " ".join(clean_text(pattern).split())
    if not words:
        raise ActionRefused(_("Enter the word or phrase the rule is about."), field="pattern")
    if len(words) > PATTERN_LIMIT:
        raise ActionRefused(
            _("A word or phrase has at most %(limit)s characters."),
            params={"limit": PATTERN_LIMIT},
            field="pattern",
        )
    if message is not None and not isinstance(message, str):
        raise ActionRefused(_("Enter the message as text."), field="message")
    note = clean_text(message)
    if len(note) > MESSAGE_LIMIT:
        raise ActionRefused(
            _("A message has at most %(limit)s characters."), params={"limit": MESSAGE_LIMIT}, field="message"
        )
    return RuleInput(str(kind), words, str(severity), note)


def _refuse_duplicate(member: Membership, data: RuleInput, exclude: int | None = None) -> None:
    same = GuidelineRule.objects.annotate(lowered=Lower("pattern")).filter(
        organization_id=member.organization_id, kind=data.kind, lowered=data.pattern.lower()
    )
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if same.exists():
        raise ActionRefused(RULE_EXISTS, field="pattern", code="rule_exists")


@action(Capability.MANAGE_GUIDELINES)
def add_guideline_rule(
    member: Membership, kind: str, pattern: str, severity: str = Severity.BLOCK, message: str = ""
) -> GuidelineRule:
    """Add a rule to the organization's guideline."""
    data = _cleaned(kind, pattern, severity, message)
    organization = member.organization
    with transaction.atomic():
        # Lock the organization row so two rules added at once cannot both pass the bound.
        type(organization).objects.select_for_update().filter(pk=organization.pk).exists()
        if GuidelineRule.objects.filter(organization=organization).count() >= MAX_RULES:
            raise ActionRefused(
                _("An organization has at most %(limit)s guideline rules. Remove one first."),
                params={"limit": MAX_RULES},
                code="too_many_rules",
            )
        _refuse_duplicate(member, data)
        try:
            with transaction.atomic():
                rule = GuidelineRule.objects.create(
                    organization=organization,
                    kind=data.kind,
                    pattern=data.pattern,
                    severity=data.severity,
                    message=data.message,
                )
        except IntegrityError:
            raise ActionRefused(RULE_EXISTS, field="pattern", code="rule_exists") from None
        audit.record(
            organization, member, "content.guideline_rule_added", rule, after=audit.snapshot(rule, FIELDS)
        )
    return rule


@action(Capability.MANAGE_GUIDELINES)
def update_guideline_rule(
    member: Membership,
    rule: GuidelineRule,
    kind: str,
    pattern: str,
    severity: str,
    message: str = "",
    is_active: bool = True,
) -> GuidelineRule:
    """Change a rule: its kind, pattern, severity, message, and whether it is checked."""
    data = _cleaned(kind, pattern, severity, message)
    if not isinstance(is_active, bool):
        raise ActionRefused(_("Choose whether the rule is checked."), field="is_active")
    with transaction.atomic():
        locked = GuidelineRule.objects.select_for_update().get(pk=rule.pk)
        before = audit.snapshot(locked, FIELDS)
        _refuse_duplicate(member, data, exclude=locked.pk)
        locked.kind, locked.pattern, locked.severity = data.kind, data.pattern, data.severity
        locked.message, locked.is_active = data.message, is_active
        after = audit.snapshot(locked, FIELDS)
        if after == before:
            return locked
        try:
            with transaction.atomic():
                locked.save(update_fields=list(FIELDS))
        except IntegrityError:
            raise ActionRefused(RULE_EXISTS, field="pattern", code="rule_exists") from None
        audit.record(
            member.organization, member, "content.guideline_rule_changed", locked, before=before, after=after
        )
    return locked


@action(Capability.MANAGE_GUIDELINES)
def remove_guideline_rule(member: Membership, rule: GuidelineRule) -> None:
    """Remove a rule; check runs made with it keep their findings (they store codes, not rules)."""
    with transaction.atomic():
        before = audit.snapshot(rule, FIELDS)
        deleted, _rows = GuidelineRule.objects.filter(pk=rule.pk).delete()
        if not deleted:
            return
        audit.record(member.organization, member, "content.guideline_rule_removed", rule, before=before)
