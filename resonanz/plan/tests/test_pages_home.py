"""The start page per role: what waits for the member, their drafts, the quarter, their next communications;
and a new organization's empty plan, which says how to start."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from resonanz.core.models import AuditRecord, Organization
from resonanz.core.tests.factories import make_member, make_organization
from resonanz.plan import actions
from resonanz.plan.actions.exports import export_version
from resonanz.plan.actions.version_reviews import review_version
from resonanz.plan.models import MissReason, PlanVersion
from resonanz.plan.tests.factories import complete_row_values
from resonanz.plan.tests.page_helpers import Office, de, make_office, signed_in

# A Thursday in the fourth quarter of 2026; the office's row recurs every second Tuesday from 6 January.
TODAY = dt.datetime(2026, 11, 12, 11, tzinfo=dt.UTC)


@pytest.fixture
def office(org: Organization) -> Office:
    return make_office(org, rows=1)


def _home(member: Any) -> str:
    response = signed_in(member).get(f"/o/{member.organization.slug}/")
    assert response.status_code == 200
    return str(response.content.decode())


def _card(text: str, card: str) -> str:
    """The HTML of the start page's card whose heading has the id ``card``."""
    start = text.index(f'id="{card}"')
    end = text.find("</section>", start)
    return text[start:end]


def _submitted_draft(office: Office, description: str = "Neu: Messebericht") -> PlanVersion:
    draft = actions.start_new_draft(office.manager, office.plan, "Messen kommen dazu")
    actions.add_row(
        office.manager,
        draft,
        **complete_row_values(office.organization, office.manager, description=description),
    )
    return actions.submit_for_review(office.manager, draft)


# ---------------------------------------------------------------- waiting for the quality officer


def test_the_quality_officer_finds_a_submitted_version_waiting_with_one_click_to_its_changes(
    office: Office,
) -> None:
    version = _submitted_draft(office)

    card = _card(_home(office.officer), "card-waiting")

    diff = f"/o/{office.organization.slug}/plan/{office.plan.pk}/diff/?new={version.pk}"
    assert f'href="{diff}"' in card, "the changes are one click away"
    assert f'href="/o/{office.organization.slug}/plan/versions/{version.pk}/"' in card
    waiting = de("Submitted on %(date)s by %(name)s: waiting for your approval.", date="", name="")
    assert waiting.split(": ")[-1] in card
    response = signed_in(office.officer).get(diff)
    assert response.status_code == 200 and "Neu: Messebericht" in response.content.decode()


def test_a_version_the_officer_worked_on_does_not_wait_for_them_and_an_approved_one_waits_to_be_published(
    office: Office,
) -> None:
    version = _submitted_draft(office)
    actions.approve_version(office.officer, version)
    card = _card(_home(office.officer), "card-waiting")
    assert de("Publish") in card, "an approved version waits for its publication"

    other = make_member(office.organization, ["quality_officer", "communications_manager"])
    actions.publish_version(office.officer, version)
    own = actions.start_new_draft(other, office.plan, "Eigene Änderung")
    actions.add_row(other, own, **complete_row_values(office.organization, other, description="Eigene Zeile"))
    actions.submit_for_review(other, own)

    assert f"?new={own.pk}" not in _card(_home(other), "card-waiting"), "four eyes: not their own"
    assert f"?new={own.pk}" in _card(_home(office.officer), "card-waiting")


def test_a_named_reviewer_finds_the_version_waiting_for_her_review_and_the_approver_after_it(
    office: Office,
) -> None:
    reviewer = make_member(office.organization, ["communications_manager"], full_name="Rita Review")
    draft = actions.start_new_draft(office.manager, office.plan, "Messen kommen dazu")
    actions.add_row(
        office.manager, draft, **complete_row_values(office.organization, office.manager, description="Neu")
    )
    actions.submit_for_review(office.manager, draft, reviewers=[reviewer])

    card = _card(_home(reviewer), "card-waiting")
    assert f"?new={draft.pk}" in card, "the changes are one click away for the reviewer too"
    assert de("Record your review") in card
    assert f"?new={draft.pk}" not in _card(_home(office.officer), "card-waiting"), "approval waits for it"

    review_version(reviewer, draft, "reviewed", "Passt.")
    assert f"?new={draft.pk}" not in _card(_home(reviewer), "card-waiting")
    card = _card(_home(office.officer), "card-waiting")
    assert f"?new={draft.pk}" in card and de("Review and approve") in card


def test_only_approvers_and_reviewers_see_what_waits(office: Office) -> None:
    _submitted_draft(office)
    for member in (office.ambassador, office.auditor, office.buddy):
        assert 'id="card-waiting"' not in _home(member)


# ---------------------------------------------------------------- the communications manager's drafts


def test_the_communications_manager_sees_each_draft_and_where_it_stands(office: Office) -> None:
    draft = actions.start_new_draft(office.manager, office.plan, "Messen kommen dazu")
    card = _card(_home(office.manager), "card-drafts")
    assert f'href="/o/{office.organization.slug}/plan/versions/{draft.pk}/"' in card
    assert de("draft") in card

    actions.add_row(
        office.manager, draft, **complete_row_values(office.organization, office.manager, description="Neu")
    )
    actions.submit_for_review(office.manager, draft)
    assert de("in review") in _card(_home(office.manager), "card-drafts")

    actions.reject_version(office.officer, draft, "Bitte die Zielgruppe genauer fassen.")
    card = _card(_home(office.manager), "card-drafts")
    assert "Bitte die Zielgruppe genauer fassen." in card, "a returned draft shows why"


# ---------------------------------------------------------------- the quarter's figures


def _mark_done(office: Office, count: int) -> None:
    row = office.published.rows.get()
    from resonanz.plan.schedule import row_occurrences

    zone = office.organization.zone
    quarter = dt.datetime(2026, 10, 1, tzinfo=zone)
    for occurrence in row_occurrences(row, zone, quarter, TODAY)[:count]:
        actions.mark_occurrence_done(office.manager, row, planned_for=occurrence.start, note="Erledigt")


def test_the_quarter_shows_the_execution_page_s_figures(office: Office) -> None:
    with time_machine.travel(TODAY, tick=False):
        _mark_done(office, 2)
        home = _card(_home(office.officer), f"card-quarter-{office.plan.pk}")
        execution = signed_in(office.officer).get(office.url(f"{office.plan.pk}/execution/"))

    # Every second Tuesday from 6 January: 13 and 27 October and 10 November are due; 24 November,
    # 8 and 22 December are still to come.
    figures = re.findall(r'<dd class="col-4 text-end mb-0">(\d+)</dd>', home)
    assert figures == ["2", "1", "6"], "executed, missed (not explained), planned in the quarter"
    assert "67 %" in home
    assert execution.status_code == 200 and "67 %" in execution.content.decode()


def test_an_explained_missed_date_is_counted_apart_from_the_unexplained(office: Office) -> None:
    from resonanz.plan.schedule import row_occurrences

    row = office.published.rows.get()
    zone = office.organization.zone
    quarter = dt.datetime(2026, 10, 1, tzinfo=zone)
    with time_machine.travel(TODAY, tick=False):
        _mark_done(office, 2)
        missed = row_occurrences(row, zone, quarter, TODAY)[2]
        reason = MissReason.objects.filter(organization=office.organization, is_active=True).first()
        assert reason is not None
        actions.explain_missed_date(office.manager, row, planned_for=missed.start, reason=reason)
        home = _card(_home(office.officer), f"card-quarter-{office.plan.pk}")

    figures = re.findall(r'<dd class="col-4 text-end mb-0">(\d+)</dd>', home)
    assert figures == ["2", "0", "1", "6"], "executed, missed not explained, missed explained, planned"
    assert de("Missed, explained") in home
    assert "67 %" in home, "an explained date is still not carried out"


def test_the_works_council_sees_figures_and_nobody_without_aggregates_does(office: Office) -> None:
    council = make_member(office.organization, ["works_council"], full_name="Wendelin Rat")
    with time_machine.travel(TODAY, tick=False):
        _mark_done(office, 1)
        card = _card(_home(council), f"card-quarter-{office.plan.pk}")
        ambassador = _home(office.ambassador)
    assert "33 %" in card
    assert 'class="stat-figure' in card
    assert "card-quarter" not in ambassador


def test_without_a_published_plan_there_is_no_figures_card(org: Organization) -> None:
    council = make_member(org, ["works_council"])
    text = _home(council)
    assert "card-quarter" not in text
    assert "card-aggregates" not in text, "no card that promises figures and shows none"


# ---------------------------------------------------------------- the ambassador's next communications


def test_an_ambassador_finds_her_next_communications_and_only_hers(office: Office) -> None:
    draft = actions.start_new_draft(office.manager, office.plan, "Botschafterinnen senden")
    values = complete_row_values
    org = office.organization
    actions.add_row(
        office.manager,
        draft,
        **values(org, office.manager, description="Persönlich benannt", senders=[office.ambassador]),
    )
    actions.add_row(
        office.manager,
        draft,
        **values(
            org,
            office.manager,
            description="Alle Botschafterinnen",
            sender_roles=["ambassador"],
            rrule="FREQ=WEEKLY;BYDAY=WE",
        ),
    )
    actions.add_row(
        office.manager,
        draft,
        **values(
            org,
            office.manager,
            description="Zu spät",
            senders=[office.ambassador],
            when_kind="fixed",
            rrule="",
            start_date=dt.date(2027, 3, 1),
        ),
    )
    actions.submit_for_review(office.manager, draft)
    actions.approve_version(office.officer, draft)
    actions.publish_version(office.officer, draft)

    with time_machine.travel(TODAY, tick=False):
        card = _card(_home(office.ambassador), "card-next")

    assert card.count('class="home-item"') == 5, "the next five"
    assert "Persönlich benannt" in card and "Alle Botschafterinnen" in card
    assert "Eintrag 1" not in card, "a row the communications manager sends is not hers"
    assert "Zu spät" not in card, "beyond 60 days"
    dates = re.findall(r'datetime="([^"]+)"', card)
    assert dates == [
        "2026-11-18T09:00:00+01:00",  # every Wednesday, as ambassador
        "2026-11-24T09:00:00+01:00",  # every second Tuesday, named
        "2026-11-25T09:00:00+01:00",
        "2026-12-02T09:00:00+01:00",
        "2026-12-08T09:00:00+01:00",
    ], "the next five dates, in time order"
    assert de("as %(roles)s", roles=de("Ambassador")) in card


def test_an_ambassador_with_nothing_to_send_is_told_so(office: Office) -> None:
    card = _card(_home(office.ambassador), "card-next")
    with translation.override("de"):
        nothing = translation.ngettext(
            "Nothing is planned for you in the next %(counter)s day.",
            "Nothing is planned for you in the next %(counter)s days.",
            60,
        ) % {"counter": 60}
    assert nothing in card


# ---------------------------------------------------------------- latest changes


def test_the_latest_changes_are_changes_not_exports(office: Office) -> None:
    for _ in range(6):
        export_version(office.officer, office.published, "csv")
    assert AuditRecord.objects.filter(action="plan.exported").count() == 6

    card = _card(_home(office.officer), "card-audit")

    assert de("Plan exported") not in card
    assert card.count("list-group-item") == 5
    assert de("Version published") in card


# ---------------------------------------------------------------- bounded


def test_the_start_page_needs_the_same_queries_for_few_and_many_rows_people_and_versions(
    office: Office,
) -> None:
    def count(member: Any) -> int:
        client = signed_in(member)
        client.get(f"/o/{office.organization.slug}/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/o/{office.organization.slug}/").status_code == 200
        return len(captured.captured_queries)

    with time_machine.travel(TODAY, tick=False):
        # Something for everyone from the start: the ambassador sends a row, a version waits.
        second = actions.start_new_draft(office.manager, office.plan, "Die Botschafterin sendet")
        actions.add_row(
            office.manager,
            second,
            **complete_row_values(
                office.organization, office.manager, description="Ihr Beitrag", senders=[office.ambassador]
            ),
        )
        actions.submit_for_review(office.manager, second)
        actions.approve_version(office.officer, second)
        actions.publish_version(office.officer, second)
        version = _submitted_draft(office)
        few = {member.pk: count(member) for member in (office.officer, office.manager, office.ambassador)}
        actions.reject_version(office.officer, version, "Mehr Zeilen, bitte.")
        for number in range(8):
            actions.add_row(
                office.manager,
                version,
                **complete_row_values(
                    office.organization,
                    office.manager,
                    description=f"Mehr {number}",
                    senders=[office.ambassador],
                    sender_roles=["ambassador", "communications_manager"],
                ),
            )
        actions.submit_for_review(office.manager, version)
        actions.approve_version(office.officer, version)
        actions.publish_version(office.officer, version)
        for _ in range(20):
            make_member(office.organization, ["ambassador"])
        _submitted_draft(office, "Noch eine Zeile")
        many = {member.pk: count(member) for member in (office.officer, office.manager, office.ambassador)}
    assert many == few


# ---------------------------------------------------------------- a new organization's empty plan


def test_a_new_organization_s_administrator_is_told_how_to_start(db: None) -> None:
    organization = make_organization("Neugründung GmbH")
    admin = make_member(organization, ["admin"])
    for url in (f"/o/{organization.slug}/", f"/o/{organization.slug}/plan/"):
        text = signed_in(admin).get(url).content.decode()
        assert de("There is no communication plan yet.") in text
        assert f'href="/o/{organization.slug}/members/"' in text, f"{url}: the way on is the members page"
        assert de("Assign roles to members") in text


def test_whoever_may_create_the_plan_is_offered_to_and_everyone_else_is_told_who_does(
    org: Organization,
) -> None:
    manager = make_member(org, ["communications_manager"])
    ambassador = make_member(org, ["ambassador"])
    text = _home(manager)
    assert f'href="/o/{org.slug}/plan/new/"' in text
    text = _home(ambassador)
    assert f'href="/o/{org.slug}/plan/new/"' not in text
    assert f'href="/o/{org.slug}/members/"' not in text
    assert "Sobald er veröffentlicht ist" in text, "who creates it, and what the member finds here then"
