"""The approval pages: awaiting my approval, the panel with its decision form, the rules; in German."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from resonanz.content.actions import approval as actions
from resonanz.content.models import ApprovalPolicy, Post, PostStatus
from resonanz.content.tests.factories import check, make_post
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member


@pytest.fixture
def author(org: Organization) -> Membership:
    return make_member(org, ["communications_manager"], full_name="Anna Autorin")


@pytest.fixture
def approver(org: Organization) -> Membership:
    return make_member(org, ["quality_officer"], full_name="Quentin Qualität", language="de")


def _client(member: Membership) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(member.user)
    return client


def _base(member: Membership) -> str:
    return f"/o/{member.organization.slug}/content/approval/"


def test_the_awaiting_list_shows_overdue_posts_first_in_german(
    author: Membership, approver: Membership
) -> None:
    fresh = make_post(author, title="Frischer Beitrag")
    old = make_post(author, title="Alter Beitrag")
    Post.objects.filter(pk=old.pk).update(updated_at=timezone.now() - dt.timedelta(hours=50))
    Post.objects.filter(pk=fresh.pk).update(updated_at=timezone.now() - dt.timedelta(hours=1))

    page = _client(approver).get(_base(approver)).content.decode()

    assert "Wartet auf meine Freigabe" in page
    assert "überfällig" in page
    assert page.index("Alter Beitrag") < page.index("Frischer Beitrag")


def test_the_author_does_not_see_their_own_post_as_awaiting(author: Membership) -> None:
    make_post(author, title="Mein Beitrag")

    page = _client(author).get(_base(author)).content.decode()

    assert "Mein Beitrag" not in page
    assert "Kein Beitrag wartet auf Ihre Freigabe." in page


def test_an_approver_approves_through_the_panel(author: Membership, approver: Membership) -> None:
    post = make_post(author)
    url = f"{_base(approver)}posts/{post.pk}/"

    panel = _client(approver).get(url).content.decode()
    assert "0 von 1 Freigaben für Revision 1" in panel
    assert 'name="decision"' in panel

    response = _client(approver).post(f"{url}decide/", {"decision": "approve", "comment": ""})
    assert response.status_code == 302
    assert Post.objects.get(pk=post.pk).status == PostStatus.APPROVED


def test_the_approver_sees_the_check_results_of_the_revision_to_approve(
    author: Membership, approver: Membership
) -> None:
    post = make_post(author, checked=False)
    check(post, blocking=1, warnings=2)
    url = f"{_base(approver)}posts/{post.pk}/"

    page = _client(approver).get(url).content.decode()

    assert "Prüfungen" in page
    assert "1 blockierender Befund, 2 Warnungen" in page  # German singular and plural
    assert "verhindert die Freigabe" in page  # the finding's severity
    assert "Die Leitlinie verbietet das Wort" in page  # the translated message, as on the post page
    assert "wurde seitdem geändert" not in page

    Post.objects.filter(pk=post.pk).update(revision=2)  # an edit since the check
    stale = _client(approver).get(url).content.decode()
    assert "Diese Ergebnisse gelten für Revision 1" in stale

    unchecked = make_post(author, checked=False)
    assert (
        "Noch nicht geprüft."
        in _client(approver).get(f"{_base(approver)}posts/{unchecked.pk}/").content.decode()
    )


def test_the_panel_answers_htmx_with_the_fragment(author: Membership, approver: Membership) -> None:
    post = make_post(author)

    response = _client(approver).post(
        f"{_base(approver)}posts/{post.pk}/decide/",
        {"decision": "changes", "comment": "Bitte kürzen."},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="approval-panel",
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith("<section")
    assert "Bitte kürzen." in body
    assert Post.objects.get(pk=post.pk).status == PostStatus.CHANGES_REQUESTED


def test_rejecting_without_a_comment_shows_the_message_on_the_field(
    author: Membership, approver: Membership
) -> None:
    post = make_post(author)

    response = _client(approver).post(f"{_base(approver)}posts/{post.pk}/decide/", {"decision": "reject"})

    assert response.status_code == 400
    assert "Ein Kommentar ist erforderlich." in response.content.decode()
    assert Post.objects.get(pk=post.pk).status == PostStatus.IN_REVIEW


def test_the_author_gets_no_decision_form_and_is_refused(author: Membership) -> None:
    post = make_post(author)
    url = f"{_base(author)}posts/{post.pk}/"

    assert 'name="decision"' not in _client(author).get(url).content.decode()
    response = _client(author).post(f"{url}decide/", {"decision": "approve"})
    assert response.status_code == 400
    assert "jemand anderes entscheiden" in response.content.decode()


@pytest.mark.parametrize("decision", ["", "publish", "x" * 10_000])
def test_odd_decisions_get_a_400(author: Membership, approver: Membership, decision: str) -> None:
    post = make_post(author)

    response = _client(approver).post(f"{_base(approver)}posts/{post.pk}/decide/", {"decision": decision})

    assert response.status_code == 400
    assert Post.objects.get(pk=post.pk).status == PostStatus.IN_REVIEW


def test_an_approver_comments(author: Membership, approver: Membership) -> None:
    post = make_post(author)

    _client(approver).post(f"{_base(approver)}posts/{post.pk}/comment/", {"text": "Schönes Bild"})

    assert post.comments.get().text == "Schönes Bild"


def test_rules_are_set_and_removed_on_the_rules_page(approver: Membership, org: Organization) -> None:
    client = _client(approver)

    response = client.post(
        f"{_base(approver)}rules/set/",
        {"channel": "", "approvers_required": "2", "overdue_after_hours": "24"},
    )
    assert response.status_code == 302
    policy = ApprovalPolicy.objects.get(organization=org)
    assert (policy.approvers_required, policy.overdue_after_hours) == (2, 24)
    page = client.get(f"{_base(approver)}rules/").content.decode()
    assert "Freigaberegeln" in page and "Standard (alle übrigen Kanäle)" in page

    client.post(f"{_base(approver)}rules/{policy.pk}/remove/")
    assert not ApprovalPolicy.objects.exists()


@pytest.mark.parametrize(
    "values",
    [
        {"approvers_required": "3", "overdue_after_hours": "24"},
        {"approvers_required": "1", "overdue_after_hours": "9000"},
        {"approvers_required": "1", "overdue_after_hours": "0"},
        {"approvers_required": "1", "overdue_after_hours": "24", "channel": "999999999999"},
    ],
)
def test_odd_rules_get_a_400(approver: Membership, values: dict[str, str]) -> None:
    response = _client(approver).post(f"{_base(approver)}rules/set/", values)

    assert response.status_code == 400
    assert not ApprovalPolicy.objects.exists()


def test_the_auditor_reads_the_rules_but_cannot_set_them(org: Organization, approver: Membership) -> None:
    auditor = make_member(org, ["auditor"])
    actions.set_approval_policy(approver, None, 2, 24)

    assert _client(auditor).get(f"{_base(auditor)}rules/").status_code == 200
    assert "Regel festlegen" not in _client(auditor).get(f"{_base(auditor)}rules/").content.decode()
    assert _client(auditor).post(f"{_base(auditor)}rules/set/", {}).status_code == 403


def test_the_works_council_sees_nothing_of_approval(org: Organization, author: Membership) -> None:
    works_council = make_member(org, ["works_council"])
    post = make_post(author)

    for url in ("", "rules/", f"posts/{post.pk}/"):
        assert _client(works_council).get(f"{_base(works_council)}{url}").status_code == 403
