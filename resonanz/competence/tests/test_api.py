"""The competence API: round trips, refusals as problem+json, foreign ids refused, the matrix paged."""

from __future__ import annotations

import datetime as dt
import functools

import pytest

from resonanz.competence.tests.factories import LINKEDIN, competence_named, quality_officer
from resonanz.core.models import Organization
from resonanz.core.tests.factories import ApiCaller, make_member
from resonanz.plan.models import Channel

API = "/api/v1/competence"
Caller = functools.partial(ApiCaller, api=API, language="de")
pytestmark = pytest.mark.django_db


def test_a_training_with_a_participant_a_check_and_a_certificate(org: Organization) -> None:
    caller = Caller(quality_officer(org))
    competence = competence_named(org, LINKEDIN)
    created = caller.send(
        "post",
        "/trainings",
        {
            "title": "LinkedIn-Seminar",
            "format": "seminar",
            "starts_on": "2026-03-02",
            "ends_on": "2026-03-02",
            "competence_ids": [competence.pk],
        },
    )
    assert created.status_code == 201, created.content
    training = created.json()
    assert training["competence_ids"] == [competence.pk]
    person = make_member(org)
    enrolled = caller.send(
        "post", f"/trainings/{training['id']}/participations", {"membership_id": person.pk}
    )
    assert enrolled.status_code == 201
    done = caller.send(
        "patch",
        f"/participations/{enrolled.json()['id']}",
        {"status": "completed", "completed_on": "2026-03-02"},
    )
    assert done.status_code == 200 and done.json()["status"] == "completed"
    check = caller.send(
        "post",
        f"/trainings/{training['id']}/effectiveness-checks",
        {"planned_on": "2026-06-01", "method": "Stichprobe"},
    )
    assert check.status_code == 201
    assessed = caller.send("patch", f"/effectiveness-checks/{check.json()['id']}", {"result": "effective"})
    assert assessed.json()["result"] == "effective" and assessed.json()["assessed_by"] is not None
    certificate = caller.send(
        "post",
        "/certificates",
        {
            "membership_id": person.pk,
            "competence_id": competence.pk,
            "issued_on": "2026-03-02",
            "expires_on": "2027-03-02",
            "training_id": training["id"],
        },
    )
    assert certificate.status_code == 201
    listed = caller.get("/certificates", membership_id=person.pk).json()
    assert listed["count"] == 1


def test_refusals_are_translated_422s(org: Organization, other_org: Organization) -> None:
    caller = Caller(quality_officer(org))
    stranger = make_member(other_org)
    competence = competence_named(org, LINKEDIN)
    foreign = caller.send(
        "post",
        "/certificates",
        {"membership_id": stranger.pk, "competence_id": competence.pk, "issued_on": "2026-01-01"},
    )
    assert foreign.status_code == 422
    reversed_expiry = caller.send(
        "post",
        "/certificates",
        {
            "membership_id": make_member(org).pk,
            "competence_id": competence.pk,
            "issued_on": "2026-05-01",
            "expires_on": "2026-04-01",
        },
    )
    assert reversed_expiry.status_code == 422
    assert "Ausstellungstag" in reversed_expiry.content.decode()
    duplicate = caller.send("post", "/competences", {"name": "KRISENKOMMUNIKATION"})
    assert duplicate.status_code == 422 and "gibt es bereits" in duplicate.content.decode()
    foreign_channel = Channel.objects.get(organization=other_org, name="LinkedIn")
    assert (
        caller.send(
            "post",
            "/channel-requirements",
            {"channel_id": foreign_channel.pk, "competence_id": competence.pk},
        ).status_code
        == 422
    )
    far = caller.send("post", "/trainings", {"title": "X", "format": "seminar", "starts_on": "9999-01-01"})
    assert far.status_code == 422


def test_the_matrix_is_paged_and_the_works_council_is_refused(org: Organization) -> None:
    for _ in range(26):
        make_member(org)
    matrix = Caller(quality_officer(org)).get("/matrix", page=2)
    assert matrix.status_code == 200
    body = matrix.json()
    assert body["page"] == 2 and body["pages"] == 2 and body["total"] >= 27
    assert len(body["rows"][0]["cells"]) == len(body["competences"])
    assert Caller(make_member(org, ["works_council"])).get("/matrix").status_code == 403


def test_a_row_violation_says_when_the_senders_certificate_expired(org: Organization) -> None:
    from resonanz.competence import actions
    from resonanz.competence.tests.factories import certify
    from resonanz.plan import actions as plan_actions

    officer = quality_officer(org)
    linkedin = Channel.objects.get(organization=org, name="LinkedIn")
    actions.require_for_channel(officer, channel=linkedin, competence=competence_named(org, LINKEDIN))
    expired, never = make_member(org, full_name="Erika Abgelaufen"), make_member(org, full_name="Nils Nie")
    certify(expired, competence_named(org, LINKEDIN), dt.date(2024, 1, 1), dt.date(2025, 3, 31))
    plan = plan_actions.create_plan(officer, identifier="KP-1", title="Plan")
    row = plan_actions.add_row(
        officer, plan.versions.get(), description="Beitrag", channels=[linkedin], senders=[expired, never]
    )
    found = Caller(officer).get(f"/plan-rows/{row.pk}/violations")
    assert found.status_code == 200
    assert {item["sender"]["name"]: item["expired_on"] for item in found.json()} == {
        "Erika Abgelaufen": "2025-03-31",
        "Nils Nie": None,
    }
