"""The risk register: score and its constraints, reviews that schedule the next one, reminders sent once,
the matrix without names, the management review's summary, and other organizations finding nothing."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client

from resonanz.core.errors import ActionRefused
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.roles import Role
from resonanz.core.tests.factories import ApiCaller, make_member
from resonanz.risks import actions, risk_review_summary
from resonanz.risks.actions import send_review_reminders
from resonanz.risks.models import ReviewReminder, Risk, RiskStatus

pytestmark = pytest.mark.django_db
Caller = functools.partial(ApiCaller, api="/api/v1/risks", language="de")
NOW = dt.datetime(2027, 1, 15, 9, tzinfo=dt.UTC)


@pytest.fixture
def officer(org: Organization) -> Membership:
    return make_member(org, [Role.QUALITY_OFFICER], full_name="Quirin Qualität")


def register(officer: Membership, **changes: Any) -> Risk:
    values: dict[str, Any] = {
        "kind": "risk",
        "title": "Shitstorm nach einem Beitrag",
        "category": "Reputation",
        "likelihood": 3,
        "impact": 4,
        "owner": officer,
        "review_interval_months": 6,
    }
    values.update(changes)
    return actions.create_risk(officer, **values)


def test_the_score_is_likelihood_times_impact_and_follows_a_new_rating(officer: Membership) -> None:
    with time_machine.travel(NOW):
        risk = register(officer)
        assert risk.score == 12 and risk.next_review_on == dt.date(2027, 7, 15)
        changed = actions.update_risk(officer, risk, likelihood=5)

    assert changed.score == 20
    assert Risk.objects.get(pk=risk.pk).score == 20


@pytest.mark.parametrize(("field", "value"), [("likelihood", 0), ("impact", 6), ("likelihood", True)])
def test_ratings_outside_one_to_five_are_refused(officer: Membership, field: str, value: Any) -> None:
    with pytest.raises(ActionRefused) as refused:
        register(officer, **{field: value})

    assert refused.value.field == field
    assert Risk.objects.count() == 0


@pytest.mark.parametrize("values", [{"likelihood": 6}, {"impact": 0}, {"status": "closed"}, {"kind": "luck"}])
def test_the_database_refuses_what_the_actions_refuse(officer: Membership, values: dict[str, Any]) -> None:
    risk = register(officer)

    with pytest.raises(IntegrityError), transaction.atomic():
        Risk.objects.filter(pk=risk.pk).update(**values)


def test_a_review_rates_anew_and_schedules_the_next_one(officer: Membership) -> None:
    with time_machine.travel(NOW):
        risk = register(officer, review_interval_months=3)
        review = actions.review_risk(
            officer, risk, effective=True, likelihood_after=2, impact_after=4, note="greift", treated=True
        )
    risk.refresh_from_db()

    assert review.reviewed_by_name == "Quirin Qualität" and review.reviewed_on == dt.date(2027, 1, 15)
    assert (risk.likelihood, risk.impact, risk.score) == (2, 4, 8)
    assert risk.next_review_on == dt.date(2027, 4, 15)
    assert risk.status == RiskStatus.TREATED


def test_a_review_in_the_future_or_of_a_closed_risk_is_refused(officer: Membership) -> None:
    with time_machine.travel(NOW):
        risk = register(officer)
        with pytest.raises(ActionRefused) as refused:
            actions.review_risk(
                officer,
                risk,
                effective=True,
                likelihood_after=1,
                impact_after=1,
                reviewed_on=dt.date(2027, 2, 1),
            )
        assert refused.value.field == "reviewed_on"
        closed = actions.close_risk(officer, risk)
        with pytest.raises(ActionRefused):
            actions.review_risk(officer, closed, effective=True, likelihood_after=1, impact_after=1)

    assert closed.next_review_on is None and closed.reviews.count() == 0


def test_owners_are_reminded_of_due_reviews_once_and_again_for_the_next_due_date(officer: Membership) -> None:
    with time_machine.travel(NOW):
        due = register(officer, first_review_on=dt.date(2027, 1, 10))
        register(officer, title="Noch nicht fällig")  # due in July

    assert send_review_reminders(dt.date(2027, 1, 15)) == 1
    assert send_review_reminders(dt.date(2027, 1, 16)) == 0  # idempotent: the claim is taken
    assert len(mail.outbox) == 1
    assert "Shitstorm nach einem Beitrag" in mail.outbox[0].subject
    assert mail.outbox[0].to == [officer.user.email]
    assert AuditRecord.objects.filter(action="risks.review_reminder_sent").count() == 1

    with time_machine.travel(NOW):
        actions.review_risk(officer, due, effective=False, likelihood_after=3, impact_after=4)
    assert send_review_reminders(dt.date(2027, 7, 16)) == 2  # the next due date of both
    assert ReviewReminder.objects.count() == 3


def test_the_summary_lists_the_reviews_of_the_period_with_their_effectiveness(officer: Membership) -> None:
    with time_machine.travel(NOW):
        risk = register(officer)
        other = register(officer, kind="opportunity", title="Fachmesse")
        planned = actions.add_risk_action(
            officer, risk, title="Krisenplan", owner=officer, due_on=dt.date(2027, 1, 20)
        )
        actions.complete_risk_action(officer, planned)
        actions.review_risk(officer, risk, effective=True, likelihood_after=2, impact_after=3)
        actions.review_risk(
            officer,
            other,
            effective=False,
            likelihood_after=4,
            impact_after=3,
            reviewed_on=dt.date(2026, 12, 1),
        )

    found = risk_review_summary(officer.organization, dt.date(2027, 1, 1), dt.date(2027, 3, 31))

    assert [(item.title, item.effective, item.score_after, item.actions_done) for item in found] == [
        ("Shitstorm nach einem Beitrag", True, 6, 1)
    ]
    with pytest.raises(ActionRefused):
        risk_review_summary(officer.organization, dt.date(2020, 1, 1), dt.date(2027, 1, 1))


def test_the_matrix_counts_without_names_and_links_only_for_readers_of_the_register(
    officer: Membership,
) -> None:
    register(officer)
    register(officer, title="Zweites Risiko")
    council = make_member(officer.organization, [Role.WORKS_COUNCIL])
    slug = officer.organization.slug
    pages = {}
    for member in (officer, council):
        client = Client()
        client.force_login(member.user)
        pages[member.pk] = client.get(f"/o/{slug}/risks/matrix/").content.decode()

    link = f"/o/{slug}/risks/?likelihood=3&amp;impact=4"
    assert link in pages[officer.pk]
    assert link not in pages[council.pk] and ">2<" in pages[council.pk]
    assert "Shitstorm" not in pages[council.pk] and "Quirin" not in pages[council.pk]
    client = Client()
    client.force_login(council.user)
    assert client.get(f"/o/{slug}/risks/").status_code == 403
    listed = Client()
    listed.force_login(officer.user)
    filtered = listed.get(f"/o/{slug}/risks/", {"likelihood": "3", "impact": "4"}).content.decode()
    assert "Zweites Risiko" in filtered


def test_the_api_registers_reviews_and_reads_a_risk(officer: Membership) -> None:
    caller = Caller(officer)
    created = caller.send(
        "post",
        "",
        {
            "kind": "opportunity",
            "title": "Fachmesse",
            "likelihood": 4,
            "impact": 3,
            "owner_id": officer.pk,
            "review_interval_months": 12,
        },
    )
    assert created.status_code == 201, created.content
    number = created.json()["id"]
    reviewed = caller.send(
        "post", f"/{number}/reviews", {"effective": True, "likelihood_after": 5, "impact_after": 3}
    )
    read = caller.get(f"/{number}")
    matrix = caller.get("/matrix")

    assert reviewed.status_code == 201
    assert read.json()["score"] == 15 and len(read.json()["reviews"]) == 1
    assert {"likelihood": 5, "impact": 3, "count": 1} in matrix.json()
    refused = caller.send("post", "", {**created.json(), "likelihood": 7})
    assert refused.status_code == 422


def test_another_organization_finds_nothing(officer: Membership, other_org: Organization) -> None:
    risk = register(officer)
    stranger = make_member(other_org, [Role.QUALITY_OFFICER])
    client = Client()
    client.force_login(stranger.user)

    assert client.get(f"/o/{other_org.slug}/risks/{risk.pk}/").status_code == 404
    assert client.post(f"/o/{other_org.slug}/risks/{risk.pk}/close/").status_code == 404
    assert Caller(stranger).get(f"/{risk.pk}").status_code == 404
    risk.refresh_from_db()
    assert risk.status == RiskStatus.OPEN
