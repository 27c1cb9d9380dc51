"""The accounts page: company and own accounts, connecting (Bluesky, webhook, OAuth round trips against
the fakes), disconnecting with a confirmation; in German."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.conf import settings as django_settings
from django.test import Client
from mastodon_mock.testing.server import MockServer
from pytest_django import Settings

from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member, make_organization
from resonanz.publishing.actions import accounts as actions
from resonanz.publishing.connectors import mastodon
from resonanz.publishing.connectors.base import Profile
from resonanz.publishing.credentials import Client as OAuthClient
from resonanz.publishing.credentials import client_of, credentials_of
from resonanz.publishing.fakes.linkedin import LinkedInFake
from resonanz.publishing.fakes.x import XFake
from resonanz.publishing.models import AccountKind, AccountStatus, NetworkAccount
from resonanz.publishing.tests.bluesky_pds import BlueskyPds


@pytest.fixture
def manager(org: Organization) -> Membership:
    return make_member(org, ["communications_manager"], full_name="Maria Managerin")


@pytest.fixture
def employee(org: Organization) -> Membership:
    return make_member(org, ["ambassador"], full_name="Emil Eigen")


def _client(member: Membership) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(member.user)
    return client


def _base(member: Membership) -> str:
    return f"/o/{member.organization.slug}/publishing/accounts/"


def _callback(member: Membership) -> str:
    return f"{django_settings.SITE_URL}{_base(member)}oauth/callback/"


def _save(member: Membership, kind: str, identifier: str, name: str) -> NetworkAccount:
    return actions.save_account(
        member,
        kind=kind,
        network="mastodon",
        base_url="https://social.example",
        profile=Profile(identifier=identifier, display_name=name),
        secret="token",
    )


def test_an_employee_sees_only_their_own_accounts_in_german(
    manager: Membership, employee: Membership
) -> None:
    _save(manager, AccountKind.COMPANY, "1", "Firmenkonto")
    _save(employee, AccountKind.PERSONAL, "2", "Emils Konto")

    page = _client(employee).get(_base(employee)).content.decode()

    assert "Meine eigenen Konten" in page
    assert "Emils Konto" in page
    assert "Firmenkonto" not in page
    assert "Webhook" not in page  # company integrations are for account managers


def test_an_account_manager_sees_company_and_employees_accounts(
    manager: Membership, employee: Membership
) -> None:
    _save(manager, AccountKind.COMPANY, "1", "Firmenkonto")
    _save(employee, AccountKind.PERSONAL, "2", "Emils Konto")

    page = _client(manager).get(_base(manager)).content.decode()

    assert "Unternehmenskonten" in page
    assert "Firmenkonto" in page and "Emils Konto" in page and "Emil Eigen" in page


def test_an_expired_account_says_what_to_do(manager: Membership) -> None:
    account = _save(manager, AccountKind.COMPANY, "1", "Firmenkonto")
    NetworkAccount.objects.filter(pk=account.pk).update(status=AccountStatus.EXPIRED)

    page = _client(manager).get(_base(manager)).content.decode()

    assert "muss neu verbunden werden" in page
    assert "Verbinden Sie das Konto unten erneut" in page


def test_a_bluesky_account_is_connected_through_the_form(
    bluesky_pds: BlueskyPds, employee: Membership
) -> None:
    handle, app_password = bluesky_pds.create_account()

    response = _client(employee).post(
        f"{_base(employee)}bluesky/",
        {"kind": "personal", "handle": handle, "app_password": app_password, "server": bluesky_pds.url},
    )

    assert response.status_code == 302
    account = NetworkAccount.objects.get()
    assert (account.kind, account.membership_id) == ("personal", employee.pk)
    page = _client(employee).get(_base(employee)).content.decode()
    assert app_password not in page


def test_a_bluesky_form_with_a_wrong_app_password_shows_the_reason(
    bluesky_pds: BlueskyPds, employee: Membership
) -> None:
    handle, _password = bluesky_pds.create_account()

    response = _client(employee).post(
        f"{_base(employee)}bluesky/",
        {"kind": "personal", "handle": handle, "app_password": "falsch", "server": bluesky_pds.url},
    )

    assert response.status_code == 400
    assert "Bluesky hat diese Angaben nicht akzeptiert" in response.content.decode()


def test_an_employee_cannot_choose_a_company_account(employee: Membership) -> None:
    response = _client(employee).post(
        f"{_base(employee)}bluesky/", {"kind": "company", "handle": "a.test", "app_password": "x"}
    )
    assert response.status_code == 400
    assert not NetworkAccount.objects.exists()


def test_the_webhook_secret_is_shown_once(settings: Settings, manager: Membership) -> None:
    settings.RESONANZ_WEBHOOK_ALLOW_PRIVATE = True  # no DNS in tests
    response = _client(manager).post(f"{_base(manager)}webhook/", {"url": "https://hooks.example/in"})

    assert response.status_code == 200
    secret = credentials_of(NetworkAccount.objects.get()).secret
    assert secret in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert secret not in _client(manager).get(_base(manager)).content.decode()


def test_an_employee_may_not_connect_a_webhook(employee: Membership) -> None:
    assert (
        _client(employee).post(f"{_base(employee)}webhook/", {"url": "https://h.example/"}).status_code == 403
    )


# ---------------------------------------------------------------- OAuth round trips


@pytest.fixture
def linkedin_fake(settings: Settings) -> Iterator[LinkedInFake]:
    with LinkedInFake() as fake:
        settings.RESONANZ_LINKEDIN_CLIENT_ID = "li-client"
        settings.RESONANZ_LINKEDIN_CLIENT_SECRET = "li-client-secret"
        settings.RESONANZ_LINKEDIN_OAUTH_BASE = fake.base_url
        settings.RESONANZ_LINKEDIN_API_BASE = fake.base_url
        yield fake


def _start(
    client: Client, member: Membership, network: str, kind: str, **fields: str
) -> dict[str, list[str]]:
    response = client.post(f"{_base(member)}oauth/", {"network": network, "kind": kind, **fields})
    assert response.status_code == 302, response.content.decode()[:2000]
    return parse_qs(urlsplit(response["Location"]).query)


def test_linkedin_connects_through_the_oauth_round_trip(
    linkedin_fake: LinkedInFake, employee: Membership
) -> None:
    client = _client(employee)
    query = _start(client, employee, "linkedin", "personal")
    assert query["redirect_uri"] == [_callback(employee)]
    code = linkedin_fake.authorize("li-client", _callback(employee))

    response = client.get(f"{_base(employee)}oauth/callback/", {"state": query["state"][0], "code": code})

    assert response.status_code == 302
    account = NetworkAccount.objects.get()
    assert (account.network, account.kind, account.identifier) == (
        "linkedin",
        "personal",
        "urn:li:person:aB3dE5fG7h",
    )
    assert account.display_name == "Jana Beispiel"
    assert account.token_expires_at is not None
    # The state is used once.
    again = client.get(f"{_base(employee)}oauth/callback/", {"state": query["state"][0], "code": code})
    assert again.status_code == 302
    assert NetworkAccount.objects.count() == 1


def _connect_linkedin_page(
    fake: LinkedInFake, manager: Membership, page: str = ""
) -> tuple[Client, list[str]]:
    """A manager connects a LinkedIn company account, granting what resonanz asked for."""
    client = _client(manager)
    query = _start(client, manager, "linkedin", "company", linkedin_page=page)
    code = fake.authorize("li-client", _callback(manager), query["scope"][0])
    client.get(f"{_base(manager)}oauth/callback/", {"state": query["state"][0], "code": code})
    return client, query["scope"][0].split()


def test_a_company_account_on_linkedin_posts_as_the_organization_page(
    linkedin_fake: LinkedInFake, manager: Membership
) -> None:
    client, scopes = _connect_linkedin_page(linkedin_fake, manager)

    assert {"w_organization_social", "r_organization_admin"} <= set(scopes)
    account = NetworkAccount.objects.get()
    assert (account.kind, account.identifier, account.display_name) == (
        "company",
        "urn:li:organization:2414183",
        "Rheinblick Consulting GmbH",
    )
    assert "Rheinblick Consulting GmbH" in client.get(_base(manager)).content.decode()


def test_a_personal_linkedin_account_asks_for_no_page_permissions(
    linkedin_fake: LinkedInFake, employee: Membership
) -> None:
    query = _start(_client(employee), employee, "linkedin", "personal")

    assert query["scope"] == ["openid profile w_member_social"]


def test_a_manager_of_several_pages_names_the_one_to_connect(
    linkedin_fake: LinkedInFake, manager: Membership
) -> None:
    linkedin_fake.member.organizations += ("urn:li:organization:77",)
    linkedin_fake.page_names["urn:li:organization:77"] = "Bergmann Präzisionstechnik GmbH"

    client, _scopes = _connect_linkedin_page(linkedin_fake, manager)

    assert not NetworkAccount.objects.exists()
    page = client.get(_base(manager)).content.decode()
    assert "Sie verwalten mehrere LinkedIn-Seiten" in page
    assert "Bergmann Präzisionstechnik GmbH (77)" in page
    assert len(linkedin_fake.tokens) == 1  # the unused grant was revoked; only the preset token is left

    _connect_linkedin_page(linkedin_fake, manager, page="https://www.linkedin.com/company/77/admin/")

    account = NetworkAccount.objects.get()
    assert (account.identifier, account.display_name) == (
        "urn:li:organization:77",
        "Bergmann Präzisionstechnik GmbH",
    )


def test_a_page_the_member_does_not_manage_is_refused(
    linkedin_fake: LinkedInFake, manager: Membership
) -> None:
    client, _scopes = _connect_linkedin_page(linkedin_fake, manager, page="4711")

    assert not NetworkAccount.objects.exists()
    assert "LinkedIn-Seite 4711" in client.get(_base(manager)).content.decode()


def test_an_unreadable_page_is_refused_before_leaving_for_linkedin(
    linkedin_fake: LinkedInFake, manager: Membership
) -> None:
    response = _client(manager).post(
        f"{_base(manager)}oauth/",
        {"network": "linkedin", "kind": "company", "linkedin_page": "linkedin.com/company/rheinblick"},
    )

    assert response.status_code == 400
    assert "Nummer der Seite" in response.content.decode()


def test_a_callback_with_a_state_from_another_session_connects_nothing(
    linkedin_fake: LinkedInFake, employee: Membership
) -> None:
    query = _start(_client(employee), employee, "linkedin", "personal")
    code = linkedin_fake.authorize("li-client", _callback(employee))

    other = _client(employee)  # the same person, another browser: the state is not in this session
    response = other.get(f"{_base(employee)}oauth/callback/", {"state": query["state"][0], "code": code})

    assert response.status_code == 302
    assert not NetworkAccount.objects.exists()
    page = other.get(_base(employee)).content.decode()
    assert "nicht hier begonnen" in page


def test_a_refused_permission_connects_nothing(linkedin_fake: LinkedInFake, employee: Membership) -> None:
    client = _client(employee)
    query = _start(client, employee, "linkedin", "personal")

    response = client.get(
        f"{_base(employee)}oauth/callback/", {"state": query["state"][0], "error": "user_cancelled_login"}
    )

    assert response.status_code == 302
    assert not NetworkAccount.objects.exists()


def test_x_connects_with_pkce(settings: Settings, manager: Membership) -> None:
    with XFake() as fake:
        settings.RESONANZ_X_CLIENT_ID = "x-client"
        settings.RESONANZ_X_API_BASE = fake.base_url
        client = _client(manager)
        query = _start(client, manager, "x", "company")
        assert query["code_challenge_method"] == ["S256"]
        code = fake.authorize(
            "x-client", _callback(manager), query["code_challenge"][0], tuple(query["scope"][0].split())
        )

        client.get(f"{_base(manager)}oauth/callback/", {"state": query["state"][0], "code": code})

    account = NetworkAccount.objects.get()
    assert (account.network, account.kind) == ("x", "company")
    credentials = credentials_of(account)
    assert credentials.secret and credentials.refresh_secret


def test_a_network_not_set_up_by_the_operator_says_so(settings: Settings, manager: Membership) -> None:
    settings.RESONANZ_X_CLIENT_ID = ""
    page = _client(manager).get(_base(manager)).content.decode()
    assert "X ist auf diesem Server noch nicht eingerichtet" in page
    response = _client(manager).post(f"{_base(manager)}oauth/", {"network": "x", "kind": "company"})
    assert response.status_code == 400


def test_mastodon_registers_once_per_instance_and_connects(
    mastodon_mock_session: MockServer, employee: Membership, org: Organization
) -> None:
    base = mastodon_mock_session.base_url
    httpx.post(f"{base}/api/v1/_mock/reset").raise_for_status()
    client = _client(employee)
    query = _start(client, employee, "mastodon", "personal", instance=base)
    approved = httpx.post(
        f"{base}/oauth/authorize",
        data={"username": "bob", "redirect_uri": _callback(employee), "client_id": query["client_id"][0]},
    )
    code = parse_qs(urlsplit(approved.headers["location"]).query)["code"][0]

    client.get(f"{_base(employee)}oauth/callback/", {"state": query["state"][0], "code": code})

    account = NetworkAccount.objects.get()
    assert (account.network, account.base_url, account.display_name) == ("mastodon", base, "Bob")
    stored_client = client_of(account)
    assert stored_client is not None and stored_client.client_id == query["client_id"][0]
    assert stored_client.scopes == " ".join(mastodon.SCOPES)
    # A colleague on the same instance uses the same registration.
    colleague = make_member(org, ["ambassador"])
    again = _start(_client(colleague), colleague, "mastodon", "personal", instance=base)
    assert again["client_id"] == query["client_id"]

    response = client.post(f"{_base(employee)}{account.pk}/disconnect/")
    assert response.status_code == 302
    assert NetworkAccount.objects.get(pk=account.pk).status == AccountStatus.DISCONNECTED


def test_a_mastodon_client_registered_with_fewer_scopes_is_registered_again(
    mastodon_mock_session: MockServer, employee: Membership, org: Organization
) -> None:
    """A client kept from before ``read:notifications`` was asked for cannot be asked for it: a new one."""
    base = mastodon_mock_session.base_url
    httpx.post(f"{base}/api/v1/_mock/reset").raise_for_status()
    old = actions.save_account(
        employee,
        kind=AccountKind.PERSONAL,
        network="mastodon",
        base_url=base,
        profile=Profile(identifier="1", display_name="Alt"),
        secret="old-token",
        client=OAuthClient("old-client", "old-secret"),
    )
    assert client_of(old) == OAuthClient("old-client", "old-secret", "")

    query = _start(_client(employee), employee, "mastodon", "personal", instance=base)

    assert query["client_id"] != ["old-client"]
    assert query["scope"] == [" ".join(mastodon.SCOPES)] and "read:notifications" in query["scope"][0]


def test_a_mastodon_instance_that_is_not_a_url_is_refused(employee: Membership) -> None:
    response = _client(employee).post(
        f"{_base(employee)}oauth/", {"network": "mastodon", "kind": "personal", "instance": "ftp://x y"}
    )
    assert response.status_code == 400
    assert "Mastodon-Server" in response.content.decode()


# ---------------------------------------------------------------- disconnecting


def test_disconnecting_asks_first_and_tells_what_to_do_at_bluesky(manager: Membership) -> None:
    account = actions.save_account(
        manager,
        kind=AccountKind.COMPANY,
        network="bluesky",
        base_url="https://bsky.social",
        profile=Profile(identifier="did:plc:abc", display_name="Muster GmbH"),
        secret="app-pass",
    )
    client = _client(manager)
    confirm = client.get(f"{_base(manager)}{account.pk}/disconnect/").content.decode()
    assert "App-Passwort" in confirm and NetworkAccount.objects.get().status == AccountStatus.CONNECTED

    client.post(f"{_base(manager)}{account.pk}/disconnect/")

    assert NetworkAccount.objects.get().status == AccountStatus.DISCONNECTED
    assert "App-Passwort" in client.get(_base(manager)).content.decode()


def test_an_employee_does_not_find_a_colleagues_account_nor_another_organizations(
    manager: Membership, employee: Membership, org: Organization
) -> None:
    colleague = make_member(org, ["ambassador"])
    theirs = _save(colleague, AccountKind.PERSONAL, "9", "Fremd")
    other_org = make_organization("Andere AG")
    outsider = make_member(other_org, ["communications_manager"])

    assert _client(employee).get(f"{_base(employee)}{theirs.pk}/disconnect/").status_code == 404
    assert _client(employee).post(f"{_base(employee)}{theirs.pk}/disconnect/").status_code == 404
    assert _client(outsider).get(f"{_base(outsider)}{theirs.pk}/disconnect/").status_code == 404
    assert NetworkAccount.objects.get(pk=theirs.pk).status == AccountStatus.CONNECTED


def test_the_accounts_page_shows_followers_where_the_network_reports_them(manager: Membership) -> None:
    actions.save_account(
        manager,
        kind=AccountKind.COMPANY,
        network="mastodon",
        base_url="https://social.example",
        profile=Profile(identifier="1", display_name="Gezählt", followers_count=12345),
        secret="token",
    )
    _save(manager, AccountKind.COMPANY, "2", "Ungezählt")

    page = _client(manager).get(_base(manager)).content.decode()

    assert "Follower" in page
    assert "12.345" in page, "German thousands separator"
    assert "Laut Netzwerk am" in page
    assert page.count("nicht gemeldet") == 1
