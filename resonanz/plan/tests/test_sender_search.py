"""Choosing senders among many members: a bounded search of one's own organization, not a list of all."""

from __future__ import annotations

from typing import Any

import pytest

from resonanz.core.models import Organization
from resonanz.core.roles import Role
from resonanz.core.tests.factories import make_member
from resonanz.plan import actions
from resonanz.plan.models import PlanVersion
from resonanz.plan.sender_search import LIMIT
from resonanz.plan.tests.page_helpers import Office, htmx, make_office, signed_in
from resonanz.plan.tests.test_pages_rows import row_data


@pytest.fixture
def office(org: Organization) -> Office:
    return make_office(org)


@pytest.fixture
def draft(office: Office) -> PlanVersion:
    return actions.start_new_draft(office.manager, office.plan, "Ergänzungen")


def _search(client: Any, office: Office, query: str) -> Any:
    return client.get(office.url("senders/"), {"sender_query": query, "field": "new_senders"}, **htmx("x"))


def test_the_row_form_lists_only_the_chosen_senders_and_a_search_field(
    office: Office, draft: PlanVersion
) -> None:
    for number in range(30):
        make_member(office.organization, full_name=f"Jana Kollegin{number}")
    row = actions.add_row(office.manager, draft, description="Mit Absender", senders=[office.buddy.pk])

    text = signed_in(office.manager).get(office.url(f"rows/{row.pk}/edit/")).content.decode()

    senders = text[text.index("field-senders") : text.index("field-approver")]
    assert "Kollegin" not in senders, "the organization's members are not all listed"
    assert senders.count('name="senders"') == 1
    assert f'name="senders" value="{office.buddy.pk}"' in senders and "checked" in senders
    assert 'name="sender_query"' in senders and 'hx-get="' + office.url("senders/") in senders


def test_the_search_finds_members_of_the_own_organization_only_and_at_most_the_limit(
    office: Office, other_org: Organization
) -> None:
    for number in range(LIMIT + 5):
        make_member(office.organization, full_name=f"Jana Kollegin{number:02d}")
    stranger = make_member(other_org, full_name="Jana Kolleginfremd")
    client = signed_in(office.manager)

    text = _search(client, office, "jana koll").content.decode()

    assert text.count('name="senders"') == LIMIT
    assert "Kolleginfremd" not in text and f'value="{stranger.pk}"' not in text
    assert 'id="new_senders_found_' in text
    assert f'value="{stranger.pk}"' not in _search(client, office, "Kolleginfremd").content.decode()


@pytest.mark.parametrize("query", ["", "j", "x" * 5000, "%", "_", "' OR 1=1 --"])
def test_odd_queries_find_nobody_and_never_fail(office: Office, query: str) -> None:
    response = _search(signed_in(office.manager), office, query)

    assert response.status_code == 200
    assert 'name="senders"' not in response.content.decode()


@pytest.mark.parametrize("role", [Role.AMBASSADOR, Role.AUDITOR, Role.WORKS_COUNCIL])
def test_only_those_who_edit_the_plan_may_search(office: Office, role: str) -> None:
    member = make_member(office.organization, [role])

    assert _search(signed_in(member), office, "Person").status_code == 403


def test_an_outsider_does_not_find_the_search(office: Office, other_org: Organization) -> None:
    outsider = make_member(other_org, [Role.COMMUNICATIONS_MANAGER])

    assert _search(signed_in(outsider), office, "Person").status_code == 404


def test_without_javascript_the_search_button_shows_the_people_found_and_saves_nothing(
    office: Office, draft: PlanVersion
) -> None:
    wanted = make_member(office.organization, full_name="Zoe Zimmermann")
    before = draft.rows.count()

    response = signed_in(office.manager).post(
        office.url(f"versions/{draft.pk}/rows/new/"),
        row_data(office, sender_search="1", sender_query="zimmer", description="Noch nicht"),
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert f'name="senders" value="{wanted.pk}"' in text and "Zoe Zimmermann" in text
    assert "Noch nicht" in text, "the answers so far stay in the form"
    assert 'aria-invalid="true"' not in text
    assert draft.rows.count() == before


def test_auditor_and_administrator_are_not_offered_as_sending_roles(
    office: Office, draft: PlanVersion
) -> None:
    text = signed_in(office.manager).get(office.url(f"versions/{draft.pk}/rows/new/")).content.decode()

    assert 'name="sender_roles" value="ambassador"' in text
    assert 'name="sender_roles" value="auditor"' not in text
    assert 'name="sender_roles" value="admin"' not in text
    refused = signed_in(office.manager).post(
        office.url(f"versions/{draft.pk}/rows/new/"), row_data(office, sender_roles=["auditor"])
    )
    assert refused.status_code == 400
