"""Posts published without a plan row appear in the plan's planned-vs-executed view: the page, the API
and both exports, for the organization only, bounded, and without names for the works council."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from resonanz.content.models import Post
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member, make_organization
from resonanz.core.tests.test_api import token_for
from resonanz.plan import unplanned as unplanned_module
from resonanz.plan.period import period, quarter_of
from resonanz.plan.reviews import local_today
from resonanz.plan.tests.page_helpers import Office, de, make_office, signed_in
from resonanz.plan.tests.test_execution_pdf import pdf_text
from resonanz.publishing import delivery as worker
from resonanz.publishing.models import Delivery, NetworkAccount
from resonanz.publishing.tests.factories import approved_post, make_account, schedule
from resonanz.publishing.tests.test_delivery_worker import Scripted, out

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(org: Organization) -> Office:
    return make_office(org, rows=1)


@pytest.fixture
def account(office: Office) -> NetworkAccount:
    return make_account(office.manager)


def publish(office: Office, account: NetworkAccount, *titles: str, planned: bool = False) -> list[Delivery]:
    """Approve, schedule and send one post per title (linked to the plan's row when ``planned``)."""
    row = office.published.rows.get()
    scheduled = []
    for title in titles:
        fields: dict[str, Any] = {"plan_row": row, "plan_row_key": row.row_key} if planned else {}
        post = approved_post(office.manager, office.officer, title=title, **fields)
        scheduled.append(schedule(office.manager, post, account))
    numbers = iter(range(1, len(titles) + 1))
    worker.send_due(connectors=Scripted([out(next(numbers) + 1000 * Post.objects.count()) for _ in titles]))
    return [Delivery.objects.get(pk=delivery.pk) for delivery in scheduled]


def page(office: Office, member: Membership) -> str:
    response = signed_in(member).get(office.url(f"{office.plan.pk}/execution/"))
    assert response.status_code == 200
    return response.content.decode()


def section(text: str) -> str:
    start = text.index('class="mt-4 execution-unplanned"')
    return text[start : text.index("</section>", start)]


def test_the_page_lists_posts_published_without_a_plan_row(office: Office, account: NetworkAccount) -> None:
    (unplanned,) = publish(office, account, "Sommerfest im Werk")
    publish(office, account, "Tag der offenen Tür", planned=True)

    shown = section(page(office, office.officer))

    assert de("Published without a plan row") in shown
    assert "Sommerfest im Werk" in shown and unplanned.remote_url in shown
    assert "Tag der offenen Tür" not in shown, "a post that carries out a row is no unplanned post"
    assert "Bluesky" in shown and unplanned.scheduled_by_name in shown
    assert (
        de("%(count)s post was published in this period without carrying out a row of the plan.", count=1)
        in shown
    )


def test_the_page_says_when_every_post_was_planned(office: Office, account: NetworkAccount) -> None:
    publish(office, account, "Tag der offenen Tür", planned=True)

    shown = section(page(office, office.officer))

    assert de("No post was published in this period without a plan row.") in shown


def test_the_works_council_sees_the_post_but_not_who_published_it(
    office: Office, account: NetworkAccount
) -> None:
    (unplanned,) = publish(office, account, "Sommerfest im Werk")
    council = make_member(office.organization, ["works_council"], full_name="Rita Rat")

    shown = section(page(office, council))

    assert "Sommerfest im Werk" in shown
    assert unplanned.scheduled_by_name not in shown and de("Published by") not in shown
    assert unplanned.remote_url not in shown, "the address may name the person whose account posted"


def test_another_organizations_posts_never_appear(office: Office, account: NetworkAccount) -> None:
    elsewhere = make_office(make_organization("Andere AG"), rows=1)
    publish(elsewhere, make_account(elsewhere.manager, identifier="andere.test"), "Fremder Beitrag")
    publish(office, account, "Eigener Beitrag")

    shown = section(page(office, office.officer))

    assert "Eigener Beitrag" in shown and "Fremder Beitrag" not in shown


def test_the_list_is_bounded_and_says_how_many_there_are(
    office: Office,
    account: NetworkAccount,
    monkeypatch: pytest.MonkeyPatch,
    django_assert_max_num_queries: Any,
) -> None:
    publish(office, account, "Erster", "Zweiter", "Dritter")
    monkeypatch.setattr(unplanned_module, "UNPLANNED_LIMIT", 2)

    shown = section(page(office, office.officer))

    assert "Erster" in shown and "Zweiter" in shown and "Dritter" not in shown
    assert de("The first %(shown)s are listed; choose a shorter period to see the others.", shown=2) in shown
    with django_assert_max_num_queries(2):
        found = unplanned_module.unplanned_work(office.officer, *_quarter(office))
    assert (len(found.items), found.count) == (2, 3)


def _quarter(office: Office) -> tuple[Any, Any]:
    """The instants of this quarter, the period the page shows unless told otherwise."""
    first, last = quarter_of(local_today(office.organization))
    return period(first, last).window(office.organization.zone)


def test_the_api_lists_them_with_names_only_for_those_who_see_names(
    office: Office, account: NetworkAccount
) -> None:
    (unplanned,) = publish(office, account, "Sommerfest im Werk")
    council = make_member(office.organization, ["works_council"], full_name="Rita Rat")
    start, end = _quarter(office)
    first, last = start.date().isoformat(), (end.date()).isoformat()
    path = f"/api/v1/plan/versions/{office.published.pk}/execution?start={first}&end={last}"

    def ask(member: Membership) -> Any:
        response = Client().get(path, HTTP_AUTHORIZATION=f"Bearer {token_for(member, 'read')}")
        assert response.status_code == 200, response.content
        return json.loads(response.content)["unplanned"]

    seen, hidden = ask(office.officer), ask(council)

    assert seen["count"] == 1 and seen["items"][0]["title"] == "Sommerfest im Werk"
    assert seen["items"][0]["url"] == unplanned.remote_url
    assert seen["items"][0]["published_by"] == unplanned.scheduled_by_name
    assert hidden["items"][0]["title"] == "Sommerfest im Werk"
    assert hidden["items"][0]["url"] is None and hidden["items"][0]["published_by"] is None


def test_the_xlsx_export_has_a_sheet_of_them(office: Office, account: NetworkAccount) -> None:
    (unplanned,) = publish(office, account, "Sommerfest im Werk")

    response = signed_in(office.officer).get(office.url(f"{office.plan.pk}/execution/export/"))

    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book[de("Without a plan row")[:31]]
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[0][:3] == (de("Published"), de("Network"), de("Post"))
    assert lines[1][1:] == (
        "Bluesky",
        "Sommerfest im Werk",
        unplanned.remote_url,
        unplanned.scheduled_by_name,
    )


def test_the_pdf_export_lists_them_after_the_dates(office: Office, account: NetworkAccount) -> None:
    (unplanned,) = publish(office, account, "Sommerfest im Werk")

    response = signed_in(office.officer).get(
        office.url(f"{office.plan.pk}/execution/export/"), {"format": "pdf"}
    )

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Ohne Planzeile veröffentlicht" in text, text
    assert "Sommerfest im Werk" in text and unplanned.scheduled_by_name in text
