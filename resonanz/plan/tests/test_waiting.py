"""Versions waiting for a member's review or approval (for the start page)."""

from __future__ import annotations

from resonanz.core.models import Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan import actions
from resonanz.plan.tests.factories import make_plan, make_plan_people
from resonanz.plan.waiting import versions_waiting_for


def test_a_submitted_version_waits_for_an_approver_who_did_not_work_on_it(org: Organization) -> None:
    editor, officer = make_plan_people(org)
    _plan, draft, _rows = make_plan(org, editor)
    assert list(versions_waiting_for(officer)) == []

    actions.submit_for_review(editor, draft)

    assert list(versions_waiting_for(officer)) == [draft]
    assert list(versions_waiting_for(editor)) == []  # may not approve, and is the author
    assert list(versions_waiting_for(make_member(org, ["auditor"]))) == []


def test_a_contributing_approver_is_not_asked(org: Organization) -> None:
    officer = make_member(org, ["quality_officer"])
    other = make_member(org, ["quality_officer"])
    _plan, draft, _rows = make_plan(org, officer)
    actions.submit_for_review(officer, draft)

    assert list(versions_waiting_for(officer)) == []
    assert list(versions_waiting_for(other)) == [draft]


def test_approved_versions_no_longer_wait(org: Organization) -> None:
    editor, officer = make_plan_people(org)
    _plan, draft, _rows = make_plan(org, editor)
    actions.submit_for_review(editor, draft)
    actions.approve_version(officer, draft)

    assert list(versions_waiting_for(officer)) == []


def test_another_organizations_versions_never_wait(org: Organization, other_org: Organization) -> None:
    editor, _officer = make_plan_people(org)
    _plan, draft, _rows = make_plan(org, editor)
    actions.submit_for_review(editor, draft)

    assert list(versions_waiting_for(make_member(other_org, ["quality_officer"]))) == []


def test_it_takes_one_query(org: Organization, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    editor, officer = make_plan_people(org)
    for identifier in ("KP-01", "KP-02", "KP-03"):
        _plan, draft, _rows = make_plan(org, editor, identifier)
        actions.submit_for_review(editor, draft)
    officer.capabilities  # noqa: B018 - roles loaded before counting
    with django_assert_num_queries(1):
        found = [version.plan.identifier for version in versions_waiting_for(officer)]
    assert found == ["KP-01", "KP-02", "KP-03"]
