"""E-mail digests of newly offered posts: chosen by the person, due at 07:00 local time, sent once,
listing only what is new, still offered and of their own organization, in their language."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied

from resonanz.advocacy import actions as library
from resonanz.advocacy.models import ShareableItem
from resonanz.advocacy.tests.conftest import approved
from resonanz.core.errors import ActionRefused
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.roles import Role
from resonanz.core.tests.factories import ApiCaller, make_member, make_organization
from resonanz.digests.actions import choose_digest_frequency
from resonanz.digests.actions.sending import send_digest, send_due_digests
from resonanz.digests.models import DigestSubscription, Frequency
from resonanz.digests.schedule import next_due
from resonanz.plan.tests.page_helpers import de, signed_in

pytestmark = pytest.mark.django_db
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
# Wednesday, 4 March 2026, 10:00 in Berlin (09:00 UTC).
WEDNESDAY = dt.datetime(2026, 3, 4, 9, tzinfo=dt.UTC)
Caller = functools.partial(ApiCaller, api="/api/v1/digests", language="de")


def at(day: int, hour: int, month: int = 3) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=BERLIN)


@pytest.fixture
def manager(org: Organization) -> Membership:
    return make_member(org, [Role.COMMUNICATIONS_MANAGER], full_name="Mara Manager")


@pytest.fixture
def ambassador(org: Organization) -> Membership:
    return make_member(org, [Role.AMBASSADOR], full_name="Anna Botschafterin")


def offer(manager: Membership, title: str) -> ShareableItem:
    approver = make_member(manager.organization, [Role.QUALITY_OFFICER])
    post = approved(manager, approver)
    post.title = title
    post.save(update_fields=["title"])
    return library.offer_for_sharing(manager, post)


# ---------------------------------------------------------------- when a digest is due


@pytest.mark.parametrize(
    ("frequency", "after", "due"),
    [
        (Frequency.DAILY, at(4, 6), at(4, 7)),
        (Frequency.DAILY, at(4, 7), at(5, 7)),
        (Frequency.WEEKLY, at(4, 10), at(9, 7)),
        (Frequency.WEEKLY, at(9, 7), at(16, 7)),
        # The clocks go forward in the night to Sunday 29 March: 07:00 is 05:00 UTC from then on.
        (Frequency.DAILY, at(28, 8), dt.datetime(2026, 3, 29, 5, tzinfo=dt.UTC)),
        (Frequency.WEEKLY, at(28, 8), dt.datetime(2026, 3, 30, 5, tzinfo=dt.UTC)),
        (Frequency.OFF, at(4, 10), None),
    ],
)
def test_a_digest_is_due_at_seven_in_the_morning_local_time(
    frequency: str, after: dt.datetime, due: dt.datetime | None
) -> None:
    assert next_due(frequency, after, BERLIN) == due


# ---------------------------------------------------------------- choosing


def test_choosing_sets_the_next_digest_and_is_audited(ambassador: Membership) -> None:
    with time_machine.travel(WEDNESDAY, tick=False):
        subscription = choose_digest_frequency(ambassador, Frequency.WEEKLY)

    assert subscription.next_due_at == at(9, 7)
    record = AuditRecord.objects.filter(action="digests.frequency_chosen").get()
    assert record.after is not None and record.after["frequency"] == "weekly"
    assert record.actor_id == ambassador.user_id

    off = choose_digest_frequency(ambassador, Frequency.OFF)
    assert off.next_due_at is None and DigestSubscription.objects.count() == 1


def test_a_frequency_that_does_not_exist_is_refused_in_german(ambassador: Membership) -> None:
    with pytest.raises(ActionRefused) as refused:
        choose_digest_frequency(ambassador, "hourly")

    assert refused.value.messages == [de("Choose daily, weekly or no e-mails.")]
    assert not DigestSubscription.objects.exists()


def test_the_works_council_has_no_digest(org: Organization) -> None:
    with pytest.raises(PermissionDenied):
        choose_digest_frequency(make_member(org, [Role.WORKS_COUNCIL]), Frequency.DAILY)


# ---------------------------------------------------------------- sending


def test_a_digest_lists_what_is_new_once_and_only_then(manager: Membership, ambassador: Membership) -> None:
    with time_machine.travel(at(2, 12), tick=False):
        offer(manager, "Alt: vor der Wahl angeboten")
        choose_digest_frequency(ambassador, Frequency.DAILY)
    with time_machine.travel(at(2, 15), tick=False):
        offer(manager, "Neue Studie 2026")
        withdrawn = offer(manager, "Zurückgezogen")
        library.withdraw_from_library(manager, withdrawn)
    with time_machine.travel(at(2, 16), tick=False):
        other = make_organization("Andere GmbH")
        offer(make_member(other, [Role.COMMUNICATIONS_MANAGER]), "Fremder Beitrag")

    assert send_due_digests(at(3, 6).astimezone(dt.UTC)) == 0, "not due before seven"
    assert send_due_digests(at(3, 7)) == 1
    assert send_due_digests(at(3, 7) + dt.timedelta(minutes=30)) == 0, "a re-run sends nothing twice"

    (sent,) = mail.outbox
    assert sent.to == [ambassador.user.email]
    assert sent.subject.startswith("1 neuer Beitrag zum Teilen")
    assert "Neue Studie 2026" in sent.body
    for absent in ("Alt: vor der Wahl angeboten", "Zurückgezogen", "Fremder Beitrag"):
        assert absent not in sent.body

    with time_machine.travel(at(3, 9), tick=False):
        offer(manager, "Am nächsten Tag")
    assert send_due_digests(at(4, 7)) == 1
    assert "Am nächsten Tag" in mail.outbox[1].body and "Neue Studie 2026" not in mail.outbox[1].body


def test_without_anything_new_no_mail_goes_out_but_the_next_digest_moves_on(ambassador: Membership) -> None:
    with time_machine.travel(at(2, 12), tick=False):
        choose_digest_frequency(ambassador, Frequency.DAILY)

    assert send_due_digests(at(3, 7)) == 0
    assert not mail.outbox
    assert DigestSubscription.objects.get().next_due_at == at(4, 7)


def test_someone_who_may_no_longer_share_gets_nothing(manager: Membership, org: Organization) -> None:
    colleague = make_member(org, [Role.AMBASSADOR])
    with time_machine.travel(at(2, 12), tick=False):
        choose_digest_frequency(colleague, Frequency.DAILY)
        offer(manager, "Neue Studie 2026")
    Membership.objects.filter(pk=colleague.pk).update(is_active=False)

    assert send_due_digests(at(3, 7)) == 0
    assert not mail.outbox


def test_the_digest_is_in_the_recipients_language(manager: Membership, org: Organization) -> None:
    reader = make_member(org, [Role.AMBASSADOR], language="en")
    with time_machine.travel(at(2, 12), tick=False):
        choose_digest_frequency(reader, Frequency.DAILY)
    with time_machine.travel(at(2, 13), tick=False):
        offer(manager, "Neue Studie 2026")
        offer(manager, "Sommerfest")

    send_due_digests(at(3, 7))

    assert mail.outbox[0].subject.startswith("2 new posts to share")
    assert "these posts were newly offered for sharing" in mail.outbox[0].body


def test_a_failed_send_gives_the_digest_back_for_the_next_run(
    manager: Membership, ambassador: Membership, monkeypatch: Any
) -> None:
    with time_machine.travel(at(2, 12), tick=False):
        choose_digest_frequency(ambassador, Frequency.DAILY)
    with time_machine.travel(at(2, 13), tick=False):
        offer(manager, "Neue Studie 2026")

    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError("mail server down")

    monkeypatch.setattr("resonanz.digests.actions.sending.send_mail", broken)
    assert send_due_digests(at(3, 7)) == 0
    assert DigestSubscription.objects.get().next_due_at == at(3, 7)

    monkeypatch.undo()
    assert send_due_digests(at(3, 8)) == 1
    assert "Neue Studie 2026" in mail.outbox[0].body


# ---------------------------------------------------------------- page and API


def test_the_page_saves_a_choice_and_refuses_a_made_up_one(ambassador: Membership) -> None:
    client = signed_in(ambassador)
    url = f"/o/{ambassador.organization.slug}/digests/"

    assert client.get(url).status_code == 200
    assert client.post(url, {"frequency": "weekly"}).status_code == 302
    assert DigestSubscription.objects.get().frequency == Frequency.WEEKLY
    refused = client.post(url, {"frequency": "hourly"})
    assert refused.status_code == 400
    assert DigestSubscription.objects.get().frequency == Frequency.WEEKLY


def test_the_page_is_not_found_for_another_organization(ambassador: Membership) -> None:
    outsider = make_member(make_organization("Andere GmbH"), [Role.AMBASSADOR])

    assert signed_in(outsider).get(f"/o/{ambassador.organization.slug}/digests/").status_code == 404


def test_the_api_reads_and_changes_ones_own_digest(ambassador: Membership) -> None:
    caller = Caller(ambassador)

    assert caller.get("/me").json() == {"frequency": "off", "next_due_at": None, "last_sent_at": None}
    changed = caller.send("put", "/me", {"frequency": "daily"})
    assert changed.status_code == 200 and changed.json()["frequency"] == "daily"
    refused = caller.send("put", "/me", {"frequency": "hourly"})
    assert refused.status_code == 422
    assert DigestSubscription.objects.get().frequency == Frequency.DAILY


def test_a_read_token_reads_ones_own_digest_but_cannot_change_it(ambassador: Membership) -> None:
    choose_digest_frequency(ambassador, Frequency.WEEKLY)
    reader = Caller(ambassador, scope="read")

    read = reader.get("/me")
    assert read.status_code == 200, read.content
    assert read.json()["frequency"] == "weekly"
    assert reader.send("put", "/me", {"frequency": "daily"}).status_code == 403
    assert DigestSubscription.objects.get().frequency == Frequency.WEEKLY


def test_two_workers_with_the_same_due_digest_send_it_once(
    manager: Membership, ambassador: Membership
) -> None:
    with time_machine.travel(at(2, 12), tick=False):
        choose_digest_frequency(ambassador, Frequency.DAILY)
    with time_machine.travel(at(2, 13), tick=False):
        offer(manager, "Neue Studie 2026")
    first, second = DigestSubscription.objects.get(), DigestSubscription.objects.get()

    assert send_digest(first, at(3, 7)) is True
    assert send_digest(second, at(3, 7)) is False, "the second worker's claim finds the digest moved on"
    assert len(mail.outbox) == 1
