"""The clause library's API: standards in use, clauses with readiness, one clause; 404 outside."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client

from resonanz.core import actions as core_actions
from resonanz.core.models import Membership, Organization
from resonanz.standards.tests.factories import adopt, clause_of


def _get(member: Membership, path: str) -> tuple[int, Any]:
    _token, secret = core_actions.create_api_token(member, name="Test", scope="read")
    response = Client().get(f"/api/v1/standards/{path}", HTTP_AUTHORIZATION=f"Bearer {secret}")
    return response.status_code, response.json()


def test_the_api_lists_standards_clauses_with_readiness_and_one_clause(
    org: Organization, member_factory: Callable[..., Membership]
) -> None:
    officer = member_factory(org, ["quality_officer"])
    adopted = adopt(officer)
    adopt(officer, "gdpr", "2016")
    clause = clause_of(adopted, "10.2")

    status, standards = _get(officer, "adopted")
    assert status == 200
    assert {row["code"] for row in standards} == {"iso9001", "gdpr"}

    status, clauses = _get(officer, f"adopted/{adopted.pk}/clauses")
    assert status == 200
    by_number = {row["number"]: row for row in clauses}
    assert by_number["7.5.3"]["readiness"] == "evidenced"
    assert by_number["9.2.2"]["readiness"] == "gap"
    assert by_number["7.1.6"]["parent"] == "7.1"

    status, detail = _get(officer, f"clauses/{clause.pk}")
    assert status == 200
    assert detail["paraphrase"] == clause.clause.paraphrase_de
    assert {row["number"] for row in detail["mapped"]} == {"Art. 33", "Art. 34"}


def test_the_api_does_not_find_another_organizations_clauses(
    org: Organization, other_org: Organization, member_factory: Callable[..., Membership]
) -> None:
    mine = member_factory(org, ["quality_officer"])
    theirs = adopt(member_factory(other_org, ["quality_officer"]))

    assert _get(mine, f"adopted/{theirs.pk}/clauses")[0] == 404
    assert _get(mine, f"clauses/{clause_of(theirs, '7.4').pk}")[0] == 404
    assert _get(member_factory(org, ["works_council"]), "adopted")[0] == 403
