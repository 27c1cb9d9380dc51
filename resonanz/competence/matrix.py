"""The training matrix: people × competences → held / expiring / expired / missing, and what is required.

Built with a fixed number of queries whatever the size of the organization (members, their roles, the
role requirements, the competences, the certificates), then filtered and paged in memory. The work is
bounded by ``MAX_PEOPLE`` members and ``MAX_COMPETENCES`` competences.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from resonanz.competence.models import Certificate, Competence, RoleRequirement
from resonanz.competence.validity import EXPIRING_WITHIN_DAYS, is_valid
from resonanz.core.models import Membership, MembershipRole, Organization

PAGE_SIZE = 25
MAX_PEOPLE = 5000
MAX_COMPETENCES = 60


class CellState(models.TextChoices):
    HELD = "held", _("held")
    EXPIRING = "expiring", _("expiring")
    EXPIRED = "expired", _("expired")
    MISSING = "missing", _("missing")


@dataclass(frozen=True)
class Cell:
    competence_id: int
    state: CellState
    required: bool
    expires_on: dt.date | None = None


@dataclass
class PersonRow:
    membership_id: int
    name: str
    unit: str
    cells: list[Cell] = field(default_factory=list)

    def has(self, state: str, competence_id: int | None = None) -> bool:
        return any(
            cell.state == state and (competence_id is None or cell.competence_id == competence_id)
            for cell in self.cells
        )

    @property
    def gaps(self) -> int:
        """Required competences the person does not hold (missing or expired)."""
        return sum(
            1 for cell in self.cells if cell.required and cell.state in (CellState.MISSING, CellState.EXPIRED)
        )


@dataclass
class Matrix:
    on: dt.date
    competences: list[Competence]
    rows: list[PersonRow]  # the shown page (or all rows, unpaged)
    total: int  # people matching the filters
    page: int = 1
    pages: int = 1
    truncated: bool = False  # the organization has more than MAX_PEOPLE members

    def counts(self) -> dict[str, int]:
        counted: dict[str, int] = defaultdict(int)
        for row in self.rows:
            for cell in row.cells:
                counted[cell.state] += 1
        return dict(counted)


def state_of(
    certificates: list[tuple[dt.date, dt.date | None]], on: dt.date
) -> tuple[CellState, dt.date | None]:
    """The state of one person's certificates for one competence on ``on``, and the expiry that counts."""
    valid = [(issued, expires) for issued, expires in certificates if is_valid(issued, expires, on)]
    if valid:
        if any(expires is None for _issued, expires in valid):
            return CellState.HELD, None
        latest = max(expires for _issued, expires in valid if expires is not None)
        if latest <= on + dt.timedelta(days=EXPIRING_WITHIN_DAYS):
            return CellState.EXPIRING, latest
        return CellState.HELD, latest
    expired = [expires for issued, expires in certificates if expires is not None and expires < on]
    if expired:
        return CellState.EXPIRED, max(expired)
    return CellState.MISSING, None


def build_matrix(
    organization: Organization,
    *,
    on: dt.date,
    unit: str = "",
    competence_id: int | None = None,
    status: str = "",
    page: int | None = 1,
    page_size: int = PAGE_SIZE,
) -> Matrix:
    """The matrix of ``organization``'s active members on ``on``, filtered; ``page=None`` gives every row.

    ``competence_id`` narrows the columns to one competence; ``status`` keeps the people with at least
    one cell in that state (among the shown columns).
    """
    competences = list(
        Competence.objects.filter(organization=organization, is_active=True).order_by("name", "pk")
    )
    competences = competences[:MAX_COMPETENCES]
    if competence_id is not None:
        competences = [competence for competence in competences if competence.pk == competence_id]
    shown_ids = [competence.pk for competence in competences]

    members = Membership.objects.filter(organization=organization, is_active=True)
    if unit:
        members = members.filter(unit=unit)
    people = list(
        members.order_by("user__family_name", "user__full_name", "pk").values_list(
            "pk", "user__full_name", "user__email", "unit"
        )[: MAX_PEOPLE + 1]
    )
    truncated = len(people) > MAX_PEOPLE
    people = people[:MAX_PEOPLE]

    roles: dict[int, set[str]] = defaultdict(set)
    for membership_id, role in MembershipRole.objects.filter(
        membership__organization=organization, membership__is_active=True
    ).values_list("membership_id", "role"):
        roles[membership_id].add(role)
    required: dict[str, set[int]] = defaultdict(set)
    for role, wanted in RoleRequirement.objects.filter(organization=organization).values_list(
        "role", "competence_id"
    ):
        required[role].add(wanted)

    held: dict[tuple[int, int], list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    certificates = Certificate.objects.filter(
        organization=organization, competence_id__in=shown_ids, membership__is_active=True
    )
    if unit:
        certificates = certificates.filter(membership__unit=unit)
    for membership_id, wanted, issued, expires in certificates.values_list(
        "membership_id", "competence_id", "issued_on", "expires_on"
    ):
        held[(membership_id, wanted)].append((issued, expires))

    rows: list[PersonRow] = []
    for pk, full_name, email, person_unit in people:
        needed = set().union(*(required[role] for role in roles.get(pk, ()))) if roles.get(pk) else set()
        row = PersonRow(pk, full_name or email, person_unit)
        for competence in competences:
            state, expires = state_of(held.get((pk, competence.pk), []), on)
            row.cells.append(Cell(competence.pk, state, competence.pk in needed, expires))
        if status and not row.has(status):
            continue
        rows.append(row)

    total = len(rows)
    if page is None:
        return Matrix(on, competences, rows, total, truncated=truncated)
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    start = (page - 1) * page_size
    return Matrix(on, competences, rows[start : start + page_size], total, page, pages, truncated)


def units_of(organization: Organization) -> list[str]:
    """The units the matrix can be filtered by (bounded)."""
    return list(
        Membership.objects.filter(organization=organization, is_active=True)
        .exclude(unit="")
        .order_by("unit")
        .values_list("unit", flat=True)
        .distinct()[:500]
    )
