"""Who communicates what with hundreds of people: searched, filtered, paged, the signed-in person first;
the works council sees roles and counts, never people."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resonanz.core import actions as core_actions
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan import actions
from resonanz.plan.tests.factories import complete_row_values
from resonanz.plan.tests.page_helpers import Office, de, make_office, signed_in
from resonanz.plan.views.people import PEOPLE_PER_PAGE

UNITS = ("Vertrieb", "Einkauf")


@pytest.fixture
def office(org: Organization) -> Office:
    office = make_office(org, rows=1)
    draft = actions.start_new_draft(office.manager, office.plan, "Botschafterinnen senden")
    actions.add_row(
        office.manager,
        draft,
        **complete_row_values(
            org, office.manager, description="Beiträge der Botschafterinnen", sender_roles=["ambassador"]
        ),
    )
    actions.submit_for_review(office.manager, draft)
    actions.approve_version(office.officer, draft)
    actions.publish_version(office.officer, draft)
    return office


def _ambassadors(office: Office, count: int, start: int = 0) -> list[Membership]:
    """Ambassadors (every one sends through the role), alternately in two units."""
    return [
        core_actions.add_member(
            None,
            office.organization,
            email=f"zora{number}@{office.organization.slug}.example",
            full_name=f"Zora Zeitgeist {number:03d}",
            roles=["ambassador"],
            unit=UNITS[number % 2],
            send_invitation=False,
        )
        for number in range(start, start + count)
    ]


def _people(member: Membership, office: Office, query: str = "") -> str:
    response = signed_in(member).get(office.url(f"{office.plan.pk}/people/{query}"))
    assert response.status_code == 200
    return str(response.content.decode())


def _persons(text: str) -> list[str]:
    return re.findall(r'<h3 class="h6" id="person-(\d+)">', text)


def test_the_page_is_paged_and_the_signed_in_person_comes_first_and_marked(office: Office) -> None:
    _ambassadors(office, 60)

    text = _people(office.ambassador, office)

    shown = _persons(text)
    assert shown[0] == str(office.ambassador.pk), "her own duties first"
    assert len(shown) == PEOPLE_PER_PAGE + 1, "a page of others after her own"
    own = text[text.index("person-own") : text.index("</article>", text.index("person-own"))]
    assert de("you") in own and de("Ambassador") in own
    assert 'rel="next"' in text
    last = _people(office.ambassador, office, "?page=3")
    assert str(office.ambassador.pk) not in _persons(last), "only the first page starts with her"
    assert _persons(last), "the last page holds the rest"


def test_search_by_name_and_filter_by_role_and_unit(office: Office) -> None:
    made = _ambassadors(office, 6)

    found = _persons(_people(office.ambassador, office, "?q=zeitgeist+003"))
    assert found == [str(made[3].pk)]

    by_role = _persons(_people(office.ambassador, office, "?role=communications_manager"))
    assert by_role == [str(office.manager.pk)], "only the communications manager holds the role"

    by_unit = set(_persons(_people(office.ambassador, office, f"?unit={UNITS[1]}")))
    assert by_unit == {str(member.pk) for member in made[1::2]}

    nobody = _people(office.ambassador, office, "?q=niemand-heisst-so")
    assert _persons(nobody) == [] and de("Nobody with a duty in the plan matches the filter.") in nobody


@pytest.mark.parametrize(
    "query", ["?role=kaiser", "?unit=Mond", "?page=9999", "?page=-1", "?q=" + "x" * 5000]
)
def test_odd_filters_are_ignored_or_bounded(office: Office, query: str) -> None:
    _ambassadors(office, 3)
    assert _persons(_people(office.ambassador, office, query)) is not None


def test_the_page_needs_the_same_queries_for_few_and_many_people(office: Office) -> None:
    _ambassadors(office, 3)
    client = signed_in(office.ambassador)
    url = office.url(f"{office.plan.pk}/people/")
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    few = count()
    _ambassadors(office, 40, start=100)
    assert count() == few


def test_the_works_council_sees_roles_and_counts_never_people(office: Office) -> None:
    made = _ambassadors(office, 5)
    council = make_member(office.organization, ["works_council"], full_name="Wendelin Rat")

    text = _people(council, office)

    assert _persons(text) == []
    for member in (*made, office.ambassador, office.officer, office.manager):
        assert member.user.full_name not in text
    role = text[text.index('id="role-ambassador"') :]
    assert "?role=" not in role[: role.index("</article>")], "no way to the people who hold it"
    assert str(len(made) + 1) in role[: role.index("</article>")], "how many hold it"
    assert _persons(_people(council, office, "?q=Zora")) == [], "no search either"
