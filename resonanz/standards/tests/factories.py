"""Helpers for the clause library's tests: an organization that uses ISO 9001 (through the action)."""

from __future__ import annotations

from resonanz.core.models import Membership
from resonanz.standards import actions
from resonanz.standards.models import AdoptedClause, AdoptedStandard, Standard


def adopt(member: Membership, code: str = "iso9001", edition: str = "2015") -> AdoptedStandard:
    return actions.adopt_standard(member, Standard.objects.get(code=code, edition=edition).pk)


def clause_of(adopted: AdoptedStandard, number: str) -> AdoptedClause:
    return adopted.clauses.select_related("clause").get(clause__number=number)
