"""The person's own account log: sign-ins and account changes, out of every organization's trail."""

from __future__ import annotations

from django.test import Client

from resonanz.core import account_log, actions
from resonanz.core.models import AccountEvent, AuditRecord, Membership, Organization
from resonanz.core.roles import Role
from resonanz.core.tests.factories import PASSWORD, make_member, make_organization


def _sign_in(email: str, password: str) -> int:
    return Client().post("/accounts/login/", {"email": email, "password": password}).status_code


def test_sign_ins_and_failures_go_to_the_persons_log_and_no_organizations_trail(org: Organization) -> None:
    member = make_member(org, [Role.AMBASSADOR])
    make_member(make_organization("Zweitfirma GmbH"), [Role.BUDDY], email=member.user.email)
    trails_before = AuditRecord.objects.count()

    assert _sign_in(member.user.email, "falsch-falsch") == 400
    assert _sign_in(member.user.email, PASSWORD) == 302

    actions_logged = list(AccountEvent.objects.filter(user=member.user).values_list("action", flat=True))
    assert actions_logged == ["account.sign_in_failed", "account.signed_in"]
    assert AuditRecord.objects.count() == trails_before


def test_a_failed_sign_in_for_an_unknown_address_is_recorded_nowhere(db: None) -> None:
    assert _sign_in("niemand@muster.example", "falsch-falsch") == 400

    assert not AccountEvent.objects.exists() and not AuditRecord.objects.exists()


def test_the_person_sees_her_log_on_her_security_page(org: Organization) -> None:
    member: Membership = make_member(org, [Role.AMBASSADOR], language="en")
    actions.update_profile(member.user, full_name="Erika Neu", language="en")
    client = Client()
    client.force_login(member.user)

    page = client.get("/accounts/security/").content.decode()

    assert 'id="account-events"' in page and "Name changed" in page


def test_the_log_is_a_hash_chain_that_notices_an_edit_or_a_removal(org: Organization) -> None:
    user = make_member(org, [Role.AMBASSADOR]).user
    for _attempt in range(3):
        actions.register_failed_login(user)
    assert account_log.first_break(user) is None

    AccountEvent.objects.filter(user=user, seq=2).update(action="account.signed_in")
    assert account_log.first_break(user) == 2

    AccountEvent.objects.filter(user=user, seq=2).delete()
    assert account_log.first_break(user) == 3
