"""What is published stays as it was published (ISO 9001 7.5.3): names included.

Renaming a topic, an audience or a channel, deactivating one, a person changing their name, a new
title or owner of the plan: none of it changes an approved version's matrix, exports, PDF data or
API answers. The next draft reads the names as they are, so its diff shows the renames.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.translation import override

from resonanz.core.actions import update_profile
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.core.tests.tampering import flush_past_triggers
from resonanz.plan import actions
from resonanz.plan.actions.exports import export_version
from resonanz.plan.diff import diff_versions
from resonanz.plan.models import Audience, Channel, PlanVersion, Topic
from resonanz.plan.names import Names
from resonanz.plan.tests.factories import complete_row_values, first, make_plan_people
from resonanz.plan.tests.page_helpers import signed_in
from resonanz.plan.tests.test_api import Caller
from resonanz.plan.transfer.pdf import document_data
from resonanz.plan.transfer.table import export_rows

NOW = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)
_MATRIX = re.compile(r'<div class="matrix-wrap">.*?</table>', re.DOTALL)


def _published(org: Organization) -> tuple[Membership, Membership, Membership, PlanVersion]:
    editor, officer = make_plan_people(org)
    sender = make_member(org, ["communications_manager"], full_name="Sina Senderin")
    plan = actions.create_plan(editor, identifier="KP-01", title="Kommunikationsplan 2026")
    draft = plan.versions.get()
    actions.add_row(
        editor, draft, **complete_row_values(org, editor, senders=[sender], description="Zeile 1")
    )
    actions.add_row(editor, draft, **complete_row_values(org, editor, description="Zeile 2"))
    actions.submit_for_review(editor, draft)
    actions.approve_version(officer, draft)
    return editor, officer, sender, actions.publish_version(officer, draft)


def _everything_shown(officer: Membership, version: PlanVersion) -> dict[str, Any]:
    """Each export and view of ``version``, as bytes or plain data."""
    version = PlanVersion.objects.select_related("plan__organization", "plan__owner__user").get(pk=version.pk)
    api = Caller(officer)
    with override("de"):
        page = signed_in(officer).get(f"/o/{officer.organization.slug}/plan/versions/{version.pk}/")
        return {
            "csv": export_version(officer, version, "csv").content,
            "xlsx": export_version(officer, version, "xlsx").content,
            "pdf data": document_data(officer, version, export_rows(version)),
            "matrix": _MATRIX.findall(page.content.decode()),
            "api rows": api.get(f"/versions/{version.pk}/rows").json(),
            "api row": api.get(f"/rows/{version.rows.first().pk}").json(),  # type: ignore[union-attr]
        }


def _rename_everything(
    org: Organization, editor: Membership, officer: Membership, sender: Membership, version: PlanVersion
) -> None:
    topic = first(Topic, org)
    response = Caller(officer).send("patch", f"/topics/{topic.pk}", {"name": "Umbenanntes Thema"})
    assert response.status_code == 200, response.content
    actions.update_audience(officer, first(Audience, org), name="Umbenannte Zielgruppe")
    actions.update_channel(officer, first(Channel, org), name="Umbenannter Kanal")
    actions.deactivate_topic(officer, Topic.objects.get(pk=topic.pk))
    update_profile(editor.user, full_name="Erika Neuname", language="de")
    update_profile(sender.user, full_name="Sina Verheiratet", language="de")
    new_owner = make_member(org, ["quality_officer"], full_name="Otto Neubesitzer")
    actions.update_plan(officer, version.plan, title="Ganz neuer Titel", owner=new_owner)


@time_machine.travel(NOW, tick=False)
def test_a_published_version_shows_the_names_it_was_published_with(org: Organization) -> None:
    editor, officer, sender, published = _published(org)
    before = _everything_shown(officer, published)

    _rename_everything(org, editor, officer, sender, published)
    after = _everything_shown(officer, published)

    for name, shown in before.items():
        assert after[name] == shown, name
    # The other pages of the published version show its names too. (Their header shows the plan as
    # it is now, and the people page the members as they are now, with their duties in the plan.)
    client = signed_in(officer)
    row = published.rows.get(description="Zeile 1")
    pages = [f"{published.plan_id}/{page}" for page in ("", "calendar/", "execution/")]
    for page in [*pages, f"rows/{row.pk}/", f"rows/{row.pk}/done/"]:
        # The row alone is an htmx fragment (a page load goes to the row in its matrix).
        text = client.get(f"/o/{org.slug}/plan/{page}", HTTP_HX_REQUEST="true").content.decode()
        assert "Zeile 1" in text, page
        for renamed in (
            "Umbenanntes Thema",
            "Umbenannte Zielgruppe",
            "Umbenannter Kanal",
            "Sina Verheiratet",
        ):
            assert renamed not in text, (page, renamed)
    assert before["matrix"] and "Sina Senderin" in before["matrix"][0]
    assert before["pdf data"]["title"] == "KP-01 · Kommunikationsplan 2026"
    assert b"Umbenannt" not in before["csv"] + after["csv"]


def test_the_next_draft_shows_the_renames_as_changes(org: Organization) -> None:
    editor, officer, sender, published = _published(org)
    old = (first(Topic, org).name, first(Audience, org).name, first(Channel, org).name, editor.user.full_name)
    _rename_everything(org, editor, officer, sender, published)

    draft = actions.start_new_draft(officer, published.plan, "Neue Namen übernehmen")
    changed = {row.old.description: row.changes for row in diff_versions(published, draft).rows if row.old}

    assert {change.field: (change.old, change.new) for change in changed["Zeile 1"]} == {
        "topic": (old[0], "Umbenanntes Thema"),
        "audiences": ([old[1]], ["Umbenannte Zielgruppe"]),
        "channels": ([old[2]], ["Umbenannter Kanal"]),
        "senders": (["Sina Senderin"], ["Sina Verheiratet"]),
        "approver": (old[3], "Erika Neuname"),
        "owner": (old[3], "Erika Neuname"),
    }
    assert [change.field for change in changed["Zeile 2"]] == [
        "topic",
        "audiences",
        "channels",
        "approver",
        "owner",
    ]


def test_the_database_keeps_the_names_of_an_approved_and_a_published_version(org: Organization) -> None:
    editor, officer, _sender, published = _published(org)
    approved = actions.start_new_draft(editor, published.plan, "Zweite Fassung")
    actions.submit_for_review(editor, approved)
    actions.approve_version(officer, approved)
    forged = {"title": "heimlich", "owner": ""}

    for version, changes in (
        (approved, {"names": forged}),
        (published, {"names": forged}),
        (published, {"publisher_name": "Jemand anderes"}),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            PlanVersion.objects.filter(pk=version.pk).update(**changes)
    names = PlanVersion.objects.get(pk=approved.pk).names
    assert names is not None
    assert names["title"] == "Kommunikationsplan 2026"


# ---------------------------------------------------------------- the upgrade

BEFORE = [("plan", "0009_evidence_occurrence_once")]


@pytest.fixture
def migrating_db(transactional_db: None) -> Iterator[None]:
    yield
    flush_past_triggers()


def test_the_upgrade_gives_versions_approved_before_their_names_and_keeps_them(migrating_db: None) -> None:
    """GIVEN a version published before versions kept names WHEN the database is upgraded
    THEN it gets the names as they are at the upgrade, and from then on they do not change."""
    old = MigrationExecutor(connection)
    old.migrate(BEFORE)
    state = old.loader.project_state(BEFORE).apps
    organization = state.get_model("core", "Organization").objects.create(name="Alt GmbH", slug="alt")
    users = state.get_model("core", "User").objects
    memberships = state.get_model("core", "Membership").objects
    author, approver = (
        memberships.create(
            organization=organization, user=users.create(email=f"{name}@alt.example", full_name=name)
        )
        for name in ("Anna Autorin", "Frieda Freigabe")
    )
    plan = state.get_model("plan", "CommunicationPlan").objects.create(
        organization=organization, identifier="KP-01", title="Alter Plan", owner=author
    )
    topic = state.get_model("plan", "Topic").objects.create(organization=organization, name="Messe")
    channel = state.get_model("plan", "Channel").objects.create(
        organization=organization, name="Intranet", kind="owned_medium"
    )
    version = state.get_model("plan", "PlanVersion").objects.create(plan=plan, number=1, author=author)
    row = state.get_model("plan", "PlanRow").objects.create(version=version, topic=topic, owner=approver)
    row.channels.add(channel)
    now = timezone.now()
    state.get_model("plan", "PlanVersion").objects.filter(pk=version.pk).update(
        status="published", approver=approver, approved_at=now, published_at=now, publisher=approver
    )

    latest = MigrationExecutor(connection)
    latest.migrate(latest.loader.graph.leaf_nodes())

    upgraded = PlanVersion.objects.get(pk=version.pk)
    assert upgraded.names is not None  # kept, not read live
    names = Names.from_json(upgraded.names)
    assert (names.title, names.owner, upgraded.publisher_name) == (
        "Alter Plan",
        "Anna Autorin",
        "Frieda Freigabe",
    )
    assert (names.topic, names.channel) == ({topic.pk: "Messe"}, {channel.pk: "Intranet"})
    assert names.member[approver.pk] == "Frieda Freigabe"
    with pytest.raises(DatabaseError), transaction.atomic():
        PlanVersion.objects.filter(pk=version.pk).update(names={"title": "heimlich", "owner": ""})
