"""Two-factor authentication with an authenticator app (TOTP): set-up, sign-in, replay, switching off."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pyotp
import pytest
import time_machine
from django.test import Client
from pytest_django import Settings

from resonanz.core import actions
from resonanz.core.crypto import decrypt
from resonanz.core.models import AccountEvent, AuditRecord, Membership, Organization, User
from resonanz.core.tests.factories import PASSWORD, make_member
from resonanz.core.views.accounts import SETUP_SECRET
from resonanz.environment import fernet_key

SECURITY = "/accounts/security/"
SECOND_STEP = "/accounts/login/two-factor/"
# At the start of a 30-second TOTP step, so shifting by whole steps stays inside the intended step.
NOW = dt.datetime(2026, 3, 2, 9, 0, 0, tzinfo=dt.UTC)
STEP = dt.timedelta(seconds=30)


@pytest.fixture
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def member(org: Organization) -> Membership:
    return make_member(org, ["ambassador"], full_name="Erika Muster")


def code_now(secret: str) -> str:
    from django.utils import timezone

    return pyotp.TOTP(secret).at(timezone.now())


def set_up_two_factor(client: Client, user: User, next_url: str = "") -> str:
    """Go through the set-up page as the user would; returns the secret shown there."""
    client.force_login(user)
    page = client.get(SECURITY + (f"?next={next_url}" if next_url else ""))
    secret: str = page.context["secret"]
    response = client.post(SECURITY + (f"?next={next_url}" if next_url else ""), {"code": code_now(secret)})
    assert response.status_code == 302, response.content
    return secret


@pytest.fixture
def secured(member: Membership, frozen: time_machine.Traveller) -> str:
    """A member with two-factor authentication on, signed out again, one step after set-up."""
    client = Client()
    secret = set_up_two_factor(client, member.user)
    frozen.shift(STEP)
    return secret


def password_step(client: Client, user: User, next_url: str | None = None) -> Any:
    url = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"email": user.email, "password": PASSWORD})


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# ---------------------------------------------------------------- set-up


def test_the_set_up_page_shows_a_qr_code_as_inline_svg_and_the_key(
    client: Client, member: Membership, frozen: time_machine.Traveller
) -> None:
    client.force_login(member.user)

    response = client.get(SECURITY)

    assert response.status_code == 200
    secret = response.context["secret"]
    assert len(secret) >= 32 and secret.isalnum()
    qr = response.context["qr"]
    assert qr.startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(qr.split(",", 1)[1]).decode("utf-8")
    assert "<svg" in svg and "<path" in svg
    assert qr.encode() in response.content
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    assert grouped.encode() in response.content  # the key to type by hand
    # The secret waiting for confirmation is not kept readable in the session either.
    assert secret not in client.session[SETUP_SECRET]
    assert decrypt(client.session[SETUP_SECRET]) == secret


def test_the_set_up_page_keeps_offering_the_same_key_until_it_is_confirmed(
    client: Client, member: Membership
) -> None:
    client.force_login(member.user)

    first = client.get(SECURITY).context["secret"]
    second = client.get(SECURITY).context["secret"]

    assert first == second


def test_confirming_with_a_code_switches_two_factor_on_and_stores_the_secret_encrypted(
    client: Client, member: Membership, frozen: time_machine.Traveller
) -> None:
    secret = set_up_two_factor(client, member.user)

    user = User.objects.get(pk=member.user.pk)
    assert user.has_two_factor
    assert user.totp_confirmed_at == NOW
    assert secret not in user.totp_secret_encrypted
    assert base64.b32decode(secret) not in base64.urlsafe_b64decode(user.totp_secret_encrypted)
    assert decrypt(user.totp_secret_encrypted) == secret
    assert SETUP_SECRET not in client.session
    assert AccountEvent.objects.filter(user=member.user, action="account.two_factor_enabled").exists()
    assert not AuditRecord.objects.filter(
        organization=member.organization, action__startswith="account."
    ).exists()


def test_a_wrong_code_does_not_switch_two_factor_on(
    client: Client, member: Membership, frozen: time_machine.Traveller
) -> None:
    client.force_login(member.user)
    secret = client.get(SECURITY).context["secret"]
    wrong = "000000" if code_now(secret) != "000000" else "111111"

    response = client.post(SECURITY, {"code": wrong})

    assert response.status_code == 400
    assert response.context["form"].errors["code"]
    assert not User.objects.get(pk=member.user.pk).has_two_factor


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "１２３４５６", "12 34 5"])
def test_malformed_codes_are_refused_without_an_error_page(
    client: Client, member: Membership, code: str
) -> None:
    client.force_login(member.user)
    client.get(SECURITY)

    response = client.post(SECURITY, {"code": code})

    assert response.status_code == 400
    assert not User.objects.get(pk=member.user.pk).has_two_factor


def test_a_code_with_spaces_is_accepted(
    client: Client, member: Membership, frozen: time_machine.Traveller
) -> None:
    client.force_login(member.user)
    secret = client.get(SECURITY).context["secret"]
    code = code_now(secret)

    response = client.post(SECURITY, {"code": f"{code[:3]} {code[3:]}"})

    assert response.status_code == 302
    assert User.objects.get(pk=member.user.pk).has_two_factor


# ---------------------------------------------------------------- signing in with the second step


def test_signing_in_needs_the_second_step(client: Client, member: Membership, secured: str) -> None:
    response = password_step(client, member.user)

    assert response.status_code == 302
    assert response["Location"] == SECOND_STEP
    assert not is_signed_in(client)

    finished = client.post(SECOND_STEP, {"code": code_now(secured)})

    assert finished.status_code == 302
    assert finished["Location"] == "/"
    assert client.session["_auth_user_id"] == str(member.user.pk)


def test_the_second_step_keeps_the_next_address(client: Client, member: Membership, secured: str) -> None:
    password_step(client, member.user, next_url="/accounts/profile/")

    response = client.post(SECOND_STEP, {"code": code_now(secured)})

    assert response["Location"] == "/accounts/profile/"


def test_a_wrong_password_never_reaches_the_second_step(
    client: Client, member: Membership, secured: str
) -> None:
    response = client.post("/accounts/login/", {"email": member.user.email, "password": "falsch-falsch"})

    assert response.status_code == 400
    assert client.get(SECOND_STEP)["Location"] == "/accounts/login/"


def test_the_second_step_offers_a_way_back_to_sign_in(
    client: Client, member: Membership, secured: str
) -> None:
    password_step(client, member.user)

    page = client.get(SECOND_STEP)

    assert page.status_code == 200
    assert b'href="/accounts/login/"' in page.content


def test_the_second_step_without_a_password_sends_back_to_sign_in(client: Client, db: None) -> None:
    response = client.get(SECOND_STEP)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"


def test_a_code_cannot_be_replayed_in_the_same_time_step(member: Membership, secured: str) -> None:
    first, second = Client(), Client()
    password_step(first, member.user)
    password_step(second, member.user)
    code = code_now(secured)

    assert first.post(SECOND_STEP, {"code": code}).status_code == 302
    replay = second.post(SECOND_STEP, {"code": code})

    assert replay.status_code == 400
    assert not is_signed_in(second)


def test_the_code_used_for_set_up_cannot_be_used_to_sign_in(
    member: Membership, frozen: time_machine.Traveller
) -> None:
    secret = set_up_two_factor(Client(), member.user)
    client = Client()
    password_step(client, member.user)

    response = client.post(SECOND_STEP, {"code": code_now(secret)})

    assert response.status_code == 400
    assert not is_signed_in(client)


def test_an_earlier_code_is_refused_once_a_later_one_was_used(
    member: Membership, secured: str, frozen: time_machine.Traveller
) -> None:
    earlier = code_now(secured)
    frozen.shift(STEP)
    first = Client()
    password_step(first, member.user)
    assert first.post(SECOND_STEP, {"code": code_now(secured)}).status_code == 302

    second = Client()
    password_step(second, member.user)
    # Still within the ±1 step window for clock drift, but older than the code already used.
    assert second.post(SECOND_STEP, {"code": earlier}).status_code == 400


def test_a_code_from_the_previous_step_is_accepted_for_clock_drift_but_not_older_ones(
    member: Membership, secured: str, frozen: time_machine.Traveller
) -> None:
    frozen.shift(STEP * 3)
    totp = pyotp.TOTP(secured)
    from django.utils import timezone

    too_old = totp.at(timezone.now() - STEP * 2)
    drifted = totp.at(timezone.now() - STEP)
    client = Client()
    password_step(client, member.user)

    assert client.post(SECOND_STEP, {"code": too_old}).status_code == 400
    assert client.post(SECOND_STEP, {"code": drifted}).status_code == 302


def test_wrong_codes_count_as_failed_logins_and_lock_the_account(
    client: Client, member: Membership, secured: str, settings: Settings
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_LOCKOUT_MINUTES = 15
    password_step(client, member.user)
    wrong = "000000" if code_now(secured) != "000000" else "111111"

    client.post(SECOND_STEP, {"code": wrong})
    assert User.objects.get(pk=member.user.pk).failed_login_count == 1
    client.post(SECOND_STEP, {"code": wrong})
    locking = client.post(SECOND_STEP, {"code": wrong}, HTTP_ACCEPT_LANGUAGE="en")

    assert locking.context["form"].non_field_errors() == [
        "Too many failed attempts. Try again in 15 minutes or reset your password."
    ]
    assert AccountEvent.objects.filter(user=member.user, action="account.locked").count() == 1
    # Locked: the right code does not help either.
    refused = client.post(SECOND_STEP, {"code": code_now(secured)})
    assert refused.status_code == 400
    assert not is_signed_in(client)


def test_the_password_step_does_not_reset_the_failure_count_of_the_code_step(
    client: Client, member: Membership, secured: str, settings: Settings
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 2
    wrong = "000000" if code_now(secured) != "000000" else "111111"
    password_step(client, member.user)
    client.post(SECOND_STEP, {"code": wrong})
    password_step(client, member.user)  # right password again
    client.post(SECOND_STEP, {"code": wrong})

    assert User.objects.get(pk=member.user.pk).locked_until is not None


def test_the_second_step_expires_after_five_minutes(
    client: Client, member: Membership, secured: str, frozen: time_machine.Traveller
) -> None:
    password_step(client, member.user)
    frozen.shift(dt.timedelta(minutes=5, seconds=1))

    response = client.post(SECOND_STEP, {"code": code_now(secured)})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert not is_signed_in(client)
    # The pending sign-in is gone: going back to the second step does not revive it.
    assert client.get(SECOND_STEP)["Location"] == "/accounts/login/"


def test_the_second_step_works_just_before_it_expires(
    client: Client, member: Membership, secured: str, frozen: time_machine.Traveller
) -> None:
    password_step(client, member.user)
    frozen.shift(dt.timedelta(minutes=4, seconds=50))

    assert client.post(SECOND_STEP, {"code": code_now(secured)}).status_code == 302
    assert is_signed_in(client)


def test_an_unreadable_secret_gives_a_message_not_an_error_page(
    client: Client, member: Membership, secured: str, settings: Settings
) -> None:
    password_step(client, member.user)
    settings.RESONANZ_ENCRYPTION_KEYS = [fernet_key()]  # the old key was dropped too early

    response = client.post(SECOND_STEP, {"code": code_now(secured)}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Your code cannot be checked at the moment. Please tell your administrator."
    ]
    assert User.objects.get(pk=member.user.pk).failed_login_count == 0


def test_the_secret_still_works_after_key_rotation(
    client: Client, member: Membership, secured: str, settings: Settings
) -> None:
    settings.RESONANZ_ENCRYPTION_KEYS = [fernet_key(), *settings.RESONANZ_ENCRYPTION_KEYS]
    password_step(client, member.user)

    assert client.post(SECOND_STEP, {"code": code_now(secured)}).status_code == 302


# ---------------------------------------------------------------- switching off


def test_switching_off_needs_a_current_code(
    client: Client, member: Membership, secured: str, frozen: time_machine.Traveller
) -> None:
    client.force_login(member.user)
    wrong = "000000" if code_now(secured) != "000000" else "111111"

    refused = client.post(SECURITY, {"intent": "disable", "code": wrong})

    assert refused.status_code == 302
    user = User.objects.get(pk=member.user.pk)
    assert user.has_two_factor
    assert user.failed_login_count == 1

    client.post(SECURITY, {"intent": "disable", "code": code_now(secured)})

    user = User.objects.get(pk=member.user.pk)
    assert not user.has_two_factor
    assert user.totp_secret_encrypted == ""
    assert AccountEvent.objects.filter(user=member.user, action="account.two_factor_disabled").exists()


def test_switching_off_refuses_a_code_that_was_already_used(
    client: Client, member: Membership, secured: str
) -> None:
    password_step(client, member.user)
    code = code_now(secured)
    client.post(SECOND_STEP, {"code": code})

    client.post(SECURITY, {"intent": "disable", "code": code})

    assert User.objects.get(pk=member.user.pk).has_two_factor


def test_switching_off_needs_a_signed_in_user(client: Client, member: Membership, secured: str) -> None:
    response = client.post(SECURITY, {"intent": "disable", "code": code_now(secured)})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert User.objects.get(pk=member.user.pk).has_two_factor


# ---------------------------------------------------------------- organizations that require it


@pytest.fixture
def strict_org(org: Organization, admin_member: Membership) -> Organization:
    return actions.update_organization(admin_member, require_two_factor=True)


def test_an_organization_requiring_two_factor_sends_members_without_it_to_set_up(
    client: Client, strict_org: Organization, member: Membership
) -> None:
    client.force_login(member.user)
    home = f"/o/{strict_org.slug}/"

    response = client.get(home)

    assert response.status_code == 302
    assert response["Location"] == f"{SECURITY}?next={home}"


def test_after_set_up_the_member_is_let_into_the_organization(
    client: Client, strict_org: Organization, member: Membership, frozen: time_machine.Traveller
) -> None:
    home = f"/o/{strict_org.slug}/"
    client.force_login(member.user)
    setup_url = client.get(home)["Location"]
    secret = client.get(setup_url).context["secret"]

    confirmed = client.post(setup_url, {"code": code_now(secret)})

    assert confirmed.status_code == 302
    assert confirmed["Location"] == home
    assert client.get(home).status_code == 200


def test_the_set_up_page_does_not_follow_a_foreign_next_address(
    client: Client, member: Membership, frozen: time_machine.Traveller
) -> None:
    client.force_login(member.user)
    secret = client.get(SECURITY).context["secret"]

    response = client.post(SECURITY + "?next=https://evil.example/", {"code": code_now(secret)})

    assert response.status_code == 302
    assert response["Location"] == SECURITY


def test_a_member_with_two_factor_goes_straight_into_a_strict_organization(
    client: Client, strict_org: Organization, member: Membership, secured: str
) -> None:
    password_step(client, member.user, next_url=f"/o/{strict_org.slug}/")
    response = client.post(SECOND_STEP, {"code": code_now(secured)}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"/o/{strict_org.slug}/"
