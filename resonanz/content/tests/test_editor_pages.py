"""The editor's pages: posts (list, write, edit, check, submit, archive, length counter), campaigns and
guideline rules; in German, with outsiders answered 404."""

from __future__ import annotations

import pytest
from django.test import Client

from resonanz.content.actions import campaigns, guidelines, posts
from resonanz.content.actions.approval import approve_post
from resonanz.content.models import Campaign, GuidelineRule, Post, PostStatus, RuleKind, Severity
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member


@pytest.fixture
def writer(org: Organization) -> Membership:
    return make_member(org, ["communications_manager"], full_name="Anna Autorin", language="de")


def _client(member: Membership) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(member.user)
    return client


def _base(member: Membership) -> str:
    return f"/o/{member.organization.slug}/content/"


def _form(**fields: str) -> dict[str, str]:
    values = {"title": "Sommerfest", "language": "de", "text_bluesky": "Kommt vorbei!"}
    values.update(fields)
    return values


def test_a_writer_writes_a_post_through_the_form(writer: Membership) -> None:
    client = _client(writer)
    form = client.get(f"{_base(writer)}posts/new/").content.decode()
    assert "Beitrag schreiben" in form
    assert 'name="text_mastodon"' in form

    response = client.post(f"{_base(writer)}posts/new/", _form(hashtags="#sommer"))

    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{_base(writer)}posts/{post.pk}/"
    assert post.hashtags == ["sommer"]


def test_the_form_shows_the_refusal_on_its_field(writer: Membership) -> None:
    response = _client(writer).post(f"{_base(writer)}posts/new/", _form(text_bluesky="", link_url="ftp://x"))

    assert response.status_code == 400
    assert not Post.objects.exists()


def test_the_post_page_shows_the_check_results_in_german(writer: Membership) -> None:
    guidelines.add_guideline_rule(writer, RuleKind.FORBIDDEN_WORD, "billig", Severity.BLOCK)
    guidelines.add_guideline_rule(writer, RuleKind.FORBIDDEN_WORD, "gratis", Severity.WARN)
    post = posts.create_post(writer, "Angebot", {"bluesky": "Jetzt billig und gratis!"})
    client = _client(writer)

    assert client.post(f"{_base(writer)}posts/{post.pk}/submit/").status_code == 302
    page = client.get(f"{_base(writer)}posts/{post.pk}/").content.decode()

    assert "Die Leitlinie verbietet das Wort „billig“." in page
    assert "Ungeplant" in page
    assert "1 blockierender Befund, 1 Warnung ·" in page  # German singular, not "1 Warnungen"
    assert "Freigabe" in page  # the approval panel
    assert Post.objects.get(pk=post.pk).status == PostStatus.IN_REVIEW


def test_editing_an_approved_post_through_the_form_withdraws_the_approval(
    writer: Membership, org: Organization
) -> None:
    approver = make_member(org, ["quality_officer"])
    post = posts.create_post(writer, "Titel", {"bluesky": "Guten Morgen."})
    posts.submit_for_approval(writer, post)
    approve_post(approver, post)
    client = _client(writer)
    assert (
        "wird die Freigabe zurückgezogen"
        in client.get(f"{_base(writer)}posts/{post.pk}/edit/").content.decode()
    )

    response = client.post(
        f"{_base(writer)}posts/{post.pk}/edit/", _form(title="Titel", text_bluesky="Guten Abend.")
    )

    post.refresh_from_db()
    assert response.status_code == 302
    assert (post.status, post.revision) == (PostStatus.DRAFT, 2)


def test_the_length_counter_counts_as_the_network_does(writer: Membership) -> None:
    client = _client(writer)

    fits = client.post(f"{_base(writer)}posts/count/", {"network": "x", "text_x": "🙂" * 10}).content.decode()
    too_long = client.post(f"{_base(writer)}posts/count/", {"network": "bluesky", "text_bluesky": "a" * 301})
    odd = client.post(f"{_base(writer)}posts/count/", {"network": "myspace"})

    assert "20 von 280 Zeichen" in fits
    assert "zu lang" in too_long.content.decode()
    assert odd.status_code == 400


def test_the_list_filters_and_pages(writer: Membership) -> None:
    campaign = campaigns.create_campaign(writer, "Herbst")
    posts.create_post(writer, "Im Herbst", {"mastodon": "Laub"}, campaign=campaign)
    posts.create_post(writer, "Ohne", {"bluesky": "Text"})
    client = _client(writer)

    filtered = client.get(
        f"{_base(writer)}posts/", {"campaign": str(campaign.pk), "network": "mastodon"}
    ).content.decode()
    odd = client.get(f"{_base(writer)}posts/", {"status": "nonsense", "page": "99999"})

    assert "Im Herbst" in filtered and "Ohne" not in filtered
    assert odd.status_code == 200


def test_an_ambassador_sees_only_their_own_posts(writer: Membership, org: Organization) -> None:
    ambassador = make_member(org, ["ambassador"])
    other = posts.create_post(writer, "Fremd", {"bluesky": "Text"})
    posts.create_post(ambassador, "Eigen", {"bluesky": "Text"})
    client = _client(ambassador)

    mine = client.get(f"{_base(ambassador)}posts/mine/").content.decode()

    assert "Eigen" in mine and "Fremd" not in mine
    assert client.get(f"{_base(ambassador)}posts/{other.pk}/").status_code == 404


def test_campaigns_are_created_renamed_and_switched_off(writer: Membership) -> None:
    client = _client(writer)

    assert client.post(f"{_base(writer)}campaigns/", {"name": "Frühling"}).status_code == 302
    campaign = Campaign.objects.get()
    duplicate = client.post(f"{_base(writer)}campaigns/", {"name": "FRÜHLING"})
    client.post(f"{_base(writer)}campaigns/{campaign.pk}/", {"name": "Lenz", "ends_on": "2026-05-01"})
    client.post(f"{_base(writer)}campaigns/{campaign.pk}/active/", {"active": "0"})

    assert duplicate.status_code == 400
    assert "Eine Kampagne mit diesem Namen gibt es schon." in duplicate.content.decode()
    campaign.refresh_from_db()
    assert (campaign.name, campaign.is_active) == ("Lenz", False)


def test_guideline_rules_are_added_changed_and_removed(writer: Membership, org: Organization) -> None:
    client = _client(writer)

    client.post(
        f"{_base(writer)}guidelines/add/", {"kind": "forbidden_word", "pattern": "billig", "severity": "warn"}
    )
    rule = GuidelineRule.objects.get()
    client.post(
        f"{_base(writer)}guidelines/{rule.pk}/",
        {
            "kind": "forbidden_word",
            "pattern": "spottbillig",
            "severity": "block",
            "message": "",
            "is_active": "on",
        },
    )
    auditor = make_member(org, ["auditor"])
    listed = _client(auditor).get(f"{_base(writer)}guidelines/").content.decode()
    client.post(f"{_base(writer)}guidelines/{rule.pk}/remove/")

    assert "spottbillig" in listed and "guidelines/add/" not in listed
    assert not GuidelineRule.objects.exists()


def test_outsiders_get_404(writer: Membership, other_org: Organization) -> None:
    post = posts.create_post(writer, "Titel", {"bluesky": "Text"})
    rule = guidelines.add_guideline_rule(writer, RuleKind.FORBIDDEN_WORD, "billig")
    campaign = campaigns.create_campaign(writer, "Herbst")
    stranger = make_member(other_org, ["communications_manager"])
    client = _client(stranger)
    base = f"/o/{other_org.slug}/content/"

    assert client.get(f"{base}posts/{post.pk}/").status_code == 404
    assert client.post(f"{base}posts/{post.pk}/archive/").status_code == 404
    assert client.get(f"{base}guidelines/{rule.pk}/").status_code == 404
    assert client.post(f"{base}campaigns/{campaign.pk}/active/", {"active": "0"}).status_code == 404
    assert client.get(f"{_base(writer)}posts/").status_code == 404
    assert Post.objects.get(pk=post.pk).status == PostStatus.DRAFT
