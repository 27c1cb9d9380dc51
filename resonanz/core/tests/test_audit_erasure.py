"""Erasing the personal values copied into audit records: the chain stays verifiable.

``erase_personal_fields`` is the step the privacy app's erasure (Art. 17) builds on: names, e-mail
addresses and other personal values are blanked together with their salts, the digests stay, and
``resonanz audit verify`` still passes — while a name written back, or any other change, is still caught.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.test import override_settings

from resonanz.core import actions, audit
from resonanz.core.audit_erasure import erasable_keys, erase_personal_fields, person_plan
from resonanz.core.audit_keys import key_ring
from resonanz.core.hashchain import GENESIS
from resonanz.core.models import AuditRecord, HashVersion, Membership, Organization, User
from resonanz.core.roles import Role
from resonanz.core.tests.factories import make_member, make_organization
from resonanz.core.tests.tampering import drop_append_only_triggers, json_param, sql
from resonanz.environment import fernet_key
from resonanz.plan import actions as plan_actions


def _get(organization: Organization, action: str) -> AuditRecord:
    return AuditRecord.objects.get(organization=organization, action=action)


def _verify_command() -> int:
    try:
        call_command("audit", "verify", stdout=io.StringIO())
    except Exception as error:
        return int(getattr(error, "returncode", 99))
    return 0


@pytest.fixture
def team(org: Organization) -> dict[str, Membership]:
    """Ada administers; she changes Bert's job title; Bert plans and sends a newsletter."""
    ada = make_member(org, [Role.ADMIN], full_name="Ada Admin", email="ada@muster.example")
    bert = make_member(
        org, [Role.COMMUNICATIONS_MANAGER], full_name="Bert Buddy", email="bert@muster.example"
    )
    actions.update_member_details(ada, bert, job_title="Teamleitung")
    plan = plan_actions.create_plan(bert, identifier="KP-01", title="Kommunikationsplan", owner=bert)
    plan_actions.add_row(bert, plan.versions.get(), description="Newsletter", owner=bert, senders=[bert])
    actions.update_organization(ada, time_zone="Europe/Vienna")
    return {"ada": ada, "bert": bert}


# ---------------------------------------------------------------- records by id


def test_erasing_records_blanks_their_personal_values_and_keeps_the_chain(
    org: Organization, team: dict[str, Membership]
) -> None:
    entry = _get(org, "member.updated")
    result = erase_personal_fields([entry.pk])
    assert (result.records, result.values, result.refused) == (1, 4, [])

    erased = AuditRecord.objects.get(pk=entry.pk)
    assert (erased.actor_name, erased.object_repr) == ("", "")
    assert erased.before == {"job_title": None}
    assert erased.after == {"job_title": None}
    assert erased.personal_salts == {}
    assert erased.personal_digests == entry.personal_digests
    assert (erased.hash, erased.action, erased.object_id) == (entry.hash, entry.action, entry.object_id)
    assert audit.check_record(erased) is None
    assert audit.verify_chain(org) is None
    assert _verify_command() == 0


def test_erasing_keeps_what_is_not_personal(org: Organization, team: dict[str, Membership]) -> None:
    entry = AuditRecord.objects.get(organization=org, action="member.added", object_id=str(team["bert"].pk))
    erase_personal_fields([entry.pk])
    erased = AuditRecord.objects.get(pk=entry.pk)
    assert erased.after is not None
    assert erased.after["roles"] == ["communications_manager"]
    assert erased.after["user"] is None
    assert erased.after["job_title"] is None
    assert audit.verify_chain(org) is None


def test_erasing_twice_changes_nothing_the_second_time(
    org: Organization, team: dict[str, Membership]
) -> None:
    ids = list(AuditRecord.objects.filter(organization=org).values_list("pk", flat=True))
    first = erase_personal_fields(ids)
    assert first.records == len(ids)
    again = erase_personal_fields(ids)
    assert (again.records, again.values) == (0, 0)
    assert audit.verify_chain(org) is None


def test_a_name_written_back_after_erasure_is_caught(org: Organization, team: dict[str, Membership]) -> None:
    entry = _get(org, "member.updated")
    erase_personal_fields([entry.pk])
    drop_append_only_triggers()
    sql("UPDATE core_auditrecord SET actor_name = %s WHERE id = %s", ["Eve Evil", entry.pk])
    problem = audit.verify_chain(org)
    assert problem is not None
    assert (problem.seq, problem.reason) == (entry.seq, audit.PERSONAL_ALTERED.format(key="actor_name"))


def test_a_record_that_does_not_verify_is_not_erased(org: Organization, team: dict[str, Membership]) -> None:
    """Erasing would hide the tampering; the record stays as it is and is reported."""
    entry = _get(org, "member.updated")
    drop_append_only_triggers()
    sql("UPDATE core_auditrecord SET object_repr = %s WHERE id = %s", ["Eve Evil", entry.pk])
    result = erase_personal_fields([entry.pk])
    assert result.records == 0
    assert [(problem.seq, problem.reason) for problem in result.refused] == [
        (entry.seq, audit.PERSONAL_ALTERED.format(key="object_repr"))
    ]
    assert AuditRecord.objects.get(pk=entry.pk).actor_name == "Ada Admin"
    assert audit.verify_chain(org) is not None


# ---------------------------------------------------------------- the database lets only erasure through


def test_the_database_lets_names_be_blanked_but_not_changed(
    org: Organization, team: dict[str, Membership]
) -> None:
    entry = _get(org, "member.updated")
    for column in ("actor_name", "object_repr"):
        with pytest.raises(DatabaseError), transaction.atomic():
            sql(f"UPDATE core_auditrecord SET {column} = %s WHERE id = %s", ["Eve", entry.pk])  # noqa: S608
    changes: dict[str, Any] = {"hash_version": 1, "personal_digests": {}, "hash": "f" * 64, "action": "x"}
    for column, value in changes.items():
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditRecord.objects.filter(pk=entry.pk).update(**{column: value})
    erase_personal_fields([entry.pk])
    assert AuditRecord.objects.get(pk=entry.pk).actor_name == ""


def test_the_database_sets_a_seal_only_once(org: Organization, team: dict[str, Membership]) -> None:
    entry = _get(org, "member.updated")
    AuditRecord.objects.filter(pk=entry.pk).update(legacy_seal={"digests": {}})
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditRecord.objects.filter(pk=entry.pk).update(legacy_seal={"digests": {"x": "y"}})


# ---------------------------------------------------------------- version-1 records are sealed first


def _legacy_chain(organization: Organization, actor_name: str = "Ada Admin") -> list[AuditRecord]:
    """Two records as they were written before digests existed (hash version 1), at the chain's end."""
    organization.refresh_from_db()
    written = []
    prev_hash, seq = organization.audit_head_hash or GENESIS, organization.audit_head_seq
    for values in ({"job_title": "Presse"}, {"job_title": "Teamleitung"}):
        seq += 1
        entry = AuditRecord(
            organization_id=organization.pk,
            seq=seq,
            created_at=dt.datetime.now(dt.UTC),
            actor_name=actor_name,
            action="member.updated",
            object_type="core.membership",
            object_id="999",
            object_repr="Bert Buddy @ Muster GmbH",
            before=None,
            after={**values, "roles": ["buddy"]},
            request_id="req-legacy",
            job_id="",
            prev_hash=prev_hash,
            hash_version=HashVersion.CLEAR,
        )
        entry.hash = audit.compute_hash(entry)
        entry.save()
        written.append(entry)
        prev_hash = entry.hash
    Organization.objects.filter(pk=organization.pk).update(audit_head_seq=seq, audit_head_hash=prev_hash)
    assert audit.verify_chain(organization) is None
    return written


def test_a_version_1_record_is_sealed_then_erased_and_still_verifies(org: Organization) -> None:
    first, _second = _legacy_chain(org)
    assert erasable_keys(first) == ["actor_name", "object_repr", "after.job_title", "after.roles"]
    result = erase_personal_fields([first.pk])
    assert (result.records, result.values) == (1, 4)
    sealed = AuditRecord.objects.get(pk=first.pk)
    assert sealed.hash_version == HashVersion.CLEAR
    assert sealed.hash == first.hash
    assert (sealed.actor_name, sealed.object_repr, sealed.after) == (
        "",
        "",
        {"job_title": None, "roles": None},
    )
    seal = sealed.legacy_seal
    assert seal is not None
    assert set(seal) == {"digests", "key_id", "signature"}
    assert seal["key_id"] == key_ring().signing_id
    assert set(seal["digests"]) == {"actor_name", "object_repr", "after.job_title", "after.roles"}
    assert audit.check_record(sealed) is None
    assert audit.verify_chain(org) is None
    assert erasable_keys(sealed) == list(seal["digests"])


def test_a_partly_erased_version_1_record_keeps_checking_its_other_values(org: Organization) -> None:
    first, _second = _legacy_chain(org)
    result = erase_personal_fields({first.pk: ["actor_name"]})
    assert (result.records, result.values) == (1, 1)
    sealed = AuditRecord.objects.get(pk=first.pk)
    assert (sealed.actor_name, sealed.object_repr) == ("", "Bert Buddy @ Muster GmbH")
    assert audit.check_record(sealed) is None
    drop_append_only_triggers()
    sql("UPDATE core_auditrecord SET object_repr = %s WHERE id = %s", ["Eve Evil", first.pk])
    assert audit.check_record(AuditRecord.objects.get(pk=first.pk)) == audit.PERSONAL_ALTERED.format(
        key="object_repr"
    )


def _sealed(org: Organization) -> AuditRecord:
    first, _second = _legacy_chain(org)
    erase_personal_fields([first.pk])
    drop_append_only_triggers()
    return AuditRecord.objects.get(pk=first.pk)


def _set_seal(entry: AuditRecord, seal: Any) -> None:
    sql(f"UPDATE core_auditrecord SET legacy_seal = {json_param()} WHERE id = %s", [seal, entry.pk])  # noqa: S608


def test_a_sealed_record_changed_afterwards_is_caught(org: Organization) -> None:
    entry = _sealed(org)
    sql("UPDATE core_auditrecord SET action = %s WHERE id = %s", ["member.added", entry.pk])
    assert audit.check_record(AuditRecord.objects.get(pk=entry.pk)) == audit.SEAL_INVALID
    assert audit.verify_chain(org) is not None


@pytest.mark.parametrize(
    "tamper",
    ["signature", "key_id", "digests", "not_a_dict", "digests_not_a_map", "no_digests"],
)
def test_a_forged_or_altered_seal_is_caught(org: Organization, tamper: str) -> None:
    import json

    entry = _sealed(org)
    seal = dict(entry.legacy_seal or {})
    if tamper == "signature":
        seal["signature"] = seal["signature"][::-1]
    elif tamper == "key_id":
        seal["key_id"] = "0" * 16
    elif tamper == "digests":
        seal["digests"] = {**seal["digests"], "actor_name": "f" * 64}
    elif tamper == "digests_not_a_map":
        seal["digests"] = ["actor_name"]
    elif tamper == "no_digests":
        del seal["digests"]
    _set_seal(entry, json.dumps(["a list"] if tamper == "not_a_dict" else seal))
    assert audit.check_record(AuditRecord.objects.get(pk=entry.pk)) == audit.SEAL_INVALID


def test_a_seal_made_with_another_key_is_not_valid(org: Organization) -> None:
    first, _second = _legacy_chain(org)
    with override_settings(RESONANZ_AUDIT_KEYS=[fernet_key()]):
        erase_personal_fields([first.pk])
    assert audit.check_record(AuditRecord.objects.get(pk=first.pk)) == audit.SEAL_INVALID


def test_a_seal_stays_valid_after_the_audit_key_is_rotated(org: Organization, settings: Any) -> None:
    first, _second = _legacy_chain(org)
    erase_personal_fields([first.pk])
    settings.RESONANZ_AUDIT_KEYS = [fernet_key(), *settings.RESONANZ_AUDIT_KEYS]
    assert audit.verify_chain(org) is None


# ---------------------------------------------------------------- everything of one person


def test_erasing_a_person_removes_their_names_and_links_and_keeps_the_chain(
    org: Organization, team: dict[str, Membership]
) -> None:
    ada, bert = team["ada"], team["bert"]
    before = {entry.pk: entry for entry in AuditRecord.objects.filter(organization=org)}
    result = erase_personal_fields(bert.user)
    assert result.refused == []
    assert result.records >= 5
    assert audit.verify_chain(org) is None
    assert _verify_command() == 0

    def after(action: str) -> AuditRecord:
        return _get(org, action)

    # Where Bert acted, his name is gone; the plan's name is not his.
    created = after("plan.created")
    assert created.actor_name == ""
    assert created.object_repr == "KP-01 Kommunikationsplan"
    assert created.after is not None
    assert created.after["owner"] is None  # the link to his membership
    assert created.after["title"] == "Kommunikationsplan"
    row = after("plan.row_added")
    assert row.after is not None
    assert (row.after["owner"], row.after["senders"], row.after["description"]) == (None, None, "Newsletter")
    version = after("plan.draft_started")
    assert version.after is not None
    assert version.after["author_name"] is None
    # Records about Bert keep Ada's name as the one who acted.
    updated = after("member.updated")
    assert (updated.actor_name, updated.object_repr) == ("Ada Admin", "")
    assert updated.after == {"job_title": None}
    added = AuditRecord.objects.get(organization=org, action="member.added", object_id=str(bert.pk))
    assert added.after is not None
    assert added.after["user"] is None
    assert added.after["roles"] == ["communications_manager"]
    # Ada's own records are untouched.
    for entry in AuditRecord.objects.filter(organization=org, actor=ada.user).exclude(object_id=str(bert.pk)):
        original = before[entry.pk]
        assert (entry.actor_name, entry.object_repr, entry.after) == (
            original.actor_name,
            original.object_repr,
            original.after,
        )
    assert not AuditRecord.objects.filter(organization=org, actor_name="Bert Buddy").exists()
    assert not AuditRecord.objects.filter(organization=org, object_repr__contains="Bert").exists()


def test_a_person_is_found_in_every_organization_they_belong_to(
    org: Organization, team: dict[str, Membership]
) -> None:
    bert = team["bert"]
    elsewhere = make_organization("Zweitfirma AG")
    boss = make_member(elsewhere, [Role.ADMIN], full_name="Zora Zweit")
    actions.add_member(boss, elsewhere, email="bert@muster.example", full_name="", roles=[Role.BUDDY])
    added = AuditRecord.objects.get(
        organization=elsewhere, action="member.added", after__user=bert.user.email
    )
    erase_personal_fields(bert.user)
    erased = AuditRecord.objects.get(pk=added.pk).after
    assert erased is not None
    assert erased["user"] is None
    assert audit.verify_chain(elsewhere) is None


def test_the_name_of_a_deleted_account_is_still_found(org: Organization) -> None:
    """When the account is gone the actor link is empty; the copied name still tells whose it was."""
    ghost = make_member(org, [Role.ADMIN], full_name="Gerd Geist", email="gerd@muster.example")
    keeper = make_member(org, [Role.ADMIN], full_name="Gerd Geist", email="gerd2@muster.example")
    actions.update_organization(ghost, time_zone="Europe/Vienna")
    actions.update_organization(keeper, time_zone="Europe/Berlin")
    stand_in = User(pk=ghost.user.pk, full_name="Gerd Geist", email="gerd@muster.example")
    User.objects.filter(pk=ghost.user.pk).delete()
    plan = person_plan(stand_in)
    ghost_record = AuditRecord.objects.get(
        organization=org, action="organization.updated", actor__isnull=True
    )
    keeper_record = AuditRecord.objects.get(
        organization=org, action="organization.updated", actor=keeper.user
    )
    assert "actor_name" in plan[ghost_record.pk]
    # Someone else of the same name whose account still exists keeps theirs.
    assert "actor_name" not in plan.get(keeper_record.pk, set())
