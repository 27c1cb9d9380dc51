"""How audit records are hashed: the two hash versions, personal values as salted digests, and what
``check_record`` accepts (an erased value) and refuses (a changed one).

The formulas are pinned by known hashes: a chain written years ago must verify with the code of today.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils.functional import SimpleLazyObject

from resonanz.core import actions, audit
from resonanz.core.hashchain import GENESIS, personal_digest, seal_personal
from resonanz.core.models import AuditRecord, HashVersion, Membership, Organization, User
from resonanz.core.roles import Role
from resonanz.core.tests.factories import make_member
from resonanz.core.tests.tampering import drop_append_only_triggers, sql
from resonanz.plan import actions as plan_actions

BERLIN_WINTER = dt.timezone(dt.timedelta(hours=1))


def _record(version: int = HashVersion.DIGESTED, **overrides: Any) -> AuditRecord:
    """A record in memory, hashed as ``audit.record`` would hash it."""
    entry = AuditRecord(
        organization_id=7,
        seq=42,
        created_at=dt.datetime(2025, 3, 30, 1, 30, 0, 123456, tzinfo=BERLIN_WINTER),
        actor_name="Ada Admin",
        action="member.updated",
        object_type="core.membership",
        object_id="12",
        object_repr="Bert Buddy @ Kette GmbH",
        before={"job_title": "Presse", "unit": "PR"},
        after={"job_title": "Teamleitung", "unit": "PR"},
        request_id="req-1",
        job_id="",
        prev_hash="a" * 64,
        hash_version=version,
    )
    for name, value in overrides.items():
        setattr(entry, name, value)
    if version == HashVersion.DIGESTED:
        keys = ["actor_name", "object_repr", "before.job_title", "after.job_title"]
        entry.personal_salts, entry.personal_digests = seal_personal(audit.personal_values(entry, keys))
    entry.hash = audit.compute_hash(entry)
    return entry


# ---------------------------------------------------------------- the formulas, pinned


def test_version_1_hashes_stay_what_they_were_when_written() -> None:
    """The formula from before digests existed: records written with it must keep verifying."""
    entry = _record(HashVersion.CLEAR)
    assert entry.hash == "05332bf1c6f452164589ec955d329ebb37084fafd2fdd72ef7842fe43172fd97"
    assert audit.check_record(entry) is None


def test_version_2_hashes_the_digests_instead_of_the_personal_values() -> None:
    entry = _record()
    entry.personal_digests = {
        "actor_name": "b" * 64,
        "object_repr": "c" * 64,
        "after.job_title": "d" * 64,
        "before.job_title": "e" * 64,
    }
    assert audit.compute_hash(entry) == "facb34e5826d44eb8ccfb397616f4e01b987902d90f66f5f9aa048678146b676"
    # The clear values are not part of the hash; the non-personal ones are.
    entry.actor_name, entry.object_repr = "", ""
    entry.before = {"job_title": None, "unit": "PR"}
    assert audit.compute_hash(entry) == "facb34e5826d44eb8ccfb397616f4e01b987902d90f66f5f9aa048678146b676"
    entry.before = {"job_title": None, "unit": "Vertrieb"}
    assert audit.compute_hash(entry) != "facb34e5826d44eb8ccfb397616f4e01b987902d90f66f5f9aa048678146b676"


def test_a_personal_digest_binds_key_salt_and_value() -> None:
    digest = personal_digest("actor_name", "Ada Admin", "00" * 16)
    assert digest == "5b7e0f5c141cc6281e53432376a9083467dbe6e481e19ab81ef917a753384c4a"
    assert personal_digest("object_repr", "Ada Admin", "00" * 16) != digest
    assert personal_digest("actor_name", "Ada Admin", "01" * 16) != digest
    assert personal_digest("actor_name", "Ada Admim", "00" * 16) != digest
    assert personal_digest("actor_name", "Ada Admin", "00" * 16) == digest


def test_sealing_gives_each_value_its_own_random_salt() -> None:
    salts, digests = seal_personal({"actor_name": "Ada", "object_repr": "Ada"})
    assert set(salts) == set(digests) == {"actor_name", "object_repr"}
    assert salts["actor_name"] != salts["object_repr"]
    assert all(len(salt) == 32 for salt in salts.values())
    assert digests["actor_name"] == personal_digest("actor_name", "Ada", salts["actor_name"])


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("actor_name", "Ada Admin"),
        ("object_repr", "Bert Buddy @ Kette GmbH"),
        ("before.job_title", "Presse"),
        ("after.job_title", "Teamleitung"),
        ("after.missing", None),
        ("during.job_title", None),
        ("job_title", None),
    ],
)
def test_a_personal_key_names_where_its_value_is(key: str, expected: Any) -> None:
    assert audit.personal_value(_record(), key) == expected


def test_a_personal_key_of_a_record_without_before_has_no_value() -> None:
    assert audit.personal_value(_record(before=None), "before.job_title") is None


# ---------------------------------------------------------------- what check_record accepts and refuses


def test_an_untouched_record_of_either_version_matches() -> None:
    assert audit.check_record(_record()) is None
    assert audit.check_record(_record(HashVersion.CLEAR)) is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("organization_id", 8),
        ("seq", 43),
        ("created_at", dt.datetime(2025, 3, 30, 1, 30, 0, 123457, tzinfo=BERLIN_WINTER)),
        ("action", "member.added"),
        ("object_type", "core.user"),
        ("object_id", "13"),
        ("before", {"job_title": "Presse", "unit": "Vertrieb"}),
        ("after", {"job_title": "Teamleitung", "unit": "PR", "extra": 1}),
        ("request_id", "req-2"),
        ("job_id", "job-1"),
        ("prev_hash", "b" * 64),
    ],
)
def test_a_changed_field_is_named_as_altered_in_either_version(field: str, value: Any) -> None:
    for version in HashVersion:
        entry = _record(version)
        setattr(entry, field, value)
        assert audit.check_record(entry) == audit.ALTERED, (version, field)


def test_a_changed_name_is_altered_content_in_version_1() -> None:
    entry = _record(HashVersion.CLEAR)
    entry.actor_name = "Eve"
    assert audit.check_record(entry) == audit.ALTERED


@pytest.mark.parametrize("key", ["actor_name", "object_repr", "before.job_title", "after.job_title"])
def test_a_changed_personal_value_is_named(key: str) -> None:
    entry = _record()
    _set(entry, key, "Eve Evil")
    assert audit.check_record(entry) == f"a personal value ({key}) was altered after it was written"


@pytest.mark.parametrize("key", ["actor_name", "object_repr", "before.job_title", "after.job_title"])
@pytest.mark.parametrize("blank", ["", None])
def test_an_erased_personal_value_matches_its_digest(key: str, blank: Any) -> None:
    entry = _record()
    _set(entry, key, blank)
    del entry.personal_salts[key]
    assert audit.check_record(entry) is None


def test_a_value_blanked_with_its_salt_kept_was_not_erased_but_altered() -> None:
    entry = _record()
    entry.actor_name = ""
    assert audit.check_record(entry) == "a personal value (actor_name) was altered after it was written"


def test_a_value_whose_salt_is_gone_must_be_blank() -> None:
    entry = _record()
    del entry.personal_salts["after.job_title"]
    assert audit.check_record(entry) == "a personal value (after.job_title) was altered after it was written"


@pytest.mark.parametrize("salts", [None, ["x"], {"actor_name": 1}])
def test_salts_that_are_not_a_map_of_text_count_as_gone(salts: Any) -> None:
    entry = _record()
    entry.personal_salts = salts
    assert audit.check_record(entry) == "a personal value (actor_name) was altered after it was written"


@pytest.mark.parametrize("digests", [None, ["actor_name"], {"actor_name": 5}])
def test_digests_that_are_not_a_map_of_text_are_altered_content(digests: Any) -> None:
    entry = _record()
    entry.personal_digests = digests
    assert audit.check_record(entry) == audit.ALTERED


def test_a_record_with_an_unknown_hash_version_is_refused() -> None:
    entry = _record()
    entry.hash_version = 3
    assert audit.check_record(entry) == "has an unknown hash version 3 (altered)"


def _set(entry: AuditRecord, key: str, value: Any) -> None:
    if key in ("actor_name", "object_repr"):
        setattr(entry, key, value)
        return
    side, _dot, name = key.partition(".")
    setattr(entry, side, {**getattr(entry, side), name: value})


# ---------------------------------------------------------------- what record() digests


def _newest(organization: Organization) -> AuditRecord:
    return AuditRecord.objects.filter(organization=organization).order_by("-seq")[0]


def test_new_records_digest_the_names_and_the_declared_personal_keys(org: Organization) -> None:
    admin = make_member(org, [Role.ADMIN], full_name="Ada Admin")
    buddy = make_member(org, [Role.BUDDY], full_name="Bert Buddy")
    actions.update_member_details(admin, buddy, job_title="Teamleitung")
    entry = _newest(org)
    assert entry.hash_version == HashVersion.DIGESTED
    # job_title is declared personal on Membership; the keys of a record follow the object's model.
    assert set(entry.personal_digests) == {"actor_name", "object_repr", "before.job_title", "after.job_title"}
    assert set(entry.personal_salts) == set(entry.personal_digests)
    assert entry.personal_digests["actor_name"] == personal_digest(
        "actor_name", "Ada Admin", entry.personal_salts["actor_name"]
    )
    assert audit.check_record(entry) is None

    actions.set_member_roles(admin, buddy, [Role.BUDDY, Role.AMBASSADOR])
    assert set(_newest(org).personal_digests) == {"actor_name", "object_repr"}  # roles name nobody


def test_plan_records_digest_the_people_of_a_row(org: Organization) -> None:
    manager = make_member(org, [Role.COMMUNICATIONS_MANAGER], full_name="Karla Kommunikation")
    plan = plan_actions.create_plan(manager, identifier="KP-01", title="Kommunikationsplan")
    version = plan.versions.get()
    plan_actions.add_row(manager, version, description="Newsletter", owner=manager, senders=[manager])
    entry = _newest(org)
    assert entry.action == "plan.row_added"
    assert {"after.owner", "after.senders", "after.approver"} <= set(entry.personal_digests)
    assert "after.description" not in entry.personal_digests
    assert audit.check_record(entry) is None


def test_a_record_without_an_object_digests_only_the_names(org: Organization) -> None:
    admin = make_member(org, [Role.ADMIN])
    with transaction.atomic():
        done = audit.record(org, admin, "test.done", after={"name": "Ada"})
        named = audit.record(org, admin, "test.named", after={"name": "Ada"}, personal=["name"])
        unnamed = audit.record(org, admin, "test.unnamed", after=None, personal=["name"])
    assert set(done.personal_digests) == {"actor_name", "object_repr"}
    assert set(named.personal_digests) == {"actor_name", "object_repr", "after.name"}
    assert set(unnamed.personal_digests) == {"actor_name", "object_repr"}
    assert audit.verify_chain(org) is None


# ---------------------------------------------------------------- chains of both versions


def test_a_chain_begun_before_digests_verifies_across_both_versions(org: Organization) -> None:
    """Records of a chain written before the upgrade keep their hash; new ones follow them."""
    admin = make_member(org, [Role.ADMIN], full_name="Ada Admin")
    org.refresh_from_db()
    head_seq, head_hash = org.audit_head_seq, org.audit_head_hash
    legacy = _record(
        HashVersion.CLEAR,
        organization_id=org.pk,
        seq=head_seq + 1,
        prev_hash=head_hash,
        created_at=dt.datetime.now(dt.UTC),
        personal_digests={},
        personal_salts={},
    )
    legacy.save()
    Organization.objects.filter(pk=org.pk).update(audit_head_seq=legacy.seq, audit_head_hash=legacy.hash)
    actions.update_organization(admin, time_zone="Europe/Vienna")
    newest = _newest(org)
    assert newest.prev_hash == legacy.hash
    assert newest.hash_version == HashVersion.DIGESTED
    assert audit.verify_chain(org) is None

    drop_append_only_triggers()
    sql("UPDATE core_auditrecord SET actor_name = %s WHERE id = %s", ["Eve", legacy.pk])
    problem = audit.verify_chain(org)
    assert problem is not None
    assert (problem.seq, problem.reason) == (legacy.seq, audit.ALTERED)


def test_a_record_duplicated_under_the_same_number_is_named(org: Organization) -> None:
    """Only someone who also drops the unique constraint can do this; verify still notices."""
    make_member(org, [Role.ADMIN])
    drop_append_only_triggers()
    if connection.vendor == "postgresql":
        sql("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred foreign-key checks pending on the table
        sql("ALTER TABLE core_auditrecord DROP CONSTRAINT core_audit_seq_unique")
    else:  # SQLite keeps the constraint in the table itself: copy the table without it
        sql("CREATE TABLE unconstrained AS SELECT * FROM core_auditrecord")
        sql("DROP TABLE core_auditrecord")
        sql("ALTER TABLE unconstrained RENAME TO core_auditrecord")
    columns = ", ".join(
        field.column for field in AuditRecord._meta.concrete_fields if field.column and not field.primary_key
    )
    sql(
        f"INSERT INTO core_auditrecord ({columns}) SELECT {columns} FROM core_auditrecord"  # noqa: S608
        " WHERE organization_id = %s AND seq = 1",
        [org.pk],
    )
    problem = audit.verify_chain(org)
    assert problem is not None
    assert (problem.organization, problem.seq, problem.reason) == (
        org.slug,
        1,
        "sequence number out of order",
    )
    first_hash = AuditRecord.objects.filter(organization=org, seq=1).values_list("hash", flat=True)[0]
    assert audit.walk_chain(org)[1:] == (1, first_hash)


def test_walking_part_of_a_chain_reports_where_it_stopped(org: Organization) -> None:
    admin = make_member(org, [Role.ADMIN])
    actions.update_organization(admin, time_zone="Europe/Vienna")
    records = list(AuditRecord.objects.filter(organization=org).order_by("seq"))
    assert len(records) == 3
    assert audit.walk_chain(org) == (None, 3, records[2].hash)
    assert audit.walk_chain(org, start_seq=2, prev_hash=records[0].hash, last_seq=2) == (
        None,
        2,
        records[1].hash,
    )
    assert audit.walk_chain(org, start_seq=4, prev_hash=records[2].hash) == (None, 3, records[2].hash)
    problem, last_seq, last_hash = audit.walk_chain(org, start_seq=2, prev_hash=GENESIS)
    assert problem is not None
    assert (problem.seq, last_seq, last_hash) == (2, 1, GENESIS)


def test_the_head_must_name_the_last_record_by_number_and_hash(org: Organization) -> None:
    org.refresh_from_db()
    assert audit.head_problem(org, org.audit_head_seq, org.audit_head_hash) is None
    assert audit.head_problem(org, org.audit_head_seq, "f" * 64) is not None
    rewound = audit.head_problem(org, org.audit_head_seq - 1, org.audit_head_hash)
    assert rewound is not None
    assert str(rewound) == (
        f"{org.slug}: end of chain: the chain ends at #{org.audit_head_seq - 1} but the organization "
        f"recorded #{org.audit_head_seq} as its newest record (records removed or added at the end)"
    )
    empty = Organization(slug="leer", audit_head_seq=0, audit_head_hash="")
    assert audit.head_problem(empty, 0, GENESIS) is None


@pytest.mark.parametrize(
    ("problem", "text"),
    [
        (audit.ChainProblem("kette", 3, "kaputt"), "kette: record #3: kaputt"),
        (audit.ChainProblem("kette", 3, "kaputt", kind="checkpoint"), "kette: checkpoint #3: kaputt"),
        (audit.ChainProblem("kette", None, "kaputt"), "kette: end of chain: kaputt"),
    ],
)
def test_a_problem_says_where_it_is(problem: audit.ChainProblem, text: str) -> None:
    assert str(problem) == text


def test_an_account_erased_by_deletion_keeps_its_name_and_the_chain(org: Organization) -> None:
    member = make_member(org, [Role.ADMIN], full_name="Ada Admin")
    actions.update_organization(member, time_zone="Europe/Vienna")
    User.objects.filter(pk=member.user.pk).delete()
    assert not Membership.objects.filter(pk=member.pk).exists()
    assert AuditRecord.objects.filter(organization=org, actor_name="Ada Admin", actor__isnull=True).exists()
    assert audit.verify_chain(org) is None


def test_an_object_behind_a_lazy_proxy_is_digested_by_its_model(org: Organization) -> None:
    """Views pass request.user, a SimpleLazyObject; its declarations are those of the user model."""
    admin = make_member(org, [Role.ADMIN], full_name="Ada Admin")
    with transaction.atomic():
        # What a view passes as the object; mypy knows it only as a SimpleLazyObject.
        lazy_user: Any = SimpleLazyObject(lambda: admin.user)
        entry = audit.record(org, admin, "test.lazy", lazy_user, after={"email": "a@b"})
    assert entry.object_type == "core.user"
    assert set(entry.personal_digests) == {"actor_name", "object_repr", "after.email"}


# ---------------------------------------------------------------- before and after as plain JSON


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        (True, True),
        (False, False),
        (7, 7),
        ("Text", "Text"),
        (1.5, "1.5"),
        (Decimal("2.50"), "2.50"),
        (dt.datetime(2025, 3, 30, 1, 30, tzinfo=dt.UTC), "2025-03-30T01:30:00+00:00"),
        (dt.date(2025, 3, 30), "2025-03-30"),
        (dt.time(9, 15), "09:15:00"),
        (uuid.UUID("12345678-1234-5678-1234-567812345678"), "12345678-1234-5678-1234-567812345678"),
        ({1: dt.date(2025, 1, 2), "b": [1, "x"]}, {"1": "2025-01-02", "b": [1, "x"]}),
        ((3, 1, 2), [3, 1, 2]),
        ([dt.date(2025, 1, 2)], ["2025-01-02"]),
        ({"b", "a", "c"}, ["a", "b", "c"]),
        (frozenset({3, 10, 2}), [10, 2, 3]),  # sorted as text, so the order never depends on the hash seed
        (Path("/tmp/x"), "/tmp/x"),
    ],
)
def test_values_become_plain_json(value: Any, expected: Any) -> None:
    assert audit.to_json(value) == expected
    assert type(audit.to_json(value)) is type(expected)


def test_a_model_becomes_its_key_and_a_snapshot_names_foreign_keys_by_id(org: Organization) -> None:
    member = make_member(org, [Role.BUDDY], full_name="Bert Buddy")
    assert audit.to_json(member) == member.pk
    assert audit.snapshot(member, ["user", "job_title", "is_active"]) == {
        "user": member.user_id,
        "job_title": "",
        "is_active": True,
    }


def test_what_record_writes_for_system_work_nameless_accounts_and_long_names(org: Organization) -> None:
    nameless = make_member(org, [Role.ADMIN], email="ohne.name@muster.example")
    User.objects.filter(pk=nameless.user.pk).update(full_name="")
    nameless.user.refresh_from_db()
    unsaved = Organization(name="x" * 400, slug="neu")
    with transaction.atomic():
        by_system = audit.record(org, None, "test.system", unsaved)
        by_account = audit.record(org, nameless.user, "test.account", object_repr="y" * 400)
    assert (by_system.actor_id, by_system.actor_name) == (None, "System")
    assert (by_system.object_type, by_system.object_id) == ("core.organization", "")
    assert by_system.object_repr == "x" * 300
    assert (by_account.actor_name, by_account.object_type, by_account.object_repr) == (
        "ohne.name@muster.example",
        "",
        "y" * 300,
    )
    assert (by_system.before, by_system.after) == (None, None)
    # The organization in hand knows its new head, as does its row.
    assert (org.audit_head_seq, org.audit_head_hash) == (by_account.seq, by_account.hash)
    fresh = Organization.objects.get(pk=org.pk)
    assert (fresh.audit_head_seq, fresh.audit_head_hash) == (by_account.seq, by_account.hash)
    assert by_account.prev_hash == by_system.hash
    assert AuditRecord.objects.get(pk=by_account.pk).hash == by_account.hash


def test_the_seal_of_an_erased_version_1_record_signs_its_place_hash_and_digested_content() -> None:
    """Pinned, like the hashes: seals signed today must check tomorrow, also with other tools."""
    entry = _record(HashVersion.CLEAR)
    entry.hash = "f" * 64
    digests = {"actor_name": "b" * 64, "object_repr": "c" * 64, "before.job_title": "e" * 64}
    content = {
        "version": 1,
        "organization": 7,
        "seq": 42,
        "created_at": "2025-03-30T00:30:00.123456+00:00",
        "action": "member.updated",
        "object_type": "core.membership",
        "object_id": "12",
        "before": {"unit": "PR"},
        "after": {"job_title": "Teamleitung", "unit": "PR"},
        "request_id": "req-1",
        "job_id": "",
        "prev_hash": "a" * 64,
        "personal": digests,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")
    assert audit.seal_message(entry, digests) == {
        "format": "resonanz-audit-seal/1",
        "organization": 7,
        "seq": 42,
        "hash": "f" * 64,
        "content": hashlib.sha256(canonical).hexdigest(),
    }
