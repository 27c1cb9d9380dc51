"""The calendar of the next 90 days, in the organization's time zone, and "who communicates what"."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from resonanz.core import actions as core_actions
from resonanz.core.models import Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan import actions
from resonanz.plan.models import WhenKind
from resonanz.plan.tests.factories import complete_row_values
from resonanz.plan.tests.page_helpers import Office, de, make_office, signed_in


@pytest.fixture
def office(org: Organization) -> Office:
    return make_office(org, rows=1)  # one row: every second Tuesday at 09:00 from 6 January 2026


def _times(text: str) -> list[tuple[str, str]]:
    return re.findall(r'<time datetime="([0-9T:+-]+)">(\d\d:\d\d)</time>', text)


@pytest.mark.parametrize(
    ("today", "before", "after"),
    [
        # Clocks go forward on 29 March 2026 and back on 25 October 2026 in Berlin.
        (
            dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC),
            "2026-03-17T09:00:00+01:00",
            "2026-03-31T09:00:00+02:00",
        ),
        (
            dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC),
            "2026-10-13T09:00:00+02:00",
            "2026-10-27T09:00:00+01:00",
        ),
    ],
)
def test_a_meeting_at_nine_stays_at_nine_across_daylight_saving_changes(
    office: Office, today: dt.datetime, before: str, after: str
) -> None:
    with time_machine.travel(today, tick=False):
        response = signed_in(office.ambassador).get(office.url(f"{office.plan.pk}/calendar/"))

    times = _times(response.content.decode())
    assert response.status_code == 200
    assert (before, "09:00") in times and (after, "09:00") in times
    assert {shown for _iso, shown in times} == {"09:00"}
    assert len(times) in (6, 7), "every second Tuesday, within 90 days"


def test_the_calendar_uses_the_organization_s_time_zone(office: Office) -> None:
    admin = make_member(office.organization, ["admin"])
    core_actions.update_organization(admin, time_zone="America/New_York")

    with time_machine.travel(dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC), tick=False):
        text = signed_in(office.ambassador).get(office.url(f"{office.plan.pk}/calendar/")).content.decode()

    # New York moves its clocks on 8 March: 09:00 stays 09:00 local, the offset changes.
    assert ("2026-03-03T09:00:00-05:00", "09:00") in _times(text)
    assert ("2026-03-17T09:00:00-04:00", "09:00") in _times(text)
    assert "Uhrzeiten in EST/EDT." in text, "the zone as people name it, not its database name"


def test_the_calendar_names_the_zone_in_words_readers_know(office: Office) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC), tick=False):
        text = signed_in(office.ambassador).get(office.url(f"{office.plan.pk}/calendar/")).content.decode()

    assert "Uhrzeiten in MEZ/MESZ." in text and "Europe/Berlin" not in text


def test_the_calendar_groups_by_week_and_lists_occasions(office: Office) -> None:
    draft = actions.start_new_draft(office.manager, office.plan, "Anlässe")
    actions.add_row(
        office.manager,
        draft,
        **complete_row_values(
            office.organization,
            office.manager,
            description="Stellungnahme",
            when_kind=WhenKind.TRIGGER,
            rrule="",
            start_date=None,
            start_time=None,
            trigger="Binnen 24 Stunden nach einer Beschwerde",
        ),
    )
    actions.add_row(
        office.manager,
        draft,
        **complete_row_values(
            office.organization,
            office.manager,
            description="Messe",
            when_kind=WhenKind.FIXED,
            rrule="",
            start_date=dt.date(2026, 4, 22),
            start_time=None,
        ),
    )
    actions.submit_for_review(office.manager, draft)
    actions.approve_version(office.officer, draft)
    actions.publish_version(office.officer, draft)

    with time_machine.travel(dt.datetime(2026, 4, 1, 8, tzinfo=dt.UTC), tick=False):
        text = signed_in(office.ambassador).get(office.url(f"{office.plan.pk}/calendar/")).content.decode()

    assert (
        de("Week %(number)s · %(first)s – %(last)s", number=17, first="20.04.2026", last="26.04.2026") in text
    )
    assert text.count('class="calendar-week mb-3"') == 7, "the weeks with an occurrence, each once"
    assert de("all day") in text, "a fixed date without a time is a whole day"
    assert "Binnen 24 Stunden nach einer Beschwerde" in text
    assert "Kunden" in text and "LinkedIn" in text, "each entry names its audience and channel"


def test_who_communicates_what_per_person_and_per_role(office: Office) -> None:
    draft = actions.start_new_draft(office.manager, office.plan, "Botschafterin sendet")
    actions.add_row(
        office.manager,
        draft,
        **complete_row_values(
            office.organization,
            office.manager,
            description="Erfahrungsbericht",
            senders=[office.ambassador],
            sender_roles=["buddy"],
            approver=office.officer,
        ),
    )
    actions.submit_for_review(office.manager, draft)
    actions.approve_version(office.officer, draft)
    actions.publish_version(office.officer, draft)

    response = signed_in(office.ambassador).get(office.url(f"{office.plan.pk}/people/"))
    text = response.content.decode()

    assert response.status_code == 200
    person = text.index(f'id="person-{office.ambassador.pk}"')
    assert "Erfahrungsbericht" in text[person : person + 2000]
    officer = text.index(f'id="person-{office.officer.pk}"')
    assert de("Approves") in text[officer : officer + 1500]
    assert 'id="role-buddy"' in text and 'id="role-communications_manager"' in text
    buddy = text[text.index('id="role-buddy"') :]
    buddy = buddy[: buddy.index("</article>")]
    assert "?role=buddy#persons-title" in buddy, "the role links to the people who hold it"
    assert office.buddy.user.full_name not in buddy, "it counts them rather than listing every name"


def test_the_calendar_says_who_sends_and_links_the_row(office: Office) -> None:
    draft = actions.start_new_draft(office.manager, office.plan, "Botschafterin sendet")
    row = actions.add_row(
        office.manager,
        draft,
        **complete_row_values(
            office.organization,
            office.manager,
            description="Erfahrungsbericht aus dem Projekt",
            senders=[office.ambassador],
            sender_roles=["buddy"],
        ),
    )
    actions.submit_for_review(office.manager, draft)
    actions.approve_version(office.officer, draft)
    actions.publish_version(office.officer, draft)
    council = make_member(office.organization, ["works_council"])

    with time_machine.travel(dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC), tick=False):
        text = signed_in(office.ambassador).get(office.url(f"{office.plan.pk}/calendar/")).content.decode()
        hidden = signed_in(council).get(office.url(f"{office.plan.pk}/calendar/")).content.decode()

    link = re.search(rf'<a href="/o/{office.organization.slug}/plan/rows/{row.pk}/">(.*?)</a>', text, re.S)
    assert link is not None and "Erfahrungsbericht aus dem Projekt" in link.group(1), "the what is the link"
    entry = text[link.start() : text.index("</li>", link.start())]
    assert office.ambassador.user.full_name in entry and de("Social media buddy") in entry, "who sends"
    assert de("Social media buddy") in hidden
    assert office.ambassador.user.full_name not in hidden, "the works council sees roles, not people"
