"""Evidence providers: what resonanz holds for a clause, read live from the other apps.

A provider is a function ``(member) -> list[EvidenceItem]``: for the member's organization, what
there is to show for a clause, newest first, at most ``MAX_ITEMS`` items (an item may stand for
many records through its ``count``). It shows only what the member may read in the app it comes
from, and nothing at all when the member may not read that kind of record.

Registering one is a single line, from the ``ready()`` of the app that owns the records (the
providers of the apps that existed first are in ``standards.providers``)::

    from resonanz.standards.evidence import register_evidence

    register_evidence("quality.incidents", ["8.7", "10.2", "10.2.1", "10.2.2"], incident_evidence)

The key names the provider (a data file may also name it for a clause in ``evidence_providers``);
the clause numbers are those of ISO 9001 unless ``standard="gdpr"`` (any code) says otherwise, and
apply to every edition of that standard. Dependencies point one way: this module imports no other
app, the providers import the apps they read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone

from resonanz.core.models import Membership

MAX_ITEMS = 5


@dataclass(frozen=True)
class EvidenceItem:
    """One line of evidence: what it is, when it happened (its newest record), where to see it."""

    label: str
    date: dt.date | None
    url: str = ""
    count: int = 1


Provider = Callable[[Membership], list[EvidenceItem]]


@dataclass(frozen=True)
class Registration:
    key: str
    standard: str
    clauses: frozenset[str]
    provider: Provider


_REGISTRY: dict[str, Registration] = {}


def register_evidence(
    key: str, clause_numbers: Iterable[str], provider: Provider, *, standard: str = "iso9001"
) -> None:
    """Make ``provider`` the evidence ``key`` for ``clause_numbers`` of ``standard`` (any edition).

    Registering the same key again replaces it (``ready()`` may run more than once in tests)."""
    _REGISTRY[key] = Registration(key, standard, frozenset(clause_numbers), provider)


def registered() -> dict[str, Registration]:
    return dict(_REGISTRY)


def keys_for(standard_code: str, number: str, named: Iterable[str] = ()) -> list[str]:
    """The providers that apply to one clause: registered for its number, or named by its data file."""
    keys = [
        key for key, entry in _REGISTRY.items() if entry.standard == standard_code and number in entry.clauses
    ]
    keys += [key for key in named if key in _REGISTRY and key not in keys]
    return sorted(keys)


class EvidenceCache:
    """Runs each provider at most once per member and request, however many clauses it serves."""

    def __init__(self, member: Membership) -> None:
        self.member = member
        self._found: dict[str, list[EvidenceItem]] = {}

    def items(self, key: str) -> list[EvidenceItem]:
        if key not in self._found:
            found = _REGISTRY[key].provider(self.member)
            self._found[key] = sorted(found, key=lambda item: item.date or dt.date.min, reverse=True)[
                :MAX_ITEMS
            ]
        return self._found[key]


def to_date(value: dt.date | dt.datetime | None) -> dt.date | None:
    """A day for an item: a time becomes its day in the active time zone."""
    if isinstance(value, dt.datetime):
        return timezone.localdate(value)
    return value
