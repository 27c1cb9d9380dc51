"""The editorial calendar: month and week views, moving a scheduled post, the iCalendar feed source."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.test import Client
from django.utils import timezone

from resonanz.content.models import Post, PostStatus
from resonanz.content.tests.factories import make_post
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.events.calendar import entries_for
from resonanz.publishing import calendar
from resonanz.publishing.models import Delivery, DeliveryStatus, NetworkAccount
from resonanz.publishing.tests.factories import approved_post, make_account, schedule

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.fixture
def manager(org: Organization) -> Membership:
    return make_member(org, ["communications_manager"], full_name="Mara Manager")


@pytest.fixture
def approver(org: Organization) -> Membership:
    return make_member(org, ["quality_officer"], full_name="Quentin Qualität")


@pytest.fixture
def account(manager: Membership) -> NetworkAccount:
    return make_account(manager, identifier="firma.test")


def _client(member: Membership) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(member.user)
    return client


def _url(member: Membership, tail: str = "") -> str:
    return f"/o/{member.organization.slug}/publishing/calendar/{tail}"


def _at(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def _published(delivery: Delivery, when: dt.datetime) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.PUBLISHED,
        published_at=when,
        remote_id="at://x/1",
        remote_url="https://bsky.app/x",
    )


def test_the_month_grid_starts_on_monday_and_holds_the_whole_month() -> None:
    weeks = calendar.month_grid(dt.date(2026, 12, 1))
    assert weeks[0][0] == dt.date(2026, 11, 30) and weeks[-1][-1] == dt.date(2027, 1, 3)
    assert all(len(week) == 7 for week in weeks) and len(weeks) == 5
    assert len(calendar.month_grid(dt.date(2021, 2, 1))) == 4  # February 2021 begins on a Monday
    assert calendar.next_month(dt.date(2026, 12, 1)) == dt.date(2027, 1, 1)
    assert calendar.previous_month(dt.date(2027, 1, 1)) == dt.date(2026, 12, 1)


@pytest.mark.parametrize("value", ["9000-01", "1999-12", "2030-13", "2030-1", "abc", "2030-00"])
def test_months_outside_the_range_or_malformed_are_refused(value: str) -> None:
    assert calendar.parse_month(value, dt.date(2030, 1, 5)) is None


def test_weeks_and_days_are_parsed_strictly() -> None:
    today = dt.date(2030, 3, 14)  # a Thursday
    assert calendar.parse_week("", today) == dt.date(2030, 3, 11)
    assert calendar.parse_week("2030-W10", today) == dt.date(2030, 3, 4)
    assert calendar.parse_week("2030-W60", today) is None
    assert calendar.parse_week("9000-W01", today) is None
    assert calendar.parse_day("2030-02-30") is None and calendar.parse_day("2030-02-28") == dt.date(
        2030, 2, 28
    )


def test_the_month_shows_planned_scheduled_and_published_posts_on_their_local_days(
    manager: Membership, approver: Membership, account: NetworkAccount, other_org: Organization
) -> None:
    scheduled_post = approved_post(manager, approver, title="Sommerfest")
    # 23:30 in Berlin is already the next day in UTC: the calendar counts the local day.
    schedule(manager, scheduled_post, account, _at(2030, 6, 14, 23, 30))
    published_post = approved_post(manager, approver, title="Jubiläum")
    _published(schedule(manager, published_post, account, _at(2030, 6, 3, 9)), _at(2030, 6, 3, 9, 2))
    make_post(manager, title="Messe-Vorschau", planned_for=_at(2030, 6, 20, 10))
    make_post(manager, title="Abgelehnt", planned_for=_at(2030, 6, 21, 10), status=PostStatus.REJECTED)
    stranger = make_member(other_org, ["communications_manager"])
    make_post(stranger, title="Fremder Beitrag", planned_for=_at(2030, 6, 20, 11))

    page = _client(manager).get(_url(manager), {"month": "2030-06"})

    assert page.status_code == 200
    html = page.content.decode()
    cells = {
        day: html.split(f'data-day="{day}"')[1].split("</td>")[0] for day in ("2030-06-14", "2030-06-03")
    }
    assert "Sommerfest" in cells["2030-06-14"] and "23:30" in cells["2030-06-14"]
    assert "Jubiläum" in cells["2030-06-03"] and "veröffentlicht" in cells["2030-06-03"]
    assert "Messe-Vorschau" in html and "geplant" in html
    assert "Abgelehnt" not in html and "Fremder Beitrag" not in html
    assert "Juni 2030" in html


def test_the_week_view_and_the_network_filter_narrow_what_is_shown(
    manager: Membership, approver: Membership, account: NetworkAccount
) -> None:
    inside = approved_post(manager, approver, title="Sommerfest-Vorbereitung")
    schedule(manager, inside, account, _at(2030, 3, 5, 9))
    outside = approved_post(manager, approver, title="Herbstmesse")
    schedule(manager, outside, account, _at(2030, 3, 12, 9))
    client = _client(manager)

    week = client.get(_url(manager, "week/"), {"week": "2030-W10"}).content.decode()
    assert "Sommerfest-Vorbereitung" in week and "Herbstmesse" not in week

    on_mastodon = client.get(_url(manager, "week/"), {"week": "2030-W10", "network": "mastodon"})
    assert "Sommerfest-Vorbereitung" not in on_mastodon.content.decode()
    unknown_network = client.get(_url(manager, "week/"), {"week": "2030-W10", "network": "myspace"})
    assert "Sommerfest-Vorbereitung" in unknown_network.content.decode()


@pytest.mark.parametrize(("tail", "query"), [("", {"month": "9000-01"}), ("week/", {"week": "2030-W99"})])
def test_a_period_that_cannot_be_shown_is_a_translated_400(
    manager: Membership, tail: str, query: dict[str, str]
) -> None:
    page = _client(manager).get(_url(manager, tail), query)
    assert page.status_code == 400
    assert "zwischen 2000 und 2100" in page.content.decode()


def test_the_items_of_a_period_are_bounded(manager: Membership, approver: Membership) -> None:
    for number in range(4):
        make_post(manager, title=f"Beitrag {number}", planned_for=_at(2030, 5, 1 + number, 10))
    start, end = calendar.window(BERLIN, dt.date(2030, 5, 1), 31)

    items, more = calendar.items_between(manager, start, end, limit=3)

    assert [item.title for item in items] == ["Beitrag 0", "Beitrag 1", "Beitrag 2"] and more


def test_moving_a_scheduled_post_keeps_its_time_of_day(
    manager: Membership, approver: Membership, account: NetworkAccount
) -> None:
    delivery = schedule(manager, approved_post(manager, approver), account, _at(2030, 3, 5, 9, 15))

    moved = _client(manager).post(_url(manager, f"move/{delivery.pk}/"), {"day": "2030-03-31"})

    assert moved.status_code == 302
    delivery.refresh_from_db()
    # Summer time began on 31 March 2030: still 09:15 in Berlin, an hour less in UTC.
    assert delivery.due_at.astimezone(BERLIN) == _at(2030, 3, 31, 9, 15)
    assert delivery.due_at.astimezone(dt.UTC).hour == 7


def test_a_dragged_move_answers_htmx_and_a_refused_one_says_why(
    manager: Membership, approver: Membership, account: NetworkAccount
) -> None:
    delivery = schedule(manager, approved_post(manager, approver), account, _at(2030, 3, 5, 9))
    client = _client(manager)

    done = client.post(_url(manager, f"move/{delivery.pk}/"), {"day": "2030-03-06"}, HTTP_HX_REQUEST="true")
    assert done.status_code == 204 and done["HX-Refresh"] == "true"

    past = client.post(_url(manager, f"move/{delivery.pk}/"), {"day": "2001-01-01"}, HTTP_HX_REQUEST="true")
    assert past.status_code == 400 and "in der Vergangenheit" in past.content.decode()
    garbage = client.post(_url(manager, f"move/{delivery.pk}/"), {"day": "morgen"}, HTTP_HX_REQUEST="true")
    assert garbage.status_code == 400
    delivery.refresh_from_db()
    assert delivery.due_at == _at(2030, 3, 6, 9)

    _published(delivery, timezone.now())
    late = client.post(_url(manager, f"move/{delivery.pk}/"), {"day": "2030-03-07"}, HTTP_HX_REQUEST="true")
    assert late.status_code == 400
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.PUBLISHED


def test_only_the_communications_team_moves_and_never_across_organizations(
    manager: Membership, approver: Membership, account: NetworkAccount, other_org: Organization
) -> None:
    delivery = schedule(manager, approved_post(manager, approver), account, _at(2030, 3, 5, 9))
    assert (
        _client(approver).post(_url(approver, f"move/{delivery.pk}/"), {"day": "2030-03-06"}).status_code
        == 403
    )
    stranger = make_member(other_org, ["communications_manager"])
    assert (
        _client(stranger).post(_url(stranger, f"move/{delivery.pk}/"), {"day": "2030-03-06"}).status_code
        == 404
    )
    assert Delivery.objects.get(pk=delivery.pk).due_at == _at(2030, 3, 5, 9)


def test_the_personal_feed_lists_what_is_coming_and_an_ambassador_only_their_own(
    manager: Membership, approver: Membership, account: NetworkAccount, org: Organization
) -> None:
    soon = timezone.now() + dt.timedelta(days=2)
    schedule(manager, approved_post(manager, approver, title="Kommt bald"), account, soon)
    _published(
        schedule(manager, approved_post(manager, approver, title="Schon draußen"), account), timezone.now()
    )
    ambassador = make_member(org, ["ambassador"])
    make_post(ambassador, title="Mein Entwurf", planned_for=soon)

    manager_feed = [entry.summary for entry in entries_for(manager)]
    assert any("Kommt bald" in summary for summary in manager_feed)
    assert not any("Schon draußen" in summary for summary in manager_feed)
    assert any("Mein Entwurf" in summary for summary in manager_feed)
    assert [entry.summary for entry in entries_for(ambassador)] == ["geplant: Mein Entwurf"]
    works_council = make_member(org, ["works_council"])
    assert entries_for(works_council) == []


def test_an_ambassador_and_the_works_council_do_not_see_the_calendar_page(org: Organization) -> None:
    for roles in (["ambassador"], ["works_council"]):
        member = make_member(org, roles)
        assert _client(member).get(_url(member)).status_code == 403


def test_a_post_with_a_delivery_is_shown_once_by_its_delivery(
    manager: Membership, approver: Membership, account: NetworkAccount
) -> None:
    post = approved_post(manager, approver, title="Nur einmal", planned_for=_at(2030, 4, 2, 8))
    schedule(manager, post, account, _at(2030, 4, 2, 8))
    start, end = calendar.window(BERLIN, dt.date(2030, 4, 1), 30)

    items, _more = calendar.items_between(manager, start, end)

    assert [(item.title, item.kind) for item in items] == [("Nur einmal", calendar.SCHEDULED)]
    assert Post.objects.get(pk=post.pk).planned_for is not None
