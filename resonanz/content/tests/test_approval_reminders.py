"""Reminders of overdue approval: to those who may decide, in their language, at most once a day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from resonanz.content.actions import approval as actions
from resonanz.content.actions.approval_reminders import send_approval_reminders
from resonanz.content.approval import is_overdue
from resonanz.content.models import Post, PostStatus
from resonanz.content.tests.factories import make_post
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.tests.factories import make_member


@pytest.fixture
def author(org: Organization) -> Membership:
    return make_member(org, ["communications_manager"], email="autorin@muster.example")


@pytest.fixture
def approvers(org: Organization) -> list[Membership]:
    return [
        make_member(org, ["quality_officer"], email="qualitaet@muster.example", language="de"),
        make_member(org, ["communications_manager"], email="kommunikation@muster.example", language="en"),
    ]


def _waiting(author: Membership, hours: float, **fields: Any) -> Post:
    post = make_post(author, title="Messe 2027", **fields)
    Post.objects.filter(pk=post.pk).update(updated_at=timezone.now() - dt.timedelta(hours=hours))
    return Post.objects.get(pk=post.pk)


def test_a_post_waiting_longer_than_its_policy_is_overdue(author: Membership) -> None:
    now = timezone.now()
    assert is_overdue(_waiting(author, 49), now)
    assert not is_overdue(_waiting(author, 47), now)
    assert not is_overdue(_waiting(author, 100, status=PostStatus.DRAFT), now)


def test_overdue_posts_remind_each_approver_but_not_the_author(
    author: Membership, approvers: list[Membership], org: Organization
) -> None:
    make_member(org, ["ambassador"], email="botschafter@muster.example")
    _waiting(author, 49)

    sent = send_approval_reminders()

    assert sent == 2
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "kommunikation@muster.example",
        "qualitaet@muster.example",
    ]
    assert AuditRecord.objects.filter(action="content.approval_reminder_sent").count() == 1


def test_reminders_are_written_in_each_approvers_language(
    author: Membership, approvers: list[Membership]
) -> None:
    _waiting(author, 49)

    send_approval_reminders()

    by_address = {message.to[0]: message for message in mail.outbox}
    german = by_address["qualitaet@muster.example"]
    english = by_address["kommunikation@muster.example"]
    assert "wartet auf Ihre Freigabe" in german.subject
    assert "Messe 2027" in german.body and "Stunden" in german.body
    assert "is waiting for your approval" in english.subject


def test_a_reminder_goes_out_once_a_day(author: Membership, approvers: list[Membership]) -> None:
    _waiting(author, 49)
    now = timezone.now()

    assert send_approval_reminders(now) == 2
    assert send_approval_reminders(now + dt.timedelta(hours=1)) == 0
    assert send_approval_reminders(now + dt.timedelta(hours=23)) == 0
    assert len(mail.outbox) == 2

    assert send_approval_reminders(now + dt.timedelta(hours=25)) == 2
    assert len(mail.outbox) == 4


def test_a_post_within_its_time_is_not_reminded_about(
    author: Membership, approvers: list[Membership]
) -> None:
    _waiting(author, 47)

    assert send_approval_reminders() == 0
    assert mail.outbox == []


def test_the_channel_or_default_policy_sets_the_wait(author: Membership, approvers: list[Membership]) -> None:
    actions.set_approval_policy(approvers[0], None, 1, 2)
    _waiting(author, 3)

    assert send_approval_reminders() == 2


def test_someone_who_approved_already_is_not_reminded(
    author: Membership, approvers: list[Membership]
) -> None:
    actions.set_approval_policy(approvers[0], None, 2, 48)
    post = _waiting(author, 10)
    actions.approve_post(approvers[0], post)
    Post.objects.filter(pk=post.pk).update(updated_at=timezone.now() - dt.timedelta(hours=49))

    assert send_approval_reminders() == 1
    assert mail.outbox[0].to == ["kommunikation@muster.example"]


def test_a_failed_send_gives_the_claim_back(
    author: Membership, approvers: list[Membership], monkeypatch: pytest.MonkeyPatch
) -> None:
    post = _waiting(author, 49)

    def fail(*args: Any, **kwargs: Any) -> None:
        raise OSError("mail server down")

    monkeypatch.setattr("resonanz.content.actions.approval_reminders.send_mail", fail)
    assert send_approval_reminders() == 0
    assert Post.objects.get(pk=post.pk).reminded_at is None

    monkeypatch.undo()
    assert send_approval_reminders() == 2
