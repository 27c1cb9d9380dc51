"""Work done without a plan row: what the planned-vs-executed view lists below the rows.

The plan does not know the apps that publish (dependencies point towards the plan), so each of them
registers a source in ``AppConfig.ready``::

    register_unplanned_source("publishing.posts", unplanned_posts)

A source takes the organization's id, the instants ``[start, end)`` and a limit and returns at most
``limit`` items of that organization, oldest first, with the number of all it found. Sources must do
bounded work: a count and one page, whatever the size of the organization.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from resonanz.core.models import Membership
from resonanz.core.roles import Capability

# At most this many items are listed per period (the count says how many there are).
UNPLANNED_LIMIT = 200


@dataclass(frozen=True)
class UnplannedItem:
    """One thing that went out without a plan row: when, where, what, its address and who sent it.

    ``url`` and ``published_by`` are empty for a member who does not see the people named in the plan
    (the works council): a post's address may name the person whose own account published it.
    """

    at: dt.datetime
    network: str
    title: str
    url: str
    published_by: str


@dataclass(frozen=True)
class Unplanned:
    items: list[UnplannedItem]
    count: int

    @property
    def complete(self) -> bool:
        return len(self.items) >= self.count


Source = Callable[[int, dt.datetime, dt.datetime, int], tuple[list[UnplannedItem], int]]

_SOURCES: dict[str, Source] = {}


def register_unplanned_source(key: str, source: Source) -> None:
    """Add (or replace, by key) a source of unplanned work."""
    _SOURCES[key] = source


def unplanned_work(
    member: Membership, start: dt.datetime, end: dt.datetime, *, limit: int | None = None
) -> Unplanned:
    """What ``member``'s organization did in ``[start, end)`` without a plan row: the first ``limit``
    (``UNPLANNED_LIMIT`` unless given) items, oldest first, and how many there are. Names and
    addresses only for members who see names."""
    found = unplanned_in(member.organization_id, start, end, limit=limit)
    if member.can(Capability.VIEW_NAMES):
        return found
    return Unplanned([replace(item, url="", published_by="") for item in found.items], found.count)


def unplanned_in(
    organization_id: int, start: dt.datetime, end: dt.datetime, *, limit: int | None = None
) -> Unplanned:
    """What the organization did in ``[start, end)`` without a plan row, with names and addresses (for
    jobs that act for nobody, such as the quality app's deviation incidents)."""
    limit = UNPLANNED_LIMIT if limit is None else limit
    items: list[UnplannedItem] = []
    count = 0
    for key in sorted(_SOURCES):
        found, total = _SOURCES[key](organization_id, start, end, limit)
        items.extend(found[:limit])
        count += total
    return Unplanned(sorted(items, key=lambda item: item.at)[:limit], count)
