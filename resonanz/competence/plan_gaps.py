"""What the plan's pages show of competence gating: a badge per row and a list of who lacks what.

The plan's version page and its matrix page (the published version) call ``gaps_for_page`` with the
rows they show; it costs a fixed number of queries (``gating.violations_for_rows``) whatever the
number of rows. Editors and approvers see it; names only those who may see the people named in the
plan (``VIEW_NAMES``), so the works council never sees one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _

from resonanz.competence.gating import HasPk, Violation, violations_for_rows
from resonanz.core.models import Membership
from resonanz.core.roles import Capability

MAX_LINES = 200


@dataclass
class PageGaps:
    rows: set[int] = field(default_factory=set)
    lines: list[str] = field(default_factory=list)
    more: int = 0


def sees_gaps(member: Membership) -> bool:
    return member.can(Capability.EDIT_PLAN) or member.can(Capability.APPROVE_PLAN)


def gap_text(violation: Violation, *, names: bool) -> str:
    """One violation in words; an expired certificate is named as such, with the day it ran out."""
    values = {
        "sender": violation.sender_name if names else _("a sender"),
        "competence": violation.competence_name,
        "channel": violation.channel_name,
    }
    if violation.expired_on is not None:
        values["date"] = formats.date_format(violation.expired_on, "SHORT_DATE_FORMAT")
        if names:
            text = _(
                "%(sender)s’s certificate for “%(competence)s” expired on %(date)s and no longer counts "
                "for %(channel)s"
            )
        else:
            text = _(
                "a sender’s certificate for “%(competence)s” expired on %(date)s and no longer counts "
                "for %(channel)s"
            )
        return text % values
    return _("%(sender)s lacks “%(competence)s”, required by %(channel)s") % values


def gaps_for_page(
    member: Membership, rows: Iterable[HasPk], numbers: dict[int, int] | None = None
) -> PageGaps:
    """The rows with a violation and one line per violation ("Row 3: …"), for ``member``."""
    if not sees_gaps(member):
        return PageGaps()
    found = violations_for_rows(rows)
    names = member.can(Capability.VIEW_NAMES)
    gaps = PageGaps(rows=set(found))
    for row_id, violations in found.items():
        for violation in violations:
            if len(gaps.lines) >= MAX_LINES:
                gaps.more += 1
                continue
            line = gap_text(violation, names=names)
            number = (numbers or {}).get(row_id)
            gaps.lines.append(
                _("Row %(number)s: %(line)s") % {"number": number, "line": line} if number else line
            )
    return gaps
