"""Bodies larger than the largest upload are refused on their Content-Length, before they are read."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from resonanz.core.middleware import MAX_REQUEST_BYTES
from resonanz.core.models import Membership


class _Unreadable:
    """A request body that fails the test when anything reads it."""

    def read(self, *args: Any) -> bytes:
        raise AssertionError("the body was read")

    readline = read


def _post(client: Client, path: str, length: str) -> Any:
    body_stream: dict[str, Any] = {"wsgi.input": _Unreadable()}
    return client.generic(
        "POST",
        path,
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=length,
        **body_stream,
    )


@pytest.mark.parametrize("path", ["/accounts/login/", "/o/any/plan/1/import/"])
def test_a_body_of_300_mb_is_refused_unread_with_a_translated_page(
    client: Client, admin_member: Membership, path: str
) -> None:
    client.force_login(admin_member.user)

    response = _post(client, path, str(300 * 1024 * 1024))

    assert response.status_code == 413
    assert "Die Anfrage ist größer als 11 MB." in response.content.decode()
    assert response["Connection"] == "close"


def test_the_api_refuses_it_as_a_problem(client: Client) -> None:
    response = _post(client, "/api/v1/plan/versions/1/rows", str(MAX_REQUEST_BYTES + 1))

    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("length", ["-1", "12abc", "9" * 40, "²"])
def test_a_length_that_is_no_number_is_a_bad_request(client: Client, length: str) -> None:
    response = _post(client, "/accounts/login/", length)

    assert response.status_code == 400


def test_a_body_within_the_limit_reaches_the_page(client: Client, db: None) -> None:
    response = client.post("/accounts/login/", {"email": "x@example.com", "password": "falsch"})

    assert response.status_code == 400, "the login form's own answer to a wrong password"
    assert 'name="password"' in response.content.decode()


@pytest.mark.parametrize("query", ["q=%00", "q=a%00b", "%00=1", "version=%00"])
def test_a_nul_character_in_the_query_is_a_bad_request(
    client: Client, admin_member: Membership, query: str
) -> None:
    """PostgreSQL cannot compare a NUL: the members search answered 500 there."""
    client.force_login(admin_member.user)

    response = client.get(f"/o/{admin_member.organization.slug}/members/?{query}")

    assert response.status_code == 400
    assert "Die Adresse enthält ein unzulässiges Zeichen." in response.content.decode()
