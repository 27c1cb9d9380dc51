"""What the plan's version page shows of competence gating: a badge per row and a list of who lacks what.

The plan's version view calls ``gaps_for_page`` with the rows it shows; it costs a fixed number of
queries (``gating.violations_for_rows``) whatever the number of rows. Editors and approvers see it;
names only those who may see the people named in the plan (``VIEW_NAMES``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from resonanz.competence.gating import HasPk, violations_for_rows
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
            sender = violation.sender_name if names else _("a sender")
            line = _("%(sender)s lacks “%(competence)s”, required by %(channel)s") % {
                "sender": sender,
                "competence": violation.competence_name,
                "channel": violation.channel_name,
            }
            number = (numbers or {}).get(row_id)
            gaps.lines.append(
                _("Row %(number)s: %(line)s") % {"number": number, "line": line} if number else line
            )
    return gaps
