"""The redirect when things go wrong: a database that cannot be reached, forged X-Forwarded-For headers,
the change of day in the click log, and a hash prepared once per salt that matches HMAC."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from unittest import mock

import pytest
import time_machine
from django.db import OperationalError, connection
from django.test import override_settings

from resonanz.core.client_address import ClientAddress
from resonanz.links import hot
from resonanz.links.clicklog import MICROS_PER_DAY, ClickLine, ClickLog, log_started_day
from resonanz.links.hot import Redirector
from resonanz.links.models import TrackedLink
from resonanz.links.tests.clicking import call, make_redirector
from resonanz.links.visitors import SaltedHasher, visitor_hash


def logged(folder: Path) -> list[ClickLine]:
    return [
        ClickLine.decode(line)
        for path in sorted(folder.glob("*.log"))
        for line in path.read_bytes().splitlines()
    ]


def test_a_database_error_in_the_lookup_gives_a_small_503_page_and_records_nothing(
    redirector: Redirector, link: TrackedLink, log_folder: Path
) -> None:
    # The redirect closes the broken connection; here that would end the test's transaction too.
    with (
        mock.patch.object(hot, "lookup", side_effect=OperationalError("connection lost")) as lookup,
        mock.patch.object(connection, "close") as close,
    ):
        answer = call(redirector, f"/r/{link.code}", accept_language="de")

    assert lookup.call_count == 2 and close.call_count == 1  # once more on a fresh connection, then 503
    assert answer.status == 503
    assert answer.headers["Retry-After"] == "30"
    assert answer.headers["Content-Type"] == "text/html; charset=utf-8"
    page = answer.body.decode()
    assert "Dieser Link kann gerade nicht geöffnet werden" in page
    assert "Traceback" not in page and "OperationalError" not in page and len(answer.body) < 2000
    assert logged(log_folder) == []
    # The failure is not cached: once the database answers again, so does the link.
    assert call(redirector, f"/r/{link.code}").status == 302
    assert len(logged(log_folder)) == 1


def test_a_database_error_on_a_single_try_is_retried_on_a_fresh_connection(
    redirector: Redirector, link: TrackedLink, log_folder: Path
) -> None:
    real = hot.lookup
    with (
        mock.patch.object(hot, "lookup", side_effect=[OperationalError("gone"), real(link.code)]),
        mock.patch.object(connection, "close") as close,
    ):
        answer = call(redirector, f"/r/{link.code}")

    assert answer.status == 302 and len(logged(log_folder)) == 1 and close.call_count == 1


def test_when_the_day_s_salt_cannot_be_read_the_answer_is_503_and_nothing_is_logged(
    redirector: Redirector, link: TrackedLink, log_folder: Path
) -> None:
    with mock.patch("resonanz.links.visitors._stored_salt", side_effect=OperationalError("locked")):
        answer = call(redirector, f"/r/{link.code}", accept_language="en")

    assert answer.status == 503 and b"cannot be followed right now" in answer.body
    assert logged(log_folder) == []
    assert call(redirector, f"/r/{link.code}").status == 302  # the next request reads the salt again


def test_a_log_that_cannot_be_written_gives_503(redirector: Redirector, link: TrackedLink) -> None:
    with mock.patch("resonanz.links.clicklog.os.write", side_effect=OSError(28, "No space left on device")):
        answer = call(redirector, f"/r/{link.code}")

    assert answer.status == 503


def test_a_head_request_does_not_need_the_salt(redirector: Redirector, link: TrackedLink) -> None:
    with mock.patch("resonanz.links.visitors._stored_salt", side_effect=OperationalError("locked")):
        assert call(redirector, f"/r/{link.code}", method="HEAD").status == 302


def hash_of(folder: Path) -> str:
    return logged(folder)[-1].visitor_hash


@pytest.mark.parametrize("forged", ["198.51.100.99", "198.51.100.99, 10.0.0.1", "127.0.0.1", "garbage"])
def test_a_forged_x_forwarded_for_from_an_untrusted_client_does_not_change_the_hash(
    redirector: Redirector, link: TrackedLink, log_folder: Path, forged: str
) -> None:
    call(redirector, f"/r/{link.code}", address="203.0.113.7")
    plain = hash_of(log_folder)

    call(redirector, f"/r/{link.code}", address="203.0.113.7", x_forwarded_for=forged)

    assert hash_of(log_folder) == plain


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8", "::1"])
def test_behind_a_trusted_proxy_the_address_it_added_is_the_visitor(
    link: TrackedLink, log_folder: Path
) -> None:
    redirector = make_redirector(log_folder)
    try:
        call(redirector, f"/r/{link.code}", address="198.51.100.23")
        direct = hash_of(log_folder)
        # The proxy appends the address it saw; what the client sent in front of it does not count.
        for forwarded in ("198.51.100.23", "1.2.3.4, 198.51.100.23", "9.9.9.9,198.51.100.23, 10.1.2.3"):
            call(redirector, f"/r/{link.code}", address="10.0.0.5", x_forwarded_for=forwarded)
            assert hash_of(log_folder) == direct, forwarded
        call(redirector, f"/r/{link.code}", address="10.0.0.5", x_forwarded_for="198.51.100.24")
        assert hash_of(log_folder) != direct
    finally:
        redirector.log.close()


def test_client_address_rules() -> None:
    address = ClientAddress(["10.0.0.0/8", "::1"])

    def seen(remote: str, forwarded: str | None = None) -> str:
        environ = {"REMOTE_ADDR": remote} | ({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {})
        return address(environ)

    assert seen("203.0.113.7", "198.51.100.1") == "203.0.113.7"  # not from a proxy
    assert seen("10.0.0.5") == "10.0.0.5"  # from the proxy, without the header
    assert seen("::1", "2001:db8::1") == "2001:db8::1"
    assert seen("10.0.0.5", "not an address") == "10.0.0.5"
    assert seen("10.0.0.5", "198.51.100.1:443") == "10.0.0.5"  # a port is not an address
    assert seen("10.0.0.5", "10.0.0.7, 10.0.0.8") == "10.0.0.5"  # only proxies: the nearest one
    assert seen("10.0.0.5", "1.1.1.1," * 100_000 + "198.51.100.1") == "198.51.100.1"  # bounded work
    assert (
        ClientAddress([])({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}) == "127.0.0.1"
    )


def test_the_prepared_hasher_equals_hmac_of_the_salt() -> None:
    for size in (16, 32, 64, 65, 100):
        salt = secrets.token_bytes(size)
        hasher = SaltedHasher(salt)
        for address, agent in (("198.51.100.1", "desktop"), ("2001:db8::1", "mobile"), ("", "bot")):
            assert hasher(address, agent) == visitor_hash(salt, address, agent)


def test_the_click_log_starts_a_new_file_each_utc_day_and_keeps_the_old_one_writable(tmp_path: Path) -> None:
    log = ClickLog(tmp_path)
    day = dt.date(2027, 3, 1)
    number = (day - dt.date(1970, 1, 1)).days
    try:
        with time_machine.travel(dt.datetime(2027, 3, 1, 23, 59, tzinfo=dt.UTC)):
            log.write(b"first\n", number)
            old_fd = log._fd
        with time_machine.travel(dt.datetime(2027, 3, 2, 0, 0, 1, tzinfo=dt.UTC)):
            log.write(b"second\n", number + 1)
        os.write(old_fd, b"late\n")  # a thread that took the old descriptor before the change
        first, second = sorted(tmp_path.glob("*.log"))
        assert first.read_bytes() == b"first\nlate\n" and second.read_bytes() == b"second\n"
        assert (log_started_day(first.name), log_started_day(second.name)) == (day, dt.date(2027, 3, 2))
        with time_machine.travel(dt.datetime(2027, 3, 3, 0, 0, 1, tzinfo=dt.UTC)):
            log.write(b"third\n", number + 2)
        with pytest.raises(OSError):
            os.fstat(old_fd)  # the file of two days ago is closed
    finally:
        log.close()
    assert MICROS_PER_DAY == 86_400 * 1_000_000
