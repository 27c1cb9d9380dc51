"""Signing in and out, lock-outs, password reset by e-mail, the profile and the language switch."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import trans_real
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from resonanz.core import actions
from resonanz.core.models import AccountEvent, AuditRecord, Membership, Organization, User
from resonanz.core.tests.factories import PASSWORD, make_member, make_organization

LOGIN = "/accounts/login/"
WRONG = "E-mail address or password is wrong."
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def member(org: Organization) -> Membership:
    return make_member(org, ["ambassador"], full_name="Erika Muster", language="de")


@pytest.fixture
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def sign_in(client: Client, email: str, password: str, next_url: str | None = None, **headers: Any) -> Any:
    url = LOGIN if next_url is None else f"{LOGIN}?next={next_url}"
    return client.post(url, {"email": email, "password": password}, **headers)


def form_errors(response: Any) -> list[str]:
    return [str(error) for error in response.context["form"].non_field_errors()]


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def unknown_address() -> str:
    # Unique per test: with Redis as the cache, the counter for an address outlives the test.
    return f"niemand-{uuid.uuid4().hex[:10]}@example.org"


# ---------------------------------------------------------------- signing in


def test_the_login_page_is_shown(client: Client) -> None:
    response = client.get(LOGIN)

    assert response.status_code == 200
    assert b'name="email"' in response.content and b'name="password"' in response.content


def test_it_signs_in_with_e_mail_and_password_in_any_letter_case(client: Client, member: Membership) -> None:
    response = sign_in(client, member.user.email.upper(), PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(member.user.pk)


def test_it_refuses_a_wrong_password_with_a_translated_message_and_counts_it(
    client: Client, member: Membership
) -> None:
    response = sign_in(client, member.user.email, "falsch-falsch-falsch", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert form_errors(response) == [WRONG]
    assert response["Content-Language"] == "en"
    assert not is_signed_in(client)
    member.user.refresh_from_db()
    assert member.user.failed_login_count == 1


def test_the_wrong_password_message_follows_the_visitors_language(client: Client, member: Membership) -> None:
    response = sign_in(client, member.user.email, "falsch-falsch-falsch", HTTP_ACCEPT_LANGUAGE="de")

    with translation.override("de"):
        expected = translation.gettext(WRONG)
    assert response["Content-Language"] == "de"
    assert form_errors(response) == [expected]


def test_an_unknown_address_gets_the_same_answer_as_a_wrong_password(
    client: Client, member: Membership
) -> None:
    known = sign_in(client, member.user.email, "falsch-falsch-falsch")
    unknown = sign_in(client, unknown_address(), "falsch-falsch-falsch")

    assert unknown.status_code == known.status_code == 400
    assert form_errors(unknown) == form_errors(known)


def test_an_inactive_account_cannot_sign_in(client: Client, member: Membership) -> None:
    User.objects.filter(pk=member.user.pk).update(is_active=False)

    response = sign_in(client, member.user.email, PASSWORD, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert form_errors(response) == [WRONG]
    assert not is_signed_in(client)


def test_an_incomplete_form_is_refused_without_counting(client: Client, member: Membership) -> None:
    response = client.post(LOGIN, {"email": member.user.email, "password": ""})

    assert response.status_code == 400
    assert response.context["form"].errors["password"]
    member.user.refresh_from_db()
    assert member.user.failed_login_count == 0


def test_a_signed_in_visitor_is_sent_on_from_the_login_page(client: Client, member: Membership) -> None:
    client.force_login(member.user)

    assert client.get(LOGIN).status_code == 302


# ---------------------------------------------------------------- lock-out


def test_it_locks_the_account_after_the_failure_limit_and_audits_it(
    client: Client, member: Membership, settings: Settings, frozen: time_machine.Traveller
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_LOCKOUT_MINUTES = 15
    second_org = make_organization("Zweitfirma GmbH")
    actions.add_member(
        None,
        second_org,
        email=member.user.email,
        full_name="Erika Muster",
        roles=["buddy"],
        send_invitation=False,
    )

    for _attempt in range(2):
        assert form_errors(
            sign_in(client, member.user.email, "falsch-falsch", HTTP_ACCEPT_LANGUAGE="en")
        ) == [WRONG]
    third = sign_in(client, member.user.email, "falsch-falsch", HTTP_ACCEPT_LANGUAGE="en")

    # The attempt that locks the account already says so.
    assert form_errors(third) == ["Too many failed attempts. Try again in 15 minutes or reset your password."]
    member.user.refresh_from_db()
    assert member.user.locked_until == NOW + dt.timedelta(minutes=15)
    # The person's own log holds the lock-out; no organization's trail does, in however many she is.
    locked = AccountEvent.objects.get(user=member.user, action="account.locked")
    assert locked.data == {"until": (NOW + dt.timedelta(minutes=15)).isoformat()}
    assert AccountEvent.objects.filter(user=member.user, action="account.sign_in_failed").count() == 3
    for organization in (member.organization, second_org):
        assert not AuditRecord.objects.filter(
            organization=organization, action__startswith="account."
        ).exists()


def test_by_default_the_fifth_failure_locks_the_account_for_fifteen_minutes(
    client: Client, member: Membership, frozen: time_machine.Traveller
) -> None:
    for _attempt in range(4):
        sign_in(client, member.user.email, "falsch-falsch")
    member.user.refresh_from_db()
    assert (member.user.failed_login_count, member.user.locked_until) == (4, None)

    sign_in(client, member.user.email, "falsch-falsch")

    member.user.refresh_from_db()
    assert member.user.locked_until == NOW + dt.timedelta(minutes=15)


def test_a_locked_account_refuses_even_the_right_password_with_a_clear_message(
    client: Client, member: Membership, settings: Settings, frozen: time_machine.Traveller
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_LOCKOUT_MINUTES = 10
    sign_in(client, member.user.email, "falsch-falsch")
    sign_in(client, member.user.email, "falsch-falsch")
    frozen.shift(dt.timedelta(minutes=4, seconds=30))

    response = sign_in(client, member.user.email, PASSWORD, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert form_errors(response) == [
        "Too many failed attempts. Try again in 6 minutes or reset your password."
    ]
    assert not is_signed_in(client)


def test_the_lock_message_counts_a_single_minute_in_the_singular(
    client: Client, member: Membership, settings: Settings, frozen: time_machine.Traveller
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 1
    settings.LOGIN_LOCKOUT_MINUTES = 1

    response = sign_in(client, member.user.email, "falsch-falsch", HTTP_ACCEPT_LANGUAGE="en")

    assert form_errors(response) == [
        "Too many failed attempts. Try again in 1 minute or reset your password."
    ]


def test_after_the_lock_expires_login_works_and_the_counter_resets(
    client: Client, member: Membership, settings: Settings, frozen: time_machine.Traveller
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_LOCKOUT_MINUTES = 15
    for _attempt in range(3):
        sign_in(client, member.user.email, "falsch-falsch")
    frozen.shift(dt.timedelta(minutes=15, seconds=1))
    sign_in(client, member.user.email, "noch-einmal-falsch")  # counted afresh after the lock

    response = sign_in(client, member.user.email, PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)
    member.user.refresh_from_db()
    assert member.user.failed_login_count == 0
    assert member.user.locked_until is None


def test_a_successful_login_resets_earlier_failures(
    client: Client, member: Membership, settings: Settings
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    sign_in(client, member.user.email, "falsch-falsch")
    sign_in(client, member.user.email, "falsch-falsch")
    sign_in(client, member.user.email, PASSWORD)
    client.post("/accounts/logout/")

    sign_in(client, member.user.email, "falsch-falsch")
    sign_in(client, member.user.email, "falsch-falsch")

    member.user.refresh_from_db()
    assert member.user.locked_until is None
    assert member.user.failed_login_count == 2


def test_an_unknown_address_is_locked_out_like_an_account_so_lock_outs_reveal_nothing(
    client: Client, member: Membership, settings: Settings, frozen: time_machine.Traveller
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    settings.LOGIN_LOCKOUT_MINUTES = 15
    nobody = unknown_address()

    known = [form_errors(sign_in(client, member.user.email, "falsch-falsch")) for _attempt in range(4)]
    unknown = [form_errors(sign_in(client, nobody, "falsch-falsch")) for _attempt in range(4)]

    assert known == unknown
    assert known[0] != known[2]  # the third attempt reports the lock-out
    frozen.shift(dt.timedelta(minutes=16))
    assert form_errors(sign_in(client, nobody, "falsch-falsch")) == known[0]
    assert not User.objects.filter(email=nobody).exists()


# ---------------------------------------------------------------- where to go after signing in


@pytest.mark.parametrize("next_url", ["/accounts/profile/", "/o/muster/members/?role=buddy"])
def test_it_follows_a_local_next_address(client: Client, member: Membership, next_url: str) -> None:
    response = client.post(
        LOGIN + "?" + "next=" + next_url.replace("?", "%3F").replace("=", "%3D"),
        {"email": member.user.email, "password": PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == next_url


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "http://testserver/accounts/profile/",  # same host, but not a path: still not followed
        "javascript:alert(1)",
        "accounts/profile/",
    ],
)
def test_it_ignores_a_next_address_that_is_not_a_local_path(
    client: Client, member: Membership, next_url: str
) -> None:
    response = client.post(
        LOGIN, {"email": member.user.email, "password": PASSWORD}, QUERY_STRING=f"next={next_url}"
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("home")


# ---------------------------------------------------------------- signing out


def test_signing_out_works_by_post(client: Client, member: Membership) -> None:
    client.force_login(member.user)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert not is_signed_in(client)


def test_signing_out_refuses_get_so_a_link_or_image_cannot_sign_anyone_out(
    client: Client, member: Membership
) -> None:
    client.force_login(member.user)

    response = client.get("/accounts/logout/")

    assert response.status_code == 405
    assert is_signed_in(client)


# ---------------------------------------------------------------- password reset by e-mail


@pytest.fixture
def german_subject(monkeypatch: pytest.MonkeyPatch) -> str:
    """The German subject of the reset mail; planted if the catalogue does not have it yet.

    The test must see the language switch even before the German texts are written.
    """
    msgid = "resonanz: choose your password"
    with translation.override("de"):
        german = translation.gettext(msgid)
    if german == msgid:
        german = "resonanz: Passwort wählen"
        # Django keeps a translation's catalogue private; the test plants one entry in it.
        catalog = trans_real.translation("de")._catalog._catalogs[0]  # type: ignore[attr-defined]
        monkeypatch.setitem(catalog, msgid, german)
    return german


def reset_link(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/password-reset/[^/\s]+/[^/\s]+/)", str(message.body))
    assert match, message.body
    return match.group(1)


def test_the_reset_mail_goes_out_in_the_users_language(
    client: Client, org: Organization, german_subject: str
) -> None:
    german = make_member(org, language="de", full_name="Erika Muster")

    response = client.post(
        "/accounts/password-reset/", {"email": german.user.email}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [german.user.email]
    assert mail.outbox[0].subject == german_subject
    assert "Erika Muster" in mail.outbox[0].body


def test_an_english_user_gets_the_reset_mail_in_english(
    client: Client, org: Organization, german_subject: str
) -> None:
    english = make_member(org, language="en")

    client.post("/accounts/password-reset/", {"email": english.user.email}, HTTP_ACCEPT_LANGUAGE="de")

    assert mail.outbox[0].subject == "resonanz: choose your password"


def test_a_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client: Client, db: None) -> None:
    response = client.post("/accounts/password-reset/", {"email": unknown_address()})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert mail.outbox == []


def test_the_reset_link_sets_a_new_password_and_lifts_a_lock_out(
    client: Client, member: Membership, settings: Settings
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 1
    sign_in(client, member.user.email, "falsch-falsch")
    client.post("/accounts/password-reset/", {"email": member.user.email})
    link = reset_link(mail.outbox[0])

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Neues-Passwort-2026!", "new_password2": "Neues-Passwort-2026!"},
    )

    assert done.status_code == 302
    assert done["Location"] == "/accounts/password-reset/done/"
    assert sign_in(client, member.user.email, "Neues-Passwort-2026!").status_code == 302
    assert AccountEvent.objects.filter(user=member.user, action="account.password_reset").exists()
    assert not AuditRecord.objects.filter(
        organization=member.organization, action="account.password_reset"
    ).exists()
    # The link works once.
    client.post("/accounts/logout/")
    assert client.get(link, follow=True).context["validlink"] is False


@pytest.mark.parametrize(
    ("password", "field"),
    [("kurz", "new_password2"), ("12345678901234", "new_password2"), ("password1234", "new_password2")],
)
def test_the_new_password_is_validated(client: Client, member: Membership, password: str, field: str) -> None:
    client.post("/accounts/password-reset/", {"email": member.user.email})
    form_page = client.get(reset_link(mail.outbox[0]), follow=True)

    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )

    assert response.status_code == 200  # Django re-renders the form
    assert response.context["form"].errors[field]
    member.user.refresh_from_db()
    assert member.user.check_password(PASSWORD)


def test_two_different_new_passwords_are_refused(client: Client, member: Membership) -> None:
    client.post("/accounts/password-reset/", {"email": member.user.email})
    form_page = client.get(reset_link(mail.outbox[0]), follow=True)

    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Neues-Passwort-2026!", "new_password2": "Anderes-Passwort-2026!"},
    )

    assert response.context["form"].errors["new_password2"]
    member.user.refresh_from_db()
    assert member.user.check_password(PASSWORD)


def test_an_invited_person_without_a_password_receives_the_invitation_in_their_language(
    org: Organization, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks, german_subject: str
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invited = actions.add_member(
            None, org, email="neu@muster.example", full_name="Neu Ling", roles=["ambassador"], language="de"
        )

    assert not invited.user.has_usable_password()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == german_subject
    assert reset_link(mail.outbox[0])


# ---------------------------------------------------------------- profile and language


def test_the_profile_saves_name_and_language(client: Client, member: Membership) -> None:
    client.force_login(member.user)

    response = client.post("/accounts/profile/", {"full_name": "  Erika   Mustermann ", "language": "en"})

    assert response.status_code == 302
    member.user.refresh_from_db()
    assert member.user.full_name == "Erika Mustermann"
    assert member.user.language == "en"
    page = client.get("/accounts/profile/")
    assert page["Content-Language"] == "en"
    assert "Your profile has been saved." in [str(m) for m in page.context["messages"]]
    event = AccountEvent.objects.get(user=member.user, action="account.name_changed")
    assert event.data == {"before": "Erika Muster", "name": "Erika Mustermann"}


def test_the_profile_refuses_an_empty_name_or_an_unknown_language(client: Client, member: Membership) -> None:
    client.force_login(member.user)

    response = client.post("/accounts/profile/", {"full_name": "   ", "language": "fr"})

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"given_name", "language"}
    member.user.refresh_from_db()
    assert (member.user.full_name, member.user.language) == ("Erika Muster", "de")


def test_the_profile_needs_a_signed_in_user(client: Client, db: None) -> None:
    response = client.get("/accounts/profile/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/accounts/profile/")


def test_an_anonymous_visitor_switches_language_by_cookie(
    client: Client, db: None, settings: Settings
) -> None:
    response = client.post("/i18n/language/", {"language": "en", "next": "/accounts/login/"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert client.get(LOGIN)["Content-Language"] == "en"
    client.post("/i18n/language/", {"language": "de", "next": "/accounts/login/"})
    assert client.get(LOGIN)["Content-Language"] == "de"


def test_a_signed_in_user_switching_language_keeps_it_with_the_account(
    client: Client, member: Membership
) -> None:
    client.force_login(member.user)

    client.post("/i18n/language/", {"language": "en", "next": "/accounts/profile/"})

    member.user.refresh_from_db()
    assert member.user.language == "en"
    other_browser = Client(HTTP_ACCEPT_LANGUAGE="de")
    other_browser.force_login(member.user)
    assert other_browser.get("/accounts/profile/")["Content-Language"] == "en"


def test_the_language_switch_refuses_unknown_languages_and_foreign_next_addresses(
    client: Client, member: Membership
) -> None:
    client.force_login(member.user)

    response = client.post("/i18n/language/", {"language": "fr", "next": "https://evil.example/"})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    member.user.refresh_from_db()
    assert member.user.language == "de"


def test_the_language_switch_is_post_only(client: Client, db: None) -> None:
    assert client.get("/i18n/language/?language=en").status_code == 405


def test_a_signed_in_user_always_sees_their_own_language(
    client: Client, member: Membership, settings: Settings
) -> None:
    actions.set_language(member.user, "en")
    client.force_login(member.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"

    response = client.get("/accounts/profile/", HTTP_ACCEPT_LANGUAGE="de")

    assert response["Content-Language"] == "en"
    assert b'<html lang="en">' in response.content


def test_signing_in_switches_to_the_users_language(
    client: Client, org: Organization, settings: Settings
) -> None:
    english = make_member(org, language="en")

    response = sign_in(client, english.user.email, PASSWORD, HTTP_ACCEPT_LANGUAGE="de")

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert client.get("/accounts/profile/")["Content-Language"] == "en"


def test_last_login_is_recorded(client: Client, member: Membership, frozen: time_machine.Traveller) -> None:
    sign_in(client, member.user.email, PASSWORD)

    member.user.refresh_from_db()
    assert member.user.last_login == timezone.now()


# ---------------------------------------------------------------- the Django admin signs in through resonanz


@pytest.fixture
def operator(member: Membership) -> User:
    user = member.user
    user.is_superuser = user.is_staff = True
    user.save(update_fields=["is_superuser", "is_staff"])
    return user


def test_the_admin_sends_signing_in_to_resonanz_login_and_back(client: Client, operator: User) -> None:
    response = client.get("/admin/", follow=True)

    assert [url for url, _status in response.redirect_chain] == [
        "/admin/login/?next=/admin/",
        f"{LOGIN}?next=/admin/",
    ]
    signed_in = sign_in(client, operator.email, PASSWORD, next_url="/admin/")
    assert signed_in["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/login/?next=/admin/core/user/")["Location"] == "/admin/core/user/"


def test_the_admin_login_form_cannot_skip_the_lock_out(
    client: Client, operator: User, settings: Settings, frozen: time_machine.Traveller
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 2
    for _attempt in range(3):
        client.post("/admin/login/", {"username": operator.email, "password": "falsch-falsch"})
    operator.refresh_from_db()
    assert operator.failed_login_count == 0, "the admin's own form must not even check passwords"

    sign_in(client, operator.email, "falsch-falsch")
    sign_in(client, operator.email, "falsch-falsch")
    response = client.post("/admin/login/", {"username": operator.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert not is_signed_in(client)
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_the_admin_login_form_cannot_skip_two_factor(client: Client, operator: User) -> None:
    operator.totp_secret_encrypted = "set"  # any value: the password step alone must not sign in
    operator.save(update_fields=["totp_secret_encrypted"])

    client.post("/admin/login/", {"username": operator.email, "password": PASSWORD})

    assert not is_signed_in(client)


# ---------------------------------------------------------------- the reset link: where it points, how often


def test_the_reset_link_points_at_the_site_url_whatever_host_the_request_names(
    client: Client, member: Membership, settings: Settings
) -> None:
    """GIVEN a request that names another port of an allowed host WHEN a reset link is asked for
    THEN the link in the e-mail points at RESONANZ_SITE_URL, not at the host the request named."""
    settings.SITE_URL = "https://resonanz.example.com"
    settings.ALLOWED_HOSTS = ["resonanz.example.com", "127.0.0.1"]

    client.post("/accounts/password-reset/", {"email": member.user.email}, HTTP_HOST="127.0.0.1:6666")

    body = mail.outbox[0].body
    assert "https://resonanz.example.com" + reset_link(mail.outbox[0]) in body
    assert "6666" not in body and "127.0.0.1" not in body


def test_a_reset_is_sent_a_few_times_an_hour_per_address_and_answered_the_same(
    client: Client, member: Membership, frozen: time_machine.Traveller
) -> None:
    from resonanz.core.views.password_reset import LINKS_PER_ADDRESS

    answers = [
        client.post("/accounts/password-reset/", {"email": member.user.email}, REMOTE_ADDR=f"10.0.0.{n}")
        for n in range(LINKS_PER_ADDRESS + 7)
    ]

    assert len(mail.outbox) == LINKS_PER_ADDRESS
    assert {(answer.status_code, answer["Location"]) for answer in answers} == {
        (302, "/accounts/password-reset/sent/")
    }


def test_one_client_gets_a_limited_number_of_reset_mails_across_addresses(
    client: Client, org: Organization
) -> None:
    from resonanz.core.views.password_reset import REQUESTS_PER_CLIENT

    people = [make_member(org) for _person in range(REQUESTS_PER_CLIENT + 3)]

    for person in people:
        client.post("/accounts/password-reset/", {"email": person.user.email}, REMOTE_ADDR="192.0.2.7")
    client.post("/accounts/password-reset/", {"email": people[0].user.email}, REMOTE_ADDR="192.0.2.8")

    assert len(mail.outbox) == REQUESTS_PER_CLIENT + 1, "another client still gets its link"


def test_clients_behind_a_trusted_proxy_are_limited_each_on_their_own(
    client: Client, org: Organization, settings: Settings
) -> None:
    """GIVEN resonanz behind a reverse proxy (every request comes from its address)
    WHEN one client uses up its password-reset requests
    THEN a colleague behind the same proxy still gets a link, and the client cannot escape its limit
    by sending its own X-Forwarded-For past the proxy."""
    from resonanz.core.views.password_reset import REQUESTS_PER_CLIENT

    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    people = [make_member(org) for _person in range(REQUESTS_PER_CLIENT + 2)]

    def ask(person: Membership, forwarded: str) -> None:
        client.post(
            "/accounts/password-reset/",
            {"email": person.user.email},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for person in people[:REQUESTS_PER_CLIENT]:
        ask(person, "192.0.2.7")
    ask(people[-2], "203.0.113.5, 192.0.2.7")  # a made-up address in front of what the proxy saw
    assert len(mail.outbox) == REQUESTS_PER_CLIENT, "the same client: over its limit"
    ask(people[-1], "192.0.2.8")
    assert len(mail.outbox) == REQUESTS_PER_CLIENT + 1, "another client behind the proxy gets its link"


def test_the_limits_keep_no_address_in_clear(client: Client, member: Membership) -> None:
    from django.core.cache import cache

    from resonanz.core import rate_limit

    client.post("/accounts/password-reset/", {"email": member.user.email}, REMOTE_ADDR="192.0.2.9")

    client_key = f"password-reset:client:{rate_limit.client_digest(_request_from('192.0.2.9'))}"
    assert rate_limit.current(client_key) == 1
    assert "192.0.2.9" not in client_key and member.user.email not in client_key
    assert cache.get(rate_limit.PREFIX + f"password-reset:address:{member.user.email}") is None


def _request_from(address: str):  # type: ignore[no-untyped-def]
    from django.test import RequestFactory

    return RequestFactory().get("/", REMOTE_ADDR=address)
