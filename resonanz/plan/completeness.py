"""Which of the five questions of clause 7.4 a plan row leaves open."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from resonanz.plan.models import PlanRow, WhenKind


class Question(models.TextChoices):
    WHAT = "what", _("what")
    WHEN = "when", _("when")
    WITH_WHOM = "with_whom", _("with whom")
    HOW = "how", _("how")
    WHO = "who", _("who")


HINTS = {
    Question.WHAT: _("choose a topic"),
    Question.WHEN: _("give a recurrence with a start date, a fixed date, or a trigger"),
    Question.WITH_WHOM: _("choose at least one audience"),
    Question.HOW: _("choose at least one channel"),
    Question.WHO: _("name a sender (a role or a person), who approves and who is responsible"),
}


def missing_answers(row: PlanRow) -> list[Question]:
    """The unanswered questions, in the order of the clause. Reads the row's prefetched relations."""
    missing: list[Question] = []
    if row.topic_id is None:
        missing.append(Question.WHAT)
    if not _when_answered(row):
        missing.append(Question.WHEN)
    if not row.audiences.all():
        missing.append(Question.WITH_WHOM)
    if not row.channels.all():
        missing.append(Question.HOW)
    if not answers_who(row.owner_id, row.approver_id, bool(row.sender_roles or row.senders.all())):
        missing.append(Question.WHO)
    return missing


def answers_who(owner: object, approver: object, has_senders: bool) -> bool:
    """Clause 7.4's "who": a sender (a role or a person), who approves and who is responsible.

    The import checks the same rule on rows it has not written yet.
    """
    return owner is not None and approver is not None and has_senders


def _when_answered(row: PlanRow) -> bool:
    if row.when_kind == WhenKind.RECURRENCE:
        return bool(row.rrule) and row.start_date is not None
    if row.when_kind == WhenKind.FIXED:
        return row.start_date is not None
    if row.when_kind == WhenKind.TRIGGER:
        return bool(row.trigger.strip())
    return False
