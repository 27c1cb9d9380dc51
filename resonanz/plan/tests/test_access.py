"""The plan's access helpers: another organization's objects, and versions a role may not read, are 404.

Every member with VIEW_PLAN reads the published version; drafts, versions in review and superseded
versions exist only for those who read every version, edit or approve. Odd ids are a 404 as well,
whatever they make the database layer raise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from resonanz.core import actions as core_actions
from resonanz.core.errors import ActionRefused
from resonanz.core.models import Membership, MembershipRole, Organization
from resonanz.core.roles import Capability, Role
from resonanz.core.tests.factories import make_member, make_organization
from resonanz.plan import access, actions
from resonanz.plan.actions import imports as importer
from resonanz.plan.models import (
    Audience,
    Channel,
    ChannelKind,
    CommunicationPlan,
    Evidence,
    ImportJob,
    PlanRow,
    PlanVersion,
    Topic,
    VersionComment,
)
from resonanz.plan.tests.factories import complete_row_values, make_plan_people, make_published_plan

# Each raises something else in the database layer: DoesNotExist, ValueError, TypeError, OverflowError.
ODD_IDS: list[Any] = [987654, "abc", [1], {"id": 1}, float("inf"), 2**63, None, ""]
# Who reads every version: VIEW_PLAN_VERSIONS, EDIT_PLAN or APPROVE_PLAN.
SEES_ALL = {Role.ADMIN, Role.QUALITY_OFFICER, Role.COMMUNICATIONS_MANAGER, Role.AUDITOR}


@dataclass
class Plans:
    """One organization's plan: a superseded, a published and a draft version with a comment."""

    organization: Organization
    editor: Membership
    approver: Membership
    plan: CommunicationPlan
    superseded: PlanVersion
    published: PlanVersion
    draft: PlanVersion
    comment: VersionComment
    row: PlanRow
    evidence: Evidence


def _plans(organization: Organization, identifier: str) -> Plans:
    editor, approver = make_plan_people(organization)
    plan, superseded = make_published_plan(organization, editor, approver, rows=1, identifier=identifier)
    second = actions.start_new_draft(editor, plan, "Neue Fassung")
    actions.submit_for_review(editor, second)
    actions.approve_version(approver, second)
    published = actions.publish_version(approver, second)
    draft = actions.start_new_draft(editor, plan, "Entwurf")
    comment = actions.add_comment(editor, draft, "Bitte prüfen")
    row = published.rows.get()
    monday = dt.datetime(2026, 1, 6, 9, 0, tzinfo=organization.zone)
    evidence = actions.mark_occurrence_done(editor, row, planned_for=monday, note="Versandt")
    superseded.refresh_from_db()
    return Plans(organization, editor, approver, plan, superseded, published, draft, comment, row, evidence)


@pytest.fixture
def ours(org: Organization) -> Plans:
    return _plans(org, "KP-01")


@pytest.fixture
def theirs(other_org: Organization) -> Plans:
    return _plans(other_org, "KP-99")


def _as(plans: Plans, role: Role) -> Membership:
    return make_member(plans.organization, [role])


def _inactive(plans: Plans, role: Role) -> Membership:
    admin = make_member(plans.organization, [Role.ADMIN])
    member = make_member(plans.organization, [role])
    core_actions.set_member_active(admin, member, False)
    return Membership.objects.get(pk=member.pk)


# ---------------------------------------------------------------- who reads every version


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_every_version_is_read_by_those_who_read_edit_or_approve_the_plan(ours: Plans, role: Role) -> None:
    assert access.sees_all_versions(_as(ours, role)) == (role in SEES_ALL)


@pytest.mark.parametrize(
    "capability", [Capability.VIEW_PLAN_VERSIONS, Capability.EDIT_PLAN, Capability.APPROVE_PLAN], ids=str
)
def test_each_of_reading_editing_and_approving_alone_shows_every_version(capability: Capability) -> None:
    """No role holds only one of them today; the rule must not lean on that."""
    holding_one = SimpleNamespace(can=lambda asked: asked == capability)
    assert access.sees_all_versions(holding_one)  # type: ignore[arg-type]


def test_no_capability_shows_every_version() -> None:
    assert not access.sees_all_versions(SimpleNamespace(can=lambda asked: False))  # type: ignore[arg-type]


# ---------------------------------------------------------------- plans and versions


def test_plans_are_those_of_the_members_organization(ours: Plans, theirs: Plans) -> None:
    reader = _as(ours, Role.AMBASSADOR)
    assert list(access.plan_queryset(reader)) == [ours.plan]
    assert access.get_plan_for(reader, ours.plan.pk) == ours.plan
    assert access.get_communication_plan_for is access.get_plan_for
    with pytest.raises(Http404):
        access.get_plan_for(reader, theirs.plan.pk)


def test_a_plan_is_read_with_its_owner_in_the_same_query(ours: Plans) -> None:
    reader = _as(ours, Role.AMBASSADOR)
    plan = access.get_plan_for(reader, ours.plan.pk)
    with CaptureQueriesContext(connection) as queries:
        assert plan.owner is not None
        assert plan.owner.user.email
    assert len(queries) == 0


def test_a_plan_asked_for_with_a_capability_the_member_lacks_is_404(ours: Plans) -> None:
    reader = _as(ours, Role.AMBASSADOR)
    with pytest.raises(Http404):
        access.get_plan_for(reader, ours.plan.pk, Capability.EDIT_PLAN)
    assert access.get_plan_for(ours.editor, ours.plan.pk, Capability.EDIT_PLAN) == ours.plan


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_versions_a_role_reads(ours: Plans, theirs: Plans, role: Role) -> None:
    member = _as(ours, role)
    expected = {ours.published}
    if role in SEES_ALL:
        expected |= {ours.superseded, ours.draft}
    assert set(access.version_queryset(member)) == expected
    for version in (ours.superseded, ours.published, ours.draft):
        if version in expected:
            assert access.get_version_for(member, version.pk) == version
        else:
            with pytest.raises(Http404):
                access.get_version_for(member, version.pk)
    for version in (theirs.superseded, theirs.published, theirs.draft):
        with pytest.raises(Http404):
            access.get_version_for(member, version.pk)
    assert access.get_plan_version_for is access.get_version_for


def test_a_version_is_read_with_its_plan_and_people_in_the_same_query(ours: Plans) -> None:
    version = access.get_version_for(ours.editor, ours.published.pk)
    with CaptureQueriesContext(connection) as queries:
        people = [version.author, version.reviewer, version.approver, version.publisher]
        assert version.plan.identifier == "KP-01"
        assert all(person is not None and person.user.email for person in people)
    assert len(queries) == 0


def test_a_version_asked_for_with_a_capability_the_member_lacks_is_404(ours: Plans) -> None:
    auditor = _as(ours, Role.AUDITOR)
    with pytest.raises(Http404):
        access.get_version_for(auditor, ours.draft.pk, Capability.EDIT_PLAN)
    assert access.get_version_for(ours.editor, ours.draft.pk, Capability.EDIT_PLAN) == ours.draft


def test_the_published_and_the_open_version_of_a_plan(ours: Plans) -> None:
    assert access.published_version(ours.plan) == ours.published
    assert access.open_version(ours.plan) == ours.draft
    actions.submit_for_review(ours.editor, ours.draft)
    assert access.open_version(ours.plan) == ours.draft
    actions.approve_version(ours.approver, ours.draft)
    assert access.open_version(ours.plan) == ours.draft
    actions.publish_version(ours.approver, ours.draft)
    assert access.published_version(ours.plan) == ours.draft
    assert access.open_version(ours.plan) is None
    new = actions.create_plan(ours.editor, identifier="KP-02", title="Neuer Plan")
    assert access.published_version(new) is None
    assert access.open_version(new) == new.versions.get()


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_comments_are_read_with_their_version(ours: Plans, theirs: Plans, role: Role) -> None:
    """A comment on a draft exists only for those who read the draft."""
    member = _as(ours, role)
    visible = role in SEES_ALL
    assert list(access.comment_queryset(member)) == ([ours.comment] if visible else [])
    if visible:
        comment = access.get_version_comment_for(member, ours.comment.pk)
        with CaptureQueriesContext(connection) as queries:
            assert comment.author is not None
            assert comment.author.user.email
        assert len(queries) == 0
    else:
        with pytest.raises(Http404):
            access.get_version_comment_for(member, ours.comment.pk)
    with pytest.raises(Http404):
        access.get_version_comment_for(member, theirs.comment.pk)


# ---------------------------------------------------------------- rows


def _rows_by_version(version: PlanVersion) -> list[PlanRow]:
    return list(PlanRow.objects.filter(version=version).order_by("position", "pk"))


def test_rows_of_one_version_several_or_all(ours: Plans, theirs: Plans) -> None:
    ours_published = _rows_by_version(ours.published)
    assert list(access.rows_of(ours.published)) == ours_published
    both = PlanVersion.objects.filter(pk__in=[ours.published.pk, ours.draft.pk])
    assert set(access.rows_of(both)) == set(ours_published) | set(_rows_by_version(ours.draft))
    assert set(access.rows_of()) == set(PlanRow.objects.all())
    assert set(access.rows_of(None)) >= set(_rows_by_version(theirs.published))


def test_rows_come_in_matrix_order_with_every_answer_loaded(ours: Plans) -> None:
    editor = ours.editor
    first = ours.draft.rows.get()
    second = actions.add_row(editor, ours.draft, **_row_values(ours, "Zweite Zeile"))
    third = actions.add_row(editor, ours.draft, **_row_values(ours, "Dritte Zeile"))
    actions.reorder_rows(editor, ours.draft, [third.pk, first.pk, second.pk])
    zeta = actions.create_audience(editor, name="Zeta-Kreis")
    alpha = actions.create_audience(editor, name="Alpha-Kreis")
    zulu = actions.create_channel(editor, name="Zulu-Kanal", kind=ChannelKind.OWNED_MEDIUM)
    able = actions.create_channel(editor, name="Able-Kanal", kind=ChannelKind.OWNED_MEDIUM)
    zora = make_member(ours.organization, [Role.BUDDY], full_name="Zora Zimmer")
    anna = make_member(ours.organization, [Role.BUDDY], full_name="Anna Abel")
    actions.update_row(
        editor, third, audiences=[zeta, alpha], channels=[zulu, able], senders=[zora, anna], sender_roles=[]
    )
    rows = list(access.rows_of(ours.draft))
    assert [row.pk for row in rows] == [third.pk, first.pk, second.pk]
    with CaptureQueriesContext(connection) as queries:
        top = rows[0]
        assert [audience.name for audience in top.audiences.all()] == ["Alpha-Kreis", "Zeta-Kreis"]
        assert [channel.name for channel in top.channels.all()] == ["Able-Kanal", "Zulu-Kanal"]
        assert [sender.user.full_name for sender in top.senders.all()] == ["Anna Abel", "Zora Zimmer"]
        assert top.topic is not None and top.topic.name
        assert top.approver is not None and top.approver.user.email
        assert top.owner is not None and top.owner.user.email
    assert len(queries) == 0


def test_rows_at_the_same_position_keep_the_order_they_were_made_in(ours: Plans) -> None:
    first = ours.draft.rows.get()
    second = actions.add_row(ours.editor, ours.draft, **_row_values(ours, "Zweite Zeile"))
    PlanRow.objects.filter(pk__in=[first.pk, second.pk]).update(position=5)
    assert [row.pk for row in access.rows_of(ours.draft)] == [first.pk, second.pk]


def _row_values(plans: Plans, description: str) -> dict[str, Any]:
    return complete_row_values(plans.organization, plans.editor, description=description)


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_rows_a_role_reads(ours: Plans, theirs: Plans, role: Role) -> None:
    member = _as(ours, role)
    published = set(_rows_by_version(ours.published))
    hidden = set(_rows_by_version(ours.draft)) | set(_rows_by_version(ours.superseded))
    expected = published | hidden if role in SEES_ALL else published
    assert set(access.row_queryset(member)) == expected
    for row in published | hidden:
        if row in expected:
            assert access.get_row_for(member, row.pk) == row
        else:
            with pytest.raises(Http404):
                access.get_row_for(member, row.pk)
    with pytest.raises(Http404):
        access.get_row_for(member, theirs.row.pk)
    assert access.get_plan_row_for is access.get_row_for


def test_a_row_is_read_with_its_version_and_plan(ours: Plans) -> None:
    row = access.get_row_for(ours.editor, ours.row.pk)
    with CaptureQueriesContext(connection) as queries:
        assert row.version.plan.identifier == "KP-01"
    assert len(queries) == 0


def test_a_row_asked_for_with_a_capability_the_member_lacks_is_404(ours: Plans) -> None:
    ambassador = _as(ours, Role.AMBASSADOR)
    with pytest.raises(Http404):
        access.get_row_for(ambassador, ours.row.pk, Capability.RECORD_EVIDENCE)
    buddy = _as(ours, Role.BUDDY)
    assert access.get_row_for(buddy, ours.row.pk, Capability.RECORD_EVIDENCE) == ours.row


# ---------------------------------------------------------------- owners and senders


def test_an_owner_or_sender_is_an_active_member_of_the_organization(ours: Plans, theirs: Plans) -> None:
    found = access.member_in_organization(ours.editor, ours.editor.pk)
    assert found == ours.editor
    with CaptureQueriesContext(connection) as queries:
        assert found.user.email
    assert len(queries) == 0
    former = _inactive(ours, Role.BUDDY)
    for refused in (theirs.editor.pk, former.pk, 987654, str(ours.editor.pk), None, 1.0):
        with pytest.raises(ActionRefused) as raised:
            access.member_in_organization(ours.editor, refused)
        assert raised.value.field == "owner"
        with translation.override("en"):
            assert str(raised.value.message) == "Choose an active member of the organization."


def test_true_is_not_the_member_with_id_1(db: None) -> None:
    """``True == 1`` in Python: a JSON ``true`` must not pick whoever has id 1."""
    member = make_member(make_organization("Eins GmbH"), [Role.ADMIN])
    # The test's database holds no other membership, so id 1 is free. Its roles move with it:
    # PostgreSQL checks the deferred foreign key when the test's transaction ends.
    Membership.objects.filter(pk=member.pk).update(id=1)
    MembershipRole.objects.filter(membership_id=member.pk).update(membership_id=1)
    one = Membership.objects.get(pk=1)
    assert access.member_in_organization(one, 1) == one
    with pytest.raises(ActionRefused):
        access.member_in_organization(one, True)


# ---------------------------------------------------------------- reference data and evidence

Getter = Callable[..., Any]
# Reference data is read by every member; evidence (notes, who recorded it, files) only with VIEW_EVIDENCE.
REFERENCE: list[tuple[type[Any], Getter, Getter, Role]] = [
    (Channel, access.channel_queryset, access.get_channel_for, Role.AMBASSADOR),
    (Audience, access.audience_queryset, access.get_audience_for, Role.AMBASSADOR),
    (Topic, access.topic_queryset, access.get_topic_for, Role.AMBASSADOR),
    (Evidence, access.evidence_queryset, access.get_evidence_for, Role.BUDDY),
]


@pytest.mark.parametrize(
    ("model", "queryset", "get", "role"), REFERENCE, ids=lambda item: getattr(item, "__name__", "")
)
def test_reference_data_and_evidence_are_the_organizations_own(
    ours: Plans, theirs: Plans, model: type[Any], queryset: Getter, get: Getter, role: Role
) -> None:
    reader = _as(ours, role)
    own = set(model.objects.filter(organization=ours.organization))
    assert own
    assert set(queryset(reader)) == own
    item = next(iter(own))
    assert get(reader, item.pk) == item
    foreign = model.objects.filter(organization=theirs.organization).first()
    with pytest.raises(Http404):
        get(reader, foreign.pk)
    with pytest.raises(Http404):
        get(reader, item.pk, Capability.EDIT_PLAN)
    assert get(ours.editor, item.pk, Capability.EDIT_PLAN) == item


@pytest.mark.parametrize(
    "role", [Role.AMBASSADOR, Role.WORKS_COUNCIL, Role.DATA_PROTECTION_OFFICER, Role.ADMIN]
)
def test_evidence_does_not_exist_for_those_who_may_not_read_it(ours: Plans, role: Role) -> None:
    member = _as(ours, role)
    with pytest.raises(Http404):
        list(access.evidence_queryset(member))
    with pytest.raises(Http404):
        access.get_evidence_for(member, ours.evidence.pk)


def test_channels_come_with_their_owner_and_evidence_with_its_plan(ours: Plans) -> None:
    channel = actions.create_channel(
        ours.editor, name="Intranet der Leitung", kind=ChannelKind.OWNED_MEDIUM, owner=ours.editor
    )
    found = access.get_channel_for(ours.editor, channel.pk)
    evidence = access.get_evidence_for(ours.editor, ours.evidence.pk)
    with CaptureQueriesContext(connection) as queries:
        assert found.owner is not None and found.owner.user.email
        assert evidence.plan.identifier == "KP-01"
    assert len(queries) == 0


# ---------------------------------------------------------------- nobody without VIEW_PLAN, odd ids


GETTERS: list[tuple[str, Getter]] = [
    ("plan", access.get_plan_for),
    ("published", access.get_version_for),
    ("comment", access.get_version_comment_for),
    ("row", access.get_row_for),
    ("evidence", access.get_evidence_for),
]
QUERYSETS = [
    access.plan_queryset,
    access.version_queryset,
    access.comment_queryset,
    access.row_queryset,
    access.channel_queryset,
    access.audience_queryset,
    access.topic_queryset,
    access.evidence_queryset,
]


def test_a_member_without_view_plan_reaches_nothing(ours: Plans) -> None:
    """An inactive membership holds no capability, VIEW_PLAN included."""
    former = _inactive(ours, Role.QUALITY_OFFICER)
    for queryset in QUERYSETS:
        with pytest.raises(Http404):
            list(queryset(former))
    for name, get in GETTERS:
        with pytest.raises(Http404):
            get(former, getattr(ours, name).pk)


@pytest.mark.parametrize("odd", ODD_IDS, ids=repr)
def test_odd_ids_are_404(ours: Plans, odd: Any) -> None:
    getters = [*(get for _name, get in GETTERS), access.get_channel_for, access.get_audience_for]
    for get in [*getters, access.get_topic_for]:
        with pytest.raises(Http404):
            get(ours.editor, odd)


# ---------------------------------------------------------------- imports


def _import(plans: Plans, by: Membership) -> ImportJob:
    upload = SimpleUploadedFile(
        "matrix.csv", b"Thema;Beschreibung\r\nMesse;Neue Zeile\r\n", content_type="text/csv"
    )
    return importer.upload_import(by, plans.draft, upload)


def test_an_import_is_shared_by_the_editors_of_the_organization_only(ours: Plans, theirs: Plans) -> None:
    job = _import(ours, ours.editor)
    colleague = _as(ours, Role.QUALITY_OFFICER)
    found = access.get_import_job_for(colleague, job.pk)
    assert found == job
    with CaptureQueriesContext(connection) as queries:
        assert found.version.plan.organization.slug == ours.organization.slug
        assert found.created_by is not None and found.created_by.user.email
    assert len(queries) == 0
    for role in (Role.AUDITOR, Role.AMBASSADOR, Role.ADMIN):
        with pytest.raises(Http404):
            access.get_import_job_for(_as(ours, role), job.pk)
    with pytest.raises(Http404):
        access.get_import_job_for(theirs.editor, job.pk)
    for odd in ODD_IDS:
        with pytest.raises(Http404):
            access.get_import_job_for(ours.editor, odd)
