"""Policies (ISO 9001 7.3): drafts, publication, frozen published versions, acknowledgements."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import DatabaseError, transaction
from django.test import Client
from django.utils import translation

from resonanz.core.errors import ActionRefused
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.events import actions
from resonanz.events.access import pending_policies
from resonanz.events.models import Acknowledgement, PolicyDocument, PolicyKind


def quality_officer(org: Organization) -> Membership:
    return make_member(org, ["quality_officer"])


def published(author: Membership, version: str = "1.0", **values: object) -> PolicyDocument:
    document = actions.create_policy(
        author,
        title=str(values.pop("title", "Social-Media-Leitlinie")),
        version_label=version,
        text="Wir posten respektvoll.",
        kind=PolicyKind.SOCIAL_MEDIA_GUIDELINE,
        **values,  # type: ignore[arg-type]
    )
    return actions.publish_policy(author, document)


def test_an_acknowledgement_stores_the_version_read(org: Organization) -> None:
    document = published(quality_officer(org), "2.1")
    person = make_member(org)
    acknowledgement = actions.acknowledge_policy(person, document)
    assert acknowledgement.version_label == "2.1"
    assert not pending_policies(person).exists()


def test_acknowledging_twice_is_refused_in_german(org: Organization) -> None:
    document = published(quality_officer(org))
    person = make_member(org)
    actions.acknowledge_policy(person, document)
    with translation.override("de"), pytest.raises(ActionRefused) as refused:
        actions.acknowledge_policy(person, document)
    assert "bereits bestätigt" in str(refused.value.messages[0])
    assert Acknowledgement.objects.filter(document=document).count() == 1


def test_a_draft_cannot_be_acknowledged(org: Organization) -> None:
    draft = actions.create_policy(quality_officer(org), title="Qualitätspolitik", version_label="1", text="…")
    with pytest.raises(ActionRefused):
        actions.acknowledge_policy(make_member(org), draft)


def test_a_published_policy_is_refused_by_the_action_and_by_the_database(org: Organization) -> None:
    author = quality_officer(org)
    document = published(author)
    with pytest.raises(ActionRefused):
        actions.update_policy(author, document, text="Heimlich geändert")
    with pytest.raises(DatabaseError), transaction.atomic():
        PolicyDocument.objects.filter(pk=document.pk).update(text="Heimlich geändert")
    with pytest.raises(DatabaseError), transaction.atomic():
        PolicyDocument.objects.filter(pk=document.pk).delete()
    document.refresh_from_db()
    assert document.text == "Wir posten respektvoll."


def test_a_draft_can_be_changed(org: Organization) -> None:
    author = quality_officer(org)
    draft = actions.create_policy(author, title="Qualitätspolitik", version_label="1", text="alt")
    assert actions.update_policy(author, draft, text="neu").text == "neu"


def test_a_new_version_asks_everyone_again_once_published(org: Organization) -> None:
    author = quality_officer(org)
    first = published(author, "1.0")
    person = make_member(org)
    actions.acknowledge_policy(person, first)
    second = actions.create_policy(
        author, title=first.title, version_label="2.0", text="Neu", kind=first.kind, supersedes=first
    )
    assert not pending_policies(person).exists()  # a draft asks nobody yet

    actions.publish_policy(author, second)

    assert list(pending_policies(person)) == [second]
    with pytest.raises(ActionRefused):
        actions.create_policy(author, title="x", version_label="3.0", text="y", supersedes=first)


def test_a_new_version_needs_a_new_label(org: Organization) -> None:
    author = quality_officer(org)
    first = published(author, "1.0")
    with pytest.raises(ActionRefused):
        actions.create_policy(author, title="x", version_label="1.0", text="y", supersedes=first)


def test_who_acknowledged_only_the_replaced_version_shows_as_outdated(
    org: Organization, client_for: Callable[[Membership], Client]
) -> None:
    author = quality_officer(org)
    first = published(author, "1.0")
    second = published(author, "2.0", supersedes=first)
    outdated = make_member(org, full_name="Greta Sommer")
    current = make_member(org, full_name="Jonas Berger")
    never = make_member(org, full_name="Paul Kern")
    actions.acknowledge_policy(outdated, first)
    actions.acknowledge_policy(current, first)
    actions.acknowledge_policy(current, second)

    page = client_for(author).get(
        f"/o/{org.slug}/events/policies/{second.pk}/acknowledgements/", HTTP_ACCEPT_LANGUAGE="de"
    )
    text = page.content.decode()
    missing = text[text.index("Noch nicht bestätigt") :]
    assert "Greta Sommer" in missing and "Paul Kern" in missing and "Jonas Berger" not in missing
    assert "hat eine veraltete Version bestätigt (1.0)" in missing
    assert missing.count("veraltete Version bestätigt (") == 1
    assert "1 davon hat eine veraltete Version bestätigt." in missing
    assert never.pk

    awareness = client_for(make_member(org, ["works_council"])).get(
        f"/o/{org.slug}/events/policies/awareness/"
    )
    row = next(r for r in awareness.context["rows"] if r["document"].pk == second.pk)
    assert (row["acknowledged"], row["outdated"]) == (1, 1)
