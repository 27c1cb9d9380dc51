"""Memberships are invitations: the person accepts, the organization learns nothing before.

The outside attack this answers: an administrator of another organization posted any address to
``/api/v1/memberships``; the answer (201 with the name, or 422 "enter the name") told who has an
account, the person found the organization in her list without being asked, and an organization could
create an account first and choose the name that later organizations show.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client

from resonanz.core import actions, invitations
from resonanz.core.access import memberships_of
from resonanz.core.actions import invitations as invitation_actions
from resonanz.core.errors import ActionRefused
from resonanz.core.models import AuditRecord, Invitation, InvitationStatus, Membership, Organization, User
from resonanz.core.roles import Role
from resonanz.core.tests.factories import PASSWORD, make_member, make_organization

API = "/api/v1"
NEW_PASSWORD = "Eigenes-Passwort-2026!"


@pytest.fixture
def evil(db: None) -> Membership:
    return make_member(make_organization("Evil Corp"), [Role.ADMIN], full_name="Eve Böse")


@pytest.fixture
def erika(org: Organization) -> Membership:
    return make_member(org, [Role.AMBASSADOR], full_name="Erika Muster", email="erika@muster.example")


def _post_invitation(admin: Membership, email: str, **extra: Any) -> Any:
    _token, plain = actions.create_api_token(admin, name="Skript", scope="write")
    return Client().post(
        f"{API}/memberships",
        data=json.dumps({"email": email, "roles": ["ambassador"], **extra}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {plain}",
    )


def _stable(answer: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value for key, value in answer.items() if key not in ("id", "email", "created_at", "expires_at")
    }


def _link(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://[^/\s]+(/invitations/[^/\s]+/)", str(message.body))
    assert match, message.body
    return match.group(1)


def _invite(admin: Membership, email: str, **extra: Any) -> str:
    """Invite through the action and return the link's path from the e-mail."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        invitation_actions.invite_member(admin, email=email, roles=[Role.AMBASSADOR], **extra)
    return _link(mail.outbox[-1])


# ---------------------------------------------------------------- what the inviting organization learns


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(
    evil: Membership, erika: Membership
) -> None:
    known = _post_invitation(evil, erika.user.email)
    unknown = _post_invitation(evil, "niemand@muster.example")

    assert known.status_code == unknown.status_code == 202
    assert _stable(known.json()) == _stable(unknown.json()) == {"roles": ["ambassador"], "status": "pending"}
    assert "Erika" not in known.content.decode()


def test_the_invited_person_is_no_member_until_she_accepts(evil: Membership, erika: Membership) -> None:
    _post_invitation(evil, erika.user.email)

    assert [m.organization for m in memberships_of(erika.user)] == [erika.organization]
    assert not Membership.objects.filter(organization=evil.organization, user=erika.user).exists()
    listed = Client()
    listed.force_login(erika.user)
    assert "Evil Corp" not in listed.get("/accounts/organizations/").content.decode()


def test_the_organization_sees_the_address_and_status_only(evil: Membership, erika: Membership) -> None:
    _post_invitation(evil, erika.user.email)
    _token, plain = actions.create_api_token(evil, name="Verwalten", scope="write")

    listed = Client().get(f"{API}/invitations", HTTP_AUTHORIZATION=f"Bearer {plain}")

    assert listed.status_code == 200
    (item,) = listed.json()["items"]
    assert item["email"] == erika.user.email and item["status"] == "pending"
    assert "Erika Muster" not in listed.content.decode()


def test_no_organization_chooses_a_name_or_creates_an_account(evil: Membership) -> None:
    refused = _post_invitation(evil, "neu@muster.example", full_name="Von Evil gewählt")
    accepted = _post_invitation(evil, "neu@muster.example")

    assert refused.status_code == 422 and accepted.status_code == 202
    assert not User.objects.filter(email="neu@muster.example").exists()


def test_the_person_gets_no_events_of_an_organization_she_did_not_join(
    evil: Membership, erika: Membership
) -> None:
    _post_invitation(evil, erika.user.email)

    actions.update_profile(erika.user, full_name="Erika Neu", language="de")

    assert not AuditRecord.objects.filter(organization=evil.organization, actor=erika.user).exists()


# ---------------------------------------------------------------- the e-mail and the link


def test_the_mail_names_the_inviting_organization_and_points_at_the_site(
    evil: Membership, settings: Any, mailoutbox: list[Any]
) -> None:
    settings.SITE_URL = "https://resonanz.example.com"

    link = _invite(evil, "neu@muster.example")

    (message,) = mailoutbox
    assert message.to == ["neu@muster.example"]
    assert "Evil Corp" in message.subject and "Evil Corp" in message.body
    assert "https://resonanz.example.com" + link in message.body


def test_a_new_address_chooses_its_own_name_and_password_when_accepting(org: Organization) -> None:
    admin = make_member(org, [Role.ADMIN])
    link = _invite(admin, "neu@muster.example", job_title="Presse")
    client = Client()

    page = client.get(link)
    joined = client.post(
        link,
        {"intent": "join", "full_name": "Nina Neu", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert page.status_code == 200 and org.name in page.content.decode()
    assert joined.status_code == 302 and joined["Location"] == f"/o/{org.slug}/"
    user = User.objects.get(email="neu@muster.example")
    assert user.full_name == "Nina Neu" and user.check_password(NEW_PASSWORD)
    membership = Membership.objects.get(user=user, organization=org)
    assert membership.roles == {Role.AMBASSADOR} and membership.job_title == "Presse"


def test_accepting_takes_title_given_and_family_name_and_the_greeting_uses_the_given_name(
    org: Organization,
) -> None:
    admin = make_member(org, [Role.ADMIN])
    link = _invite(admin, "dr.lang@muster.example")
    client = Client()

    joined = client.post(
        link,
        {
            "intent": "join",
            "title": "Prof. Dr.",
            "given_name": "Eva Maria",
            "family_name": "von Lang",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    assert joined.status_code == 302
    user = User.objects.get(email="dr.lang@muster.example")
    assert (user.full_name, user.given_name, user.family_name) == (
        "Prof. Dr. Eva Maria von Lang",
        "Eva Maria",
        "von Lang",
    )
    assert "Willkommen, Eva Maria" in client.get(joined["Location"]).content.decode()
    assert Invitation.objects.get().status == InvitationStatus.ACCEPTED
    assert client.get(f"/o/{org.slug}/").status_code == 200, "signed in"
    trail = list(AuditRecord.objects.filter(organization=org).values_list("action", flat=True))
    assert trail[-3:] == ["invitation.sent", "invitation.accepted", "member.added"]


def test_a_weak_password_is_refused_and_nothing_is_created(org: Organization) -> None:
    link = _invite(make_member(org, [Role.ADMIN]), "neu@muster.example")

    response = Client().post(
        link, {"intent": "join", "full_name": "Nina Neu", "password1": "kurz", "password2": "kurz"}
    )

    assert response.status_code == 400
    assert not User.objects.filter(email="neu@muster.example").exists()


def test_a_signed_in_person_accepts_and_the_link_works_once(org: Organization, evil: Membership) -> None:
    erika = make_member(make_organization("Heimat GmbH"), [Role.AMBASSADOR], email="erika@muster.example")
    link = _invite(evil, erika.user.email)
    client = Client()
    client.force_login(erika.user)

    accepted = client.post(link, {"intent": "accept"})
    again = client.post(link, {"intent": "accept"})

    assert accepted.status_code == 302
    assert Membership.objects.get(user=erika.user, organization=evil.organization).roles == {Role.AMBASSADOR}
    assert again.status_code == 404
    assert erika.user.full_name == User.objects.get(pk=erika.user.pk).full_name


def test_an_existing_account_is_asked_to_sign_in_not_to_choose_a_name(
    erika: Membership, evil: Membership
) -> None:
    link = _invite(evil, erika.user.email)

    page = Client().get(link).content.decode()
    joined = Client().post(
        link, {"intent": "join", "full_name": "Fremd", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert "/accounts/login/?next=" in page and 'name="full_name"' not in page
    assert joined.status_code == 400
    assert User.objects.get(pk=erika.user.pk).full_name == "Erika Muster"
    assert User.objects.get(pk=erika.user.pk).check_password(PASSWORD)


def test_someone_signed_in_with_another_address_cannot_accept(erika: Membership, evil: Membership) -> None:
    link = _invite(evil, "jemand@muster.example")
    client = Client()
    client.force_login(erika.user)

    client.post(link, {"intent": "accept"})

    assert not Membership.objects.filter(organization=evil.organization, user=erika.user).exists()
    assert Invitation.objects.get().status == InvitationStatus.PENDING


def test_declining_closes_the_invitation_and_is_audited(erika: Membership, evil: Membership) -> None:
    link = _invite(evil, erika.user.email)

    response = Client().post(link, {"intent": "decline"})

    assert response.status_code == 302
    assert Invitation.objects.get().status == InvitationStatus.DECLINED
    assert not Membership.objects.filter(organization=evil.organization, user=erika.user).exists()
    assert AuditRecord.objects.filter(organization=evil.organization, action="invitation.declined").exists()


def test_an_expired_invitation_cannot_be_accepted_and_makes_room_for_a_new_one(
    erika: Membership, evil: Membership
) -> None:
    link = _invite(evil, erika.user.email)
    client = Client()
    client.force_login(erika.user)

    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=invitations.VALID_DAYS, hours=1)):
        assert client.post(link, {"intent": "accept"}).status_code == 404
        invitation_actions.invite_member(evil, email=erika.user.email, roles=[Role.BUDDY])

    statuses = sorted(Invitation.objects.values_list("status", flat=True))
    assert statuses == ["expired", "pending"]


def test_a_second_open_invitation_for_the_same_address_is_refused(evil: Membership) -> None:
    invitation_actions.invite_member(evil, email="neu@muster.example", roles=[Role.BUDDY])

    with pytest.raises(ActionRefused):
        invitation_actions.invite_member(evil, email="NEU@muster.example", roles=[Role.BUDDY])


def test_a_withdrawn_invitation_no_longer_opens(evil: Membership) -> None:
    link = _invite(evil, "neu@muster.example")
    invitation = Invitation.objects.get()
    client = Client()
    client.force_login(evil.user)

    response = client.post(f"/o/{evil.organization.slug}/members/invitations/{invitation.pk}/revoke/")

    assert response.status_code == 302
    assert Client().get(link).status_code == 404
    assert AuditRecord.objects.filter(organization=evil.organization, action="invitation.revoked").exists()


def test_the_members_page_invites_and_lists_the_invitation(org: Organization) -> None:
    admin = make_member(org, [Role.ADMIN])
    client = Client()
    client.force_login(admin.user)

    response = client.post(f"/o/{org.slug}/members/", {"email": "neu@muster.example", "roles": ["buddy"]})
    page = client.get(f"/o/{org.slug}/members/").content.decode()

    assert response.status_code == 302
    assert "neu@muster.example" in page
    assert not User.objects.filter(email="neu@muster.example").exists()


def test_a_wrong_token_finds_nothing(db: None) -> None:
    assert Client().get("/invitations/" + "x" * 43 + "/").status_code == 404
    assert Client().post("/invitations/" + "x" * 500 + "/", {"intent": "accept"}).status_code == 404
