"""The approval API: posts awaiting approval, deciding, comments and the approval rules."""

from __future__ import annotations

import functools

from resonanz.content.models import Post, PostStatus
from resonanz.content.revisions import new_revision
from resonanz.content.tests.factories import make_post
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.tests.factories import ApiCaller, make_member
from resonanz.plan import actions as plan_actions

API = "/api/v1/content"
Caller = functools.partial(ApiCaller, api=API, language="de")


def _people(org: Organization) -> tuple[Membership, Membership, Membership]:
    author = make_member(org, ["communications_manager"], full_name="Anna Autorin")
    quality = make_member(org, ["quality_officer"], full_name="Quentin Qualität")
    second = make_member(org, ["communications_manager"], full_name="Clara Kommunikation")
    return author, quality, second


def test_two_approvers_approve_through_the_api_and_the_author_cannot(org: Organization) -> None:
    author, quality, second = _people(org)
    rule = Caller(quality).send(
        "put", "/approval-policies", {"approvers_required": 2, "overdue_after_hours": 24}
    )
    assert rule.status_code == 200, rule.content
    assert rule.json()["channel_id"] is None and rule.json()["approvers_required"] == 2
    post = make_post(author, title="Jobmesse")

    awaiting = Caller(quality).get("/posts/awaiting-approval").json()
    assert [item["title"] for item in awaiting["items"]] == ["Jobmesse"]
    own = Caller(author).send("post", f"/posts/{post.pk}/approve")
    assert own.status_code == 422 and "jemand anderes" in own.content.decode()

    first = Caller(quality).send("post", f"/posts/{post.pk}/approve", {"comment": "Passt."})
    assert first.status_code == 200, first.content
    assert (first.json()["approvals_given"], first.json()["approvers_required"]) == (1, 2)
    assert first.json()["post"]["status"] == PostStatus.IN_REVIEW
    assert Caller(quality).get("/posts/awaiting-approval").json()["items"] == []

    done = Caller(second).send("post", f"/posts/{post.pk}/approve").json()
    assert (
        done["post"]["status"] == PostStatus.APPROVED and done["post"]["approved_revision"] == post.revision
    )
    assert [d["member_name"] for d in done["decisions"]] == ["Clara Kommunikation", "Quentin Qualität"]
    assert AuditRecord.objects.filter(organization=org, action="content.post_approved").exists()


def test_request_changes_and_reject_need_a_comment_and_change_the_status(org: Organization) -> None:
    author, quality, _second = _people(org)
    post = make_post(author)
    empty = Caller(quality).send("post", f"/posts/{post.pk}/request-changes", {"comment": ""})
    assert empty.status_code == 422
    assert Post.objects.get(pk=post.pk).status == PostStatus.IN_REVIEW

    sent_back = Caller(quality).send("post", f"/posts/{post.pk}/request-changes", {"comment": "Link fehlt."})
    assert sent_back.json()["post"]["status"] == PostStatus.CHANGES_REQUESTED
    assert sent_back.json()["decisions"][0]["comment"] == "Link fehlt."

    other = make_post(author)
    rejected = Caller(quality).send("post", f"/posts/{other.pk}/reject", {"comment": "Nicht unser Thema."})
    assert rejected.json()["post"]["status"] == PostStatus.REJECTED
    late = Caller(quality).send("post", f"/posts/{other.pk}/approve")
    assert late.status_code == 422


def test_an_edit_after_approval_withdraws_it_as_the_api_shows(org: Organization) -> None:
    author, quality, _second = _people(org)
    post = make_post(author)
    assert Caller(quality).send("post", f"/posts/{post.pk}/approve").json()["post"]["status"] == "approved"

    new_revision(Post.objects.get(pk=post.pk), author, ["text"])

    state = Caller(quality).get(f"/posts/{post.pk}/approval").json()
    assert state["post"]["status"] == PostStatus.DRAFT
    assert state["post"]["revision"] == post.revision + 1 != state["post"]["approved_revision"]
    assert state["approvals_given"] == 0
    assert state["decisions"][0]["withdrawn_at"] is not None


def test_comments_are_written_by_approvers_and_read_by_content_readers(org: Organization) -> None:
    author, quality, _second = _people(org)
    post = make_post(author)
    written = Caller(quality).send("post", f"/posts/{post.pk}/comments", {"text": "Bitte Quelle nennen."})
    assert written.status_code == 201, written.content
    assert written.json()["revision"] == post.revision
    listed = Caller(author).get(f"/posts/{post.pk}/comments").json()
    assert [c["text"] for c in listed["items"]] == ["Bitte Quelle nennen."]
    ambassador = make_member(org, ["ambassador"])
    assert Caller(ambassador).send("post", f"/posts/{post.pk}/comments", {"text": "x"}).status_code == 403


def test_channel_rules_refuse_another_organizations_channel_and_can_be_removed(
    org: Organization, other_org: Organization
) -> None:
    _author, quality, _second = _people(org)
    foreign_owner = make_member(other_org, ["quality_officer"])
    foreign = plan_actions.create_channel(foreign_owner, name="Fremder Kanal", kind="social_network")
    refused = Caller(quality).send(
        "put", "/approval-policies", {"channel_id": foreign.pk, "approvers_required": 1}
    )
    assert refused.status_code == 422 and "Kanal Ihrer Organisation" in refused.content.decode()

    own = plan_actions.create_channel(quality, name="Firmenblog X", kind="social_network")
    rule = (
        Caller(quality)
        .send(
            "put",
            "/approval-policies",
            {"channel_id": own.pk, "approvers_required": 2, "overdue_after_hours": 6},
        )
        .json()
    )
    assert (rule["channel_name"], rule["overdue_after_hours"]) == ("Firmenblog X", 6)
    changed = (
        Caller(quality)
        .send(
            "put",
            "/approval-policies",
            {"channel_id": own.pk, "approvers_required": 1, "overdue_after_hours": 6},
        )
        .json()
    )
    assert changed["id"] == rule["id"] and changed["approvers_required"] == 1
    assert Caller(quality).get(f"/approval-policies/{rule['id']}").json()["channel_id"] == own.pk
    assert Caller(quality).send("delete", f"/approval-policies/{rule['id']}").status_code == 204
    assert Caller(quality).get(f"/approval-policies/{rule['id']}").status_code == 404
    too_many = Caller(quality).send("put", "/approval-policies", {"approvers_required": 3})
    assert too_many.status_code == 422


def test_a_read_token_decides_nothing(org: Organization) -> None:
    author, quality, _second = _people(org)
    post = make_post(author)
    assert Caller(quality, scope="read").send("post", f"/posts/{post.pk}/approve").status_code == 403
    assert Post.objects.get(pk=post.pk).status == PostStatus.IN_REVIEW
