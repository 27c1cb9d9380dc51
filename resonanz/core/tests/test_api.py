"""The REST API of the core app: tokens, problem+json errors, languages, pagination, audited writes."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from ninja import Field
from pydantic import ValidationError as PydanticValidationError

from resonanz.api_input import InputSchema, IsoDateTime, PatchSchema
from resonanz.api_problems import message_for
from resonanz.core import actions
from resonanz.core.models import ApiToken, AuditRecord, Membership, Organization
from resonanz.core.tests.factories import make_member, make_organization

API = "/api/v1"
PROBLEM = "application/problem+json"


def token_for(member: Membership, scope: str = "write") -> str:
    _token, plain = actions.create_api_token(member, name="Skript", scope=scope)
    return plain


def call(
    client: Client,
    method: str,
    path: str,
    token: str | None = None,
    body: Any = None,
    content_type: str = "application/json",
    **meta: Any,
) -> Any:
    """One API request; ``body`` is sent as JSON unless it is already a string; ``meta`` as in WSGI."""
    if token is not None:
        meta["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    data = body if isinstance(body, str | bytes) else json.dumps(body) if body is not None else ""
    return client.generic(method, f"{API}{path}", data=data, content_type=content_type, **meta)


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["type"] == "about:blank"
    assert body["title"] and isinstance(body["title"], str)
    assert isinstance(body["detail"], str)
    return dict(body)


def in_language(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def locations(body: dict[str, Any]) -> list[list[Any]]:
    return [error["loc"] for error in body["errors"]]


@pytest.fixture
def admin_token(admin_member: Membership) -> str:
    return token_for(admin_member)


# ---------------------------------------------------------------- 401: who is calling


def test_it_refuses_a_request_without_a_token(client: Client, org: Organization) -> None:
    body = assert_problem(call(client, "GET", "/me"), 401)
    response = call(client, "GET", "/me")
    assert response["WWW-Authenticate"] == 'Bearer realm="resonanz"'
    assert "Authorization: Bearer" in body["detail"]


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer garbage",
        "Bearer rz_abc",
        "Bearer rz_zzzz_secret",
        "Bearer xx_0123456789ab_secret",
        "Bearer rz_0123456789ab_" + "x" * 43,
        "Bearer rz_\x00_secret",
        "Bearer " + "rz_" + "a" * 5000,
    ],
)
def test_it_refuses_a_garbage_token(client: Client, admin_member: Membership, authorization: str) -> None:
    token_for(admin_member)
    response = client.get(f"{API}/me", HTTP_AUTHORIZATION=authorization)
    body = assert_problem(response, 401)
    assert response["WWW-Authenticate"] == 'Bearer realm="resonanz", error="invalid_token"'
    assert body["detail"] == in_language("de", "The token is not valid.")


def test_it_refuses_a_token_with_the_wrong_secret(client: Client, admin_member: Membership) -> None:
    plain = token_for(admin_member)
    prefix = plain.split("_")[1]
    body = assert_problem(call(client, "GET", "/me", f"rz_{prefix}_{'A' * 43}"), 401)
    assert body["detail"] == in_language("de", "The token is not valid.")


def test_it_refuses_a_revoked_token_and_says_so(client: Client, admin_member: Membership) -> None:
    stored, plain = actions.create_api_token(admin_member, name="Alt", scope="read")
    actions.revoke_api_token(admin_member, stored)
    body = assert_problem(call(client, "GET", "/me", plain, HTTP_ACCEPT_LANGUAGE="en"), 401)
    assert body["detail"] == "This token was revoked. Create a new one."


def test_it_refuses_an_expired_token_and_says_when_it_expired(
    client: Client, admin_member: Membership
) -> None:
    stored, plain = actions.create_api_token(admin_member, name="Kurz", scope="read", expires_in_days=1)
    assert call(client, "GET", "/me", plain).status_code == 200
    with time_machine.travel(stored.expires_at + dt.timedelta(seconds=1)):
        body = assert_problem(call(client, "GET", "/me", plain, HTTP_ACCEPT_LANGUAGE="en"), 401)
    assert body["detail"].startswith("This token expired at ")
    assert stored.expires_at.astimezone(dt.UTC).isoformat(timespec="seconds") in body["detail"]


def test_it_refuses_the_token_of_a_deactivated_membership(
    client: Client, org: Organization, admin_member: Membership
) -> None:
    member = make_member(org, ["quality_officer"])
    plain = token_for(member, "read")
    assert call(client, "GET", "/me", plain).status_code == 200
    actions.set_member_active(admin_member, member, False)
    body = assert_problem(call(client, "GET", "/me", plain, HTTP_ACCEPT_LANGUAGE="en"), 401)
    assert body["detail"] == "The membership this token belongs to is no longer active."


def test_it_refuses_tokens_while_mandatory_two_factor_is_missing(
    client: Client, admin_member: Membership, admin_token: str
) -> None:
    actions.update_organization(admin_member, require_two_factor=True)
    body = assert_problem(call(client, "GET", "/me", admin_token, HTTP_ACCEPT_LANGUAGE="en"), 403)
    assert "requires two-factor authentication" in body["detail"]
    actions.enable_two_factor(admin_member.user, "encrypted", 1)
    assert call(client, "GET", "/me", admin_token).status_code == 200


def test_it_records_the_last_use_of_a_token_at_most_once_a_minute(
    client: Client, admin_member: Membership, admin_token: str
) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert call(client, "GET", "/me", admin_token).status_code == 200
    stored = ApiToken.objects.get(user=admin_member.user)
    assert stored.last_used_at == start
    with time_machine.travel(start + dt.timedelta(seconds=59), tick=False):
        assert call(client, "GET", "/me", admin_token).status_code == 200
    stored.refresh_from_db()
    assert stored.last_used_at == start
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        assert call(client, "GET", "/me", admin_token).status_code == 200
    stored.refresh_from_db()
    assert stored.last_used_at == start + dt.timedelta(seconds=61)


def test_a_token_sees_only_its_own_organization(
    client: Client, org: Organization, admin_member: Membership
) -> None:
    other = make_organization("Fremdfirma AG")
    in_other = make_member(other, ["admin"], email=admin_member.user.email)
    stranger = make_member(other, ["ambassador"])
    other_record = AuditRecord.objects.filter(organization=other).first()
    assert other_record is not None
    plain = token_for(admin_member)

    me = call(client, "GET", "/me", plain).json()
    assert me["organization"]["slug"] == org.slug
    assert [item["slug"] for item in call(client, "GET", "/organizations", plain).json()] == [org.slug]
    listed = call(client, "GET", "/memberships", plain).json()
    assert {item["id"] for item in listed["items"]} == {admin_member.pk}
    records = call(client, "GET", "/audit-records?limit=500", plain).json()["items"]
    assert records and all(record["object_repr"] != other.name for record in records)
    assert {record["id"] for record in records}.isdisjoint(
        AuditRecord.objects.filter(organization=other).values_list("pk", flat=True)
    )
    for path in (
        f"/memberships/{stranger.pk}",
        f"/memberships/{in_other.pk}",
        f"/audit-records/{other_record.pk}",
    ):
        assert_problem(call(client, "GET", path, plain), 404)
    assert_problem(call(client, "PATCH", f"/memberships/{stranger.pk}", plain, {"is_active": False}), 404)
    stranger.refresh_from_db()
    assert stranger.is_active


# ---------------------------------------------------------------- 403, 404, 405


def test_a_read_token_may_not_write(client: Client, org: Organization, admin_member: Membership) -> None:
    plain = token_for(admin_member, "read")
    before = AuditRecord.objects.count()
    response = call(
        client, "PATCH", "/organizations/current", plain, {"name": "Neu"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    body = assert_problem(response, 403)
    assert body["detail"] == "This token may only read. Create a token with write access."
    org.refresh_from_db()
    assert org.name == "Muster GmbH"
    assert AuditRecord.objects.count() == before


def test_a_read_token_may_not_change_anything_even_where_a_router_forgets_to_ask(
    client: Client, org: Organization, admin_member: Membership, monkeypatch: pytest.MonkeyPatch
) -> None:
    import resonanz.core.api

    monkeypatch.setattr(resonanz.core.api, "member_of", lambda request, capability: request.member)
    plain = token_for(admin_member, "read")
    response = call(
        client, "PATCH", "/organizations/current", plain, {"name": "Neu"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    body = assert_problem(response, 403)
    assert body["detail"] == "This token may only read. Create a token with write access."
    org.refresh_from_db()
    assert org.name == "Muster GmbH"
    assert call(client, "GET", "/memberships", plain).status_code == 200


def test_a_member_without_the_capability_is_refused_with_the_reason(
    client: Client, org: Organization
) -> None:
    ambassador = make_member(org, ["ambassador"])
    plain = token_for(ambassador)
    body = assert_problem(call(client, "GET", "/memberships", plain, HTTP_ACCEPT_LANGUAGE="en"), 403)
    assert body["detail"] == "Your roles do not allow this: See the members of the organization."
    assert_problem(call(client, "GET", "/audit-records", plain), 403)
    assert call(client, "GET", "/me", plain).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/memberships/999999",
        "/memberships/0",
        "/memberships/9223372036854775807",
        "/memberships/9223372036854775808",
        "/memberships/99999999999999999999999999999999",
        "/audit-records/99999999999999999999999999999999",
    ],
)
def test_unknown_and_huge_ids_are_a_404(client: Client, admin_token: str, path: str) -> None:
    body = assert_problem(call(client, "GET", path, admin_token), 404)
    assert body["detail"] == in_language("de", "It does not exist, or it belongs to another organization.")


@pytest.mark.parametrize("path", ["/", "/nope", "/me/", "/memberships/abc/def", "/v2/me"])
def test_unknown_api_paths_are_a_problem_not_an_html_page(
    client: Client, admin_token: str, path: str
) -> None:
    for token in (admin_token, None):
        body = assert_problem(call(client, "GET", path, token), 404)
        assert "/api/v1/docs" in body["detail"]


def test_no_api_address_answers_with_an_html_page_even_without_csrf_token(admin_token: str) -> None:
    client = Client(enforce_csrf_checks=True)
    for path in ("/nope", "/", "/me", "/openapi.json", "/docs"):
        for method in ("POST", "PUT", "DELETE"):
            response = call(client, method, path, admin_token, {})
            assert response["Content-Type"] == PROBLEM, (method, path, response.status_code)
            assert response.status_code in (404, 405), (method, path)
    response = call(client, "POST", "/openapi.json")
    assert_problem(response, 405)
    assert response["Allow"] == "GET, HEAD"


def test_a_wrong_method_is_a_405_problem_with_the_allowed_methods(client: Client, admin_token: str) -> None:
    response = call(client, "DELETE", "/me", admin_token, HTTP_ACCEPT_LANGUAGE="en")
    body = assert_problem(response, 405)
    assert response["Allow"] == "GET"
    assert body["detail"] == "Allowed here: GET."
    assert set(call(client, "PUT", "/organizations/current", admin_token)["Allow"].split(", ")) == {
        "GET",
        "PATCH",
    }


# ---------------------------------------------------------------- 400, 415, 422: what comes in


def test_validation_errors_name_each_field(client: Client, admin_token: str) -> None:
    response = call(client, "POST", "/memberships", admin_token, {"email": "x", "roles": [], "unit": 5})
    body = assert_problem(response, 422)
    assert sorted(locations(body)) == [["body", "email"], ["body", "roles"], ["body", "unit"]]
    assert {error["type"] for error in body["errors"]} == {"string_too_short", "too_short", "string_type"}


@pytest.mark.parametrize(
    ("payload", "loc", "kind"),
    [
        ({"name": "x" * 201}, ["body", "name"], "string_too_long"),
        ({"name": ""}, ["body", "name"], "string_too_short"),
        ({"name": None}, ["body", "name"], "null_forbidden"),
        ({"require_two_factor": 0}, ["body", "require_two_factor"], "bool_type"),
        ({"require_two_factor": "yes"}, ["body", "require_two_factor"], "bool_type"),
        ({"default_language": "fr"}, ["body", "default_language"], "string_pattern_mismatch"),
        ({"slug": "neu"}, ["body", "slug"], "extra_forbidden"),
        ({"name": "a\x00b"}, ["body", "name"], "text_nul"),
        ({"name\x00": "a"}, ["body", "name\x00"], "text_nul"),
    ],
)
def test_it_refuses_invalid_settings_and_changes_nothing(
    client: Client, org: Organization, admin_token: str, payload: dict[str, Any], loc: list[str], kind: str
) -> None:
    before = AuditRecord.objects.count()
    body = assert_problem(call(client, "PATCH", "/organizations/current", admin_token, payload), 422)
    assert [error["loc"] for error in body["errors"] if error["type"] == kind] == [loc]
    org.refresh_from_db()
    assert org.name == "Muster GmbH"
    assert AuditRecord.objects.count() == before


def test_it_refuses_text_the_database_cannot_store(client: Client, admin_token: str) -> None:
    body = assert_problem(
        call(client, "PATCH", "/organizations/current", admin_token, '{"name": "\\ud800"}'), 422
    )
    assert body["errors"][0]["loc"] == ["body", "name"]
    assert body["errors"][0]["type"] == "text_encoding"
    body = assert_problem(call(client, "GET", "/audit-records?action=a%00b", admin_token), 422)
    assert locations(body) == [["query", "action"]]
    payload = {"email": "neu@example.com", "job_title": "Neu\x00", "roles": ["admin"]}
    body = assert_problem(call(client, "POST", "/memberships", admin_token, payload), 422)
    assert locations(body) == [["body", "job_title"]]
    assert not Membership.objects.filter(user__email="neu@example.com").exists()


@pytest.mark.parametrize(
    "raw",
    ["{bad", "", "[1, 2", '{"name": NaN}', "1" * 5000, "[" * 200_000 + "]" * 200_000],
    ids=["broken", "blank", "unclosed", "nan", "long-number", "deep"],
)
def test_a_body_that_is_not_json_is_a_400(client: Client, admin_token: str, raw: str) -> None:
    response = call(
        client, "PATCH", "/organizations/current", admin_token, raw or " ", HTTP_ACCEPT_LANGUAGE="en"
    )
    body = assert_problem(response, 400)
    assert body["detail"].startswith("The body is not valid JSON")


def test_a_body_beyond_the_upload_limit_is_a_413(client: Client, admin_token: str, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = assert_problem(
        call(client, "PATCH", "/organizations/current", admin_token, {"name": "x" * 2000}), 413
    )
    assert body["detail"] == in_language("de", "The request body is too large.")


def test_nul_bytes_in_the_path_are_refused(client: Client, admin_token: str) -> None:
    body = assert_problem(call(client, "GET", "/memberships/%00", admin_token), 422)
    assert locations(body) == [["path", "membership_id"]]
    assert_problem(call(client, "GET", "/nir%00gends", admin_token), 404)


def test_an_empty_body_is_a_missing_body(client: Client, admin_token: str) -> None:
    body = assert_problem(call(client, "PATCH", "/organizations/current", admin_token, ""), 422)
    assert locations(body) == [["body"]]


def test_a_body_that_is_no_object_is_refused(client: Client, admin_token: str) -> None:
    body = assert_problem(call(client, "PATCH", "/organizations/current", admin_token, []), 422)
    assert body["errors"] == [
        {"loc": ["body"], "msg": in_language("de", "Send a JSON object."), "type": "model_attributes_type"}
    ]


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data"]
)
def test_a_body_in_another_format_is_a_415(client: Client, admin_token: str, content_type: str) -> None:
    response = call(
        client, "PATCH", "/organizations/current", admin_token, "name=Neu", content_type=content_type
    )
    assert_problem(response, 415)


@pytest.mark.parametrize(
    ("query", "loc"),
    [
        ("limit=0", ["query", "limit"]),
        ("limit=501", ["query", "limit"]),
        ("limit=99999999999999999999999999", ["query", "limit"]),
        ("offset=-1", ["query", "offset"]),
        ("offset=10000001", ["query", "offset"]),
        ("offset=" + "9" * 5000, ["query", "offset"]),
        ("since=1700000000", ["query", "since"]),
        ("since=0.5", ["query", "since"]),
        ("since=0001-01-01T00:00:00", ["query", "since"]),
        ("until=9999-12-31T23:59:59-12:00", ["query", "until"]),
        ("since=gestern", ["query", "since"]),
        ("action=" + "a" * 101, ["query", "action"]),
    ],
)
def test_it_refuses_out_of_range_query_parameters(
    client: Client, admin_token: str, query: str, loc: list[str]
) -> None:
    body = assert_problem(call(client, "GET", f"/audit-records?{query}", admin_token), 422)
    assert locations(body) == [loc]


def test_audit_filters_read_times_without_offset_in_the_organizations_zone(
    client: Client, org: Organization, admin_member: Membership, admin_token: str
) -> None:
    newest = AuditRecord.objects.filter(organization=org).order_by("-seq").first()
    assert newest is not None
    local = newest.created_at.astimezone(org.zone).replace(tzinfo=None, microsecond=0)
    since = (local + dt.timedelta(seconds=1)).isoformat()
    until = (local + dt.timedelta(seconds=1)).isoformat()
    assert call(client, "GET", f"/audit-records?since={since}", admin_token).json()["count"] == 0
    assert call(client, "GET", f"/audit-records?until={until}", admin_token).json()["count"] == newest.seq
    filtered = call(
        client, "GET", "/audit-records?action=member.added&object_type=core.membership", admin_token
    )
    assert [item["action"] for item in filtered.json()["items"]] == ["member.added"]


def test_audit_records_filter_by_object_and_actor(
    client: Client, org: Organization, admin_member: Membership, admin_token: str
) -> None:
    colleague = make_member(org, ["buddy"], full_name="Berta Buddy")
    actions.set_member_roles(admin_member, colleague, ["buddy", "ambassador"])
    own_name = admin_member.user.full_name

    about = call(
        client, "GET", f"/audit-records?object_type=core.membership&object_id={colleague.pk}", admin_token
    ).json()["items"]
    by_admin = call(client, "GET", f"/audit-records?actor={own_name[:4].lower()}", admin_token).json()
    nobody = call(client, "GET", "/audit-records?actor=Niemand", admin_token).json()

    assert [item["action"] for item in about] == ["member.added", "member.roles_changed"]
    assert by_admin["count"] >= 2 and all(item["actor_name"] == own_name for item in by_admin["items"])
    assert nobody["count"] == 0


class _Example(InputSchema):
    flag: bool | None = None
    number: int | None = None
    share: float | None = None
    day: dt.date | None = None
    moment: IsoDateTime | None = None
    names: list[str] | None = None


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        ({"flag": 1}, "bool_type"),
        ({"flag": "true"}, "bool_type"),
        ({"number": True}, "int_type"),
        ({"number": "5"}, "int_type"),
        ({"number": 5.0}, "int_type"),
        ({"share": "0.5"}, "float_type"),
        ({"share": False}, "float_type"),
        ({"day": 0}, "date_type"),
        ({"moment": 1700000000}, "datetime_type"),
        ({"moment": "1700000000"}, "value_error"),
        ({"other": 1}, "extra_forbidden"),
    ],
)
def test_input_schemas_take_json_types_strictly(data: dict[str, Any], kind: str) -> None:
    with pytest.raises(PydanticValidationError) as raised:
        _Example.model_validate(data)
    assert [error["type"] for error in raised.value.errors()] == [kind]


def test_input_schemas_accept_plain_json() -> None:
    data = {"flag": True, "number": 5, "share": 1, "day": "2025-03-31", "moment": "2025-03-31T14:30:00+02:00"}
    example = _Example.model_validate({**data, "names": ["a"]})
    assert (example.flag, example.number, example.share, example.day) == (True, 5, 1.0, dt.date(2025, 3, 31))
    assert example.moment == dt.datetime(2025, 3, 31, 12, 30, tzinfo=dt.UTC)


class _Patch(PatchSchema):
    nullable = frozenset({"note"})
    title: str | None = Field(None, max_length=10)
    note: str | None = None


def test_patch_schemas_refuse_null_except_where_it_empties_a_value() -> None:
    assert _Patch.model_validate({"note": None}).dict(exclude_unset=True) == {"note": None}
    assert _Patch.model_validate({}).dict(exclude_unset=True) == {}
    with pytest.raises(PydanticValidationError) as raised:
        _Patch.model_validate({"title": None})
    assert [error["type"] for error in raised.value.errors()] == ["null_forbidden"]
    properties = _Patch.model_json_schema()["properties"]
    assert properties["title"] == {"maxLength": 10, "title": "Title", "type": "string"}
    assert {"type": "null"} in properties["note"]["anyOf"]


# ---------------------------------------------------------------- languages


def test_messages_are_in_the_users_language_unless_the_request_asks_for_another(
    client: Client, org: Organization, admin_member: Membership
) -> None:
    german = token_for(admin_member)
    english = token_for(make_member(org, ["admin"], language="en"))
    required_de = "Dieses Feld ist erforderlich."
    required_en = "This field is required."
    assert in_language("de", required_en) == required_de

    cases = [
        (german, {}, required_de, "de"),
        (german, {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}, required_en, "en"),
        (german, {"HTTP_ACCEPT_LANGUAGE": "fr"}, required_de, "de"),
        (english, {}, required_en, "en"),
        (english, {"HTTP_ACCEPT_LANGUAGE": "de-DE"}, required_de, "de"),
    ]
    for token, headers, message, language in cases:
        response = call(client, "POST", "/memberships", token, {}, **headers)
        body = assert_problem(response, 422)
        assert response["Content-Language"] == language
        assert body["title"] == in_language(language, "Invalid request")
        assert {error["msg"] for error in body["errors"]} == {message}


def test_counted_limits_and_unlisted_pydantic_errors_read_as_german(
    client: Client, admin_member: Membership
) -> None:
    token = token_for(admin_member)

    no_roles = call(client, "PATCH", f"/memberships/{admin_member.pk}", token, {"roles": []})
    odd_zone = call(client, "PATCH", "/organizations/current", token, {"time_zone": ""})

    assert [error["msg"] for error in assert_problem(no_roles, 422)["errors"]] == [
        "Bitte geben Sie mindestens 1 Eintrag an."
    ]
    assert [error["msg"] for error in assert_problem(odd_zone, 422)["errors"]] == [
        "Bitte geben Sie mindestens 1 Zeichen ein."
    ]
    assert message_for({"type": "a_type_pydantic_adds_later", "msg": "English only"}) == (
        "Dieser Wert ist hier nicht gültig."
    )


def test_refusals_before_authentication_follow_accept_language(client: Client, org: Organization) -> None:
    detail = "Send a token in the header Authorization: Bearer rz_<prefix>_<secret>."
    for headers, language in (
        ({}, "de"),
        ({"HTTP_ACCEPT_LANGUAGE": "en"}, "en"),
        ({"HTTP_ACCEPT_LANGUAGE": "de"}, "de"),
    ):
        response = call(client, "GET", "/me", **headers)
        body = assert_problem(response, 401)
        assert response["Content-Language"] == language
        assert body["title"] == in_language(language, "Authentication required")
        assert body["detail"] == in_language(language, detail)
    unknown = assert_problem(call(client, "GET", "/nirgends", HTTP_ACCEPT_LANGUAGE="en"), 404)
    assert unknown["title"] == "Not found"


def test_action_refusals_are_translated(client: Client, admin_member: Membership, admin_token: str) -> None:
    message = "The organization needs at least one active administrator."
    for language in ("de", "en"):
        response = call(
            client,
            "PATCH",
            f"/memberships/{admin_member.pk}",
            admin_token,
            {"roles": ["ambassador"]},
            HTTP_ACCEPT_LANGUAGE=language,
        )
        body = assert_problem(response, 422)
        assert body["detail"] == in_language(language, message)
        assert body["errors"] == [
            {"loc": ["body", "roles"], "msg": in_language(language, message), "type": "refused"}
        ]


# ---------------------------------------------------------------- pagination


def test_lists_are_paginated_with_a_count(
    client: Client, org: Organization, admin_member: Membership
) -> None:
    others = [make_member(org, ["ambassador"]) for _ in range(4)]
    plain = token_for(admin_member)
    page = call(client, "GET", "/memberships?limit=2&offset=1", plain).json()
    assert page["count"] == 5
    assert [item["id"] for item in page["items"]] == [others[0].pk, others[1].pk]
    last = call(client, "GET", "/memberships?limit=2&offset=4", plain).json()
    assert [item["id"] for item in last["items"]] == [others[3].pk]
    beyond = call(client, "GET", "/memberships?offset=50", plain).json()
    assert beyond == {"items": [], "count": 5}


def _queries(client: Client, path: str, token: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = call(client, "GET", path, token)
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize("path", ["/memberships?limit=500", "/audit-records?limit=500"])
def test_lists_take_the_same_number_of_queries_for_any_number_of_rows(
    client: Client,
    org: Organization,
    admin_member: Membership,
    path: str,
    django_assert_max_num_queries: Any,
) -> None:
    plain = token_for(admin_member)
    call(client, "GET", "/me", plain)  # the first use of a token writes last_used_at
    few = _queries(client, path, plain)
    for number in range(12):
        make_member(org, ["ambassador", "buddy"], full_name=f"Person {number}")
    many = _queries(client, path, plain)
    assert many == few
    with django_assert_max_num_queries(6):
        call(client, "GET", path, plain)


# ---------------------------------------------------------------- writes go through actions, audited


def _last_record(org: Organization) -> AuditRecord:
    record = AuditRecord.objects.filter(organization=org).order_by("-seq").first()
    assert record is not None
    return record


def test_patching_the_organization_is_audited_with_the_request_id(
    client: Client, org: Organization, admin_member: Membership, admin_token: str
) -> None:
    payload = {"name": "Muster AG", "time_zone": "Europe/Vienna", "default_language": "en"}
    response = call(client, "PATCH", "/organizations/current", admin_token, payload)
    assert response.status_code == 200
    assert response.json() == {**payload, "slug": org.slug, "require_two_factor": False}
    record = _last_record(org)
    assert record.action == "organization.updated"
    assert record.actor_id == admin_member.user_id
    assert record.before is not None and record.before["name"] == "Muster GmbH"
    assert record.after is not None and record.after["name"] == "Muster AG"
    assert record.request_id == response["X-Request-ID"]
    fetched = call(client, "GET", f"/audit-records/{record.pk}", admin_token).json()
    assert fetched["hash"] == record.hash
    assert fetched["after"]["time_zone"] == "Europe/Vienna"


def test_patching_nothing_or_the_same_values_writes_no_record(
    client: Client, org: Organization, admin_member: Membership, admin_token: str
) -> None:
    before = AuditRecord.objects.count()
    assert call(client, "PATCH", "/organizations/current", admin_token, {}).status_code == 200
    assert call(client, "PATCH", "/organizations/current", admin_token, {"name": org.name}).status_code == 200
    roles = {"roles": ["admin"]}
    assert call(client, "PATCH", f"/memberships/{admin_member.pk}", admin_token, roles).status_code == 200
    assert AuditRecord.objects.count() == before


def test_an_unknown_time_zone_is_refused_by_the_action(client: Client, admin_token: str) -> None:
    response = call(client, "PATCH", "/organizations/current", admin_token, {"time_zone": "Mars/Olympus"})
    body = assert_problem(response, 422)
    assert locations(body) == [["body", "time_zone"]]
    assert "Mars/Olympus" in body["detail"]


def test_inviting_a_member_is_audited_and_a_second_invitation_is_refused(
    client: Client, org: Organization, admin_token: str
) -> None:
    payload = {"email": " Erika.Muster@Example.com ", "roles": ["buddy", "buddy"]}
    response = call(client, "POST", "/memberships", admin_token, payload)
    assert response.status_code == 202, response.content
    created = response.json()
    assert created["email"] == "erika.muster@example.com"
    assert created["roles"] == ["buddy"]
    assert created["status"] == "pending"
    record = _last_record(org)
    assert (record.action, record.object_id) == ("invitation.sent", str(created["id"]))

    again = call(
        client, "POST", "/memberships", admin_token, {**payload, "email": "ERIKA.muster@example.com"}
    )
    body = assert_problem(again, 422)
    assert locations(body) == [["body", "email"]]
    assert "erika.muster@example.com" in body["detail"]
    assert _last_record(org).pk == record.pk


def test_a_new_person_gets_the_invitation_after_the_commit(
    client: Client, admin_token: str, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    payload = {"email": "neu@example.com", "roles": ["ambassador"]}
    with django_capture_on_commit_callbacks(execute=True):
        response = call(client, "POST", "/memberships", admin_token, payload)
    assert response.status_code == 202
    assert [message.to for message in mailoutbox] == [["neu@example.com"]]


@pytest.mark.parametrize("email", ["no-at-sign", "@", "a@b", "a b@example.com", "İ" * 200 + "@example.com"])
def test_it_refuses_an_invalid_email_address(client: Client, admin_token: str, email: str) -> None:
    payload = {"email": email, "roles": ["buddy"]}
    body = assert_problem(call(client, "POST", "/memberships", admin_token, payload), 422)
    assert locations(body) == [["body", "email"]]


def test_the_organization_chooses_no_name_for_the_person(client: Client, admin_token: str) -> None:
    payload = {"email": "a@example.com", "full_name": "Vom Arbeitgeber gewählt", "roles": ["buddy"]}
    body = assert_problem(call(client, "POST", "/memberships", admin_token, payload), 422)
    assert locations(body) == [["body", "full_name"]]


def test_patching_a_membership_changes_roles_and_activity_through_actions(
    client: Client, org: Organization, admin_token: str
) -> None:
    member = make_member(org, ["ambassador"])
    response = call(
        client, "PATCH", f"/memberships/{member.pk}", admin_token, {"roles": ["buddy", "auditor"]}
    )
    assert response.status_code == 200
    assert response.json()["roles"] == ["auditor", "buddy"]
    assert _last_record(org).action == "member.roles_changed"
    response = call(client, "PATCH", f"/memberships/{member.pk}", admin_token, {"is_active": False})
    assert response.json()["is_active"] is False
    assert _last_record(org).action == "member.deactivated"
    response = call(client, "PATCH", f"/memberships/{member.pk}", admin_token, {"is_active": True})
    assert response.json()["is_active"] is True
    assert _last_record(org).action == "member.activated"


def test_a_refused_part_of_a_patch_undoes_the_rest(
    client: Client, org: Organization, admin_member: Membership, admin_token: str
) -> None:
    make_member(org, ["admin"])
    before = AuditRecord.objects.count()
    payload = {"roles": ["admin", "auditor"], "is_active": False}
    body = assert_problem(call(client, "PATCH", f"/memberships/{admin_member.pk}", admin_token, payload), 422)
    assert body["detail"] == in_language("de", "You cannot deactivate your own membership.")
    admin_member.refresh_from_db()
    assert admin_member.is_active
    assert set(admin_member.role_assignments.values_list("role", flat=True)) == {"admin"}
    assert AuditRecord.objects.count() == before


def test_the_last_active_administrator_keeps_the_role(
    client: Client, org: Organization, admin_member: Membership, admin_token: str
) -> None:
    second = make_member(org, ["admin"])
    actions.set_member_active(admin_member, second, False)  # an inactive administrator does not count
    before = AuditRecord.objects.count()
    response = call(
        client,
        "PATCH",
        f"/memberships/{admin_member.pk}",
        admin_token,
        {"roles": ["quality_officer"]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = assert_problem(response, 422)
    assert body["detail"] == "The organization needs at least one active administrator."
    assert admin_member.role_assignments.filter(role="admin").exists()
    assert AuditRecord.objects.count() == before


def test_writes_with_a_read_token_or_without_capability_leave_no_trace(
    client: Client, org: Organization, admin_member: Membership
) -> None:
    buddy = make_member(org, ["buddy"])
    reader, buddy_token = token_for(admin_member, "read"), token_for(buddy)
    newcomer = {"email": "x@example.com", "roles": ["admin"]}
    attempts = [
        (reader, "POST", "/memberships", newcomer),
        (buddy_token, "POST", "/memberships", newcomer),
        (buddy_token, "PATCH", f"/memberships/{buddy.pk}", {"roles": ["admin"]}),
        (buddy_token, "PATCH", "/organizations/current", {"name": "Gekapert"}),
    ]
    before = AuditRecord.objects.count()
    for token, method, path, payload in attempts:
        assert_problem(call(client, method, path, token, payload), 403)
    assert AuditRecord.objects.count() == before
    assert not Membership.objects.filter(user__email="x@example.com").exists()
    assert set(buddy.role_assignments.values_list("role", flat=True)) == {"buddy"}


# ---------------------------------------------------------------- schema and documentation


def test_the_schema_documents_bearer_auth_and_problems_for_every_operation(client: Client) -> None:
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    scheme = schema["components"]["securitySchemes"]["BearerToken"]
    assert (scheme["type"], scheme["scheme"], scheme["bearerFormat"]) == (
        "http",
        "bearer",
        "rz_<prefix>_<secret>",
    )
    problem_schema = schema["components"]["schemas"]["Problem"]
    assert set(problem_schema["required"]) == {"title", "status", "detail"}
    operations = [(path, method, op) for path, item in schema["paths"].items() for method, op in item.items()]
    assert len(operations) >= 10
    for path, method, operation in operations:
        assert operation["security"] == [{"BearerToken": []}], (method, path)
        codes = {"401", "403", "404", "422"} | ({"400", "415"} if "requestBody" in operation else set())
        for code in codes:
            content = operation["responses"][code]["content"]
            assert content == {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}, (
                method,
                path,
                code,
            )
        for code, response in operation["responses"].items():
            if int(code) >= 400:
                assert list(response["content"]) == [PROBLEM], (method, path, code)


def test_patch_schemas_say_which_fields_refuse_null(client: Client) -> None:
    schemas = client.get(f"{API}/openapi.json").json()["components"]["schemas"]
    patch = schemas["OrganizationPatch"]
    assert patch["additionalProperties"] is False
    assert patch["properties"]["name"]["type"] == "string"
    assert "anyOf" not in patch["properties"]["name"]
    assert "default" not in patch["properties"]["require_two_factor"]


_SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def test_the_docs_page_needs_no_inline_script_under_our_content_security_policy(client: Client) -> None:
    response = client.get(f"{API}/docs")
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    html = response.content.decode()
    scripts = _SCRIPT.findall(html)
    assert scripts
    for attributes in scripts:
        # Either a file of our own origin, or a JSON data block, which browsers never execute.
        assert 'src="/static/' in attributes or 'type="application/json"' in attributes, attributes
    assert "on" + "load=" not in html and "javascript:" not in html
    for path in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert client.get(path).status_code == 200, path


@pytest.mark.browser
def test_the_docs_page_works_in_a_browser_under_our_content_security_policy(live_server: Any) -> None:
    from resonanz.core.tests.test_browser import CHROMIUM, Watch, in_browser

    if not CHROMIUM.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the browser test must run under CI, but Chromium is not installed at {CHROMIUM}")
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")

    def scenario(context: Any) -> tuple[Watch, int, str]:
        watch = Watch()
        watch.attach(context)
        page = context.new_page()
        page.goto(f"{live_server.url}{API}/docs")
        page.wait_for_selector(".opblock")
        page.click(".opblock-summary >> nth=0")
        page.wait_for_selector(".opblock-body")
        return watch, page.locator(".opblock").count(), page.locator(".auth-wrapper").inner_text()

    watch, operations, authorize = in_browser(scenario)
    watch.assert_clean()
    assert operations >= 10
    assert "Authorize" in authorize


def test_no_two_api_schemas_share_a_name() -> None:
    """django-ninja names an OpenAPI component after its class: two apps' ``CheckOut`` classes became one
    component, and one operation then answered with the other's schema (found by the schema fuzz)."""
    from ninja import Schema

    import resonanz.api  # noqa: F401  (every router and its schemas)

    seen: dict[str, set[str]] = {}
    pending = list(Schema.__subclasses__())
    while pending:
        schema = pending.pop()
        pending.extend(schema.__subclasses__())
        if schema.__module__.startswith("resonanz."):
            seen.setdefault(schema.__name__, set()).add(schema.__module__)
    clashes = {name: sorted(modules) for name, modules in seen.items() if len(modules) > 1}
    assert not clashes, f"API schema names used in more than one module: {clashes}"


def test_no_operation_documents_the_same_status_twice() -> None:
    """A ``"200"`` in ``openapi_extra`` beside ninja's default ``200`` gave the served schema two "200" keys;
    Swagger UI's YAML parser then refused the whole schema and the docs page stayed empty."""
    from resonanz.api import api

    twice = [
        f"{method.upper()} {path}"
        for path, operations in api.get_openapi_schema()["paths"].items()
        for method, operation in operations.items()
        if len({str(status) for status in operation.get("responses", {})})
        < len(operation.get("responses", {}))
    ]
    assert not twice, f"status documented twice: {twice}"
