"""The training matrix: held, expiring (within 60 days), expired, missing; required by role requirements."""

from __future__ import annotations

import datetime as dt

import pytest

from resonanz.competence import actions
from resonanz.competence.matrix import Cell, CellState, PersonRow, build_matrix
from resonanz.competence.tests.factories import LINKEDIN, PRIVACY, certify, competence_named, quality_officer
from resonanz.core.models import Organization
from resonanz.core.tests.factories import make_member

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)


def _cell(matrix_rows: list[PersonRow], membership_id: int, competence_id: int) -> Cell:
    row = next(row for row in matrix_rows if row.membership_id == membership_id)
    return next(cell for cell in row.cells if cell.competence_id == competence_id)


def test_each_state_of_the_matrix(org: Organization) -> None:
    linkedin = competence_named(org, LINKEDIN)
    held, expiring, expired, missing, future = (make_member(org, ["buddy"]) for _ in range(5))
    certify(held, linkedin, dt.date(2026, 1, 1), dt.date(2027, 6, 1))
    certify(expiring, linkedin, dt.date(2025, 1, 1), TODAY + dt.timedelta(days=60))
    certify(expired, linkedin, dt.date(2024, 1, 1), TODAY - dt.timedelta(days=1))
    certify(future, linkedin, TODAY + dt.timedelta(days=1))
    matrix = build_matrix(org, on=TODAY, page=None)
    assert _cell(matrix.rows, held.pk, linkedin.pk).state == CellState.HELD
    assert _cell(matrix.rows, expiring.pk, linkedin.pk).state == CellState.EXPIRING
    assert _cell(matrix.rows, expired.pk, linkedin.pk).state == CellState.EXPIRED
    assert _cell(matrix.rows, missing.pk, linkedin.pk).state == CellState.MISSING
    assert _cell(matrix.rows, future.pk, linkedin.pk).state == CellState.MISSING


def test_a_certificate_without_expiry_is_held_and_a_renewal_counts_over_an_expired_one(
    org: Organization,
) -> None:
    privacy = competence_named(org, PRIVACY)
    person = make_member(org)
    certify(person, privacy, dt.date(2020, 1, 1), dt.date(2022, 1, 1))
    certify(person, privacy, dt.date(2022, 1, 1))
    assert _cell(build_matrix(org, on=TODAY, page=None).rows, person.pk, privacy.pk).state == CellState.HELD


def test_required_comes_from_the_roles_requirements(org: Organization) -> None:
    linkedin = competence_named(org, LINKEDIN)
    actions.require_for_role(quality_officer(org), role="buddy", competence=linkedin)
    buddy, ambassador = make_member(org, ["buddy"]), make_member(org, ["ambassador"])
    matrix = build_matrix(org, on=TODAY, page=None)
    assert _cell(matrix.rows, buddy.pk, linkedin.pk).required
    assert not _cell(matrix.rows, ambassador.pk, linkedin.pk).required
    assert next(row for row in matrix.rows if row.membership_id == buddy.pk).gaps == 1


def test_filters_by_unit_competence_and_status_and_pages_by_25(org: Organization) -> None:
    linkedin = competence_named(org, LINKEDIN)
    for number in range(30):
        person = make_member(org)
        person.unit = "Vertrieb" if number < 27 else "Einkauf"
        person.save(update_fields=["unit"])
        if number % 3 == 0:
            certify(person, linkedin, dt.date(2026, 1, 1))
    first = build_matrix(org, on=TODAY, unit="Vertrieb")
    assert first.total == 27 and len(first.rows) == 25 and first.pages == 2
    second = build_matrix(org, on=TODAY, unit="Vertrieb", page=2)
    assert len(second.rows) == 2
    assert build_matrix(org, on=TODAY, page=99).page == build_matrix(org, on=TODAY, page=99).pages
    held = build_matrix(org, on=TODAY, competence_id=linkedin.pk, status=CellState.HELD, page=None)
    assert held.total == 10
    assert [competence.pk for competence in held.competences] == [linkedin.pk]


def test_the_matrix_takes_a_fixed_number_of_queries(org: Organization, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    privacy = competence_named(org, PRIVACY)
    for _ in range(12):
        certify(make_member(org), privacy, dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    with django_assert_max_num_queries(5):
        build_matrix(org, on=TODAY, page=None)
