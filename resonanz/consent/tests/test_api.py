"""The consent API: my consents, give and withdraw, and the analytics switches."""

from __future__ import annotations

import functools

from resonanz.consent.actions import give_consent
from resonanz.consent.ledger import has_consent
from resonanz.consent.models import AnalyticsSettings, ConsentPurpose
from resonanz.core.models import Organization
from resonanz.core.tests.factories import ApiCaller, make_member

API = "/api/v1/consent"
Caller = functools.partial(ApiCaller, api=API, language="de")


def test_a_person_reads_gives_and_withdraws_their_consents(org: Organization) -> None:
    person = make_member(org, ["ambassador"])
    caller = Caller(person)

    listed = caller.get("/consents")
    assert listed.status_code == 200
    assert [row["purpose"] for row in listed.json()] == ["person_analytics", "leaderboard"]
    assert not any(row["given"] for row in listed.json())
    assert "widerrufen" in listed.json()[0]["current_text"]

    given = caller.send("post", "/consents/give", {"purpose": "leaderboard"})
    assert given.status_code == 200, given.content
    assert given.json()["given"] and given.json()["text_version"] == 1
    assert has_consent(person, ConsentPurpose.LEADERBOARD)
    assert caller.send("post", "/consents/give", {"purpose": "leaderboard"}).json()["given"]

    withdrawn = caller.send("post", "/consents/withdraw", {"purpose": "leaderboard"})
    assert withdrawn.status_code == 200
    assert not withdrawn.json()["given"] and withdrawn.json()["last_withdrawn_at"] is not None
    assert not has_consent(person, ConsentPurpose.LEADERBOARD)


def test_bad_bodies_get_problem_details(org: Organization) -> None:
    caller = Caller(make_member(org, ["ambassador"]))
    for body in ({"purpose": "photo"}, {"purpose": 1}, {}, {"purpose": "leaderboard", "extra": True}):
        answer = caller.send("post", "/consents/give", body)
        assert answer.status_code in (400, 422), (body, answer.content)
        assert answer["Content-Type"].startswith("application/problem+json")


def test_the_works_council_reads_the_switches_but_cannot_consent(org: Organization) -> None:
    council = Caller(make_member(org, ["works_council"]))
    settings = council.get("/analytics-settings")
    assert settings.status_code == 200
    assert settings.json() == {
        "person_analytics": False,
        "leaderboard": False,
        "min_group_size": 5,
        "works_council_mode": True,
    }
    assert council.get("/consents").status_code == 403
    assert council.send("put", "/analytics-settings", {}).status_code in (403, 422)


def test_the_admin_sets_the_switches_and_bad_values_are_refused(org: Organization) -> None:
    admin = Caller(make_member(org, ["admin"]))
    body = {"person_analytics": False, "leaderboard": True, "min_group_size": 9}
    answer = admin.send("put", "/analytics-settings", body)
    assert answer.status_code == 200, answer.content
    assert answer.json() == {**body, "works_council_mode": False}

    for bad in (
        {**body, "min_group_size": 1},
        {**body, "min_group_size": 10**40},
        {**body, "min_group_size": "9"},
        {**body, "leaderboard": "yes"},
        {"leaderboard": True},
    ):
        refused = admin.send("put", "/analytics-settings", bad)
        assert refused.status_code == 422, (bad, refused.content)
        assert refused["Content-Type"].startswith("application/problem+json")
    assert AnalyticsSettings.objects.get(organization=org).min_group_size == 9


def test_a_read_token_cannot_change_anything(org: Organization) -> None:
    person = make_member(org, ["admin"])
    reader = Caller(person, scope="read")
    assert reader.send("post", "/consents/give", {"purpose": "leaderboard"}).status_code == 403
    assert reader.get("/analytics-settings").status_code == 200
    assert not has_consent(person, ConsentPurpose.LEADERBOARD)


def test_a_read_token_reads_its_owners_consents(org: Organization) -> None:
    person = make_member(org, ["ambassador"])
    give_consent(person, ConsentPurpose.LEADERBOARD)

    response = Caller(person, scope="read").get("/consents")

    assert response.status_code == 200, response.content
    given = {row["purpose"]: row["given"] for row in response.json()}
    assert given[ConsentPurpose.LEADERBOARD] is True
    assert given[ConsentPurpose.PERSON_ANALYTICS] is False
