"""An installation upgraded to digested audit records keeps verifying the chains it already has."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from resonanz.core import audit
from resonanz.core.audit_erasure import erase_personal_fields
from resonanz.core.hashchain import GENESIS
from resonanz.core.models import AuditRecord, HashVersion, Organization
from resonanz.core.tests.tampering import flush_past_triggers, sql

BEFORE = [("core", "0002_audit_append_only")]


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


def _latest() -> list[tuple[str, str]]:
    leaves: list[tuple[str, str]] = MigrationExecutor(connection).loader.graph.leaf_nodes()
    return leaves


@pytest.fixture
def migrating_db(transactional_db: None) -> Iterator[None]:
    yield
    flush_past_triggers()


def test_a_chain_written_before_the_upgrade_verifies_after_it_and_can_be_erased(migrating_db: None) -> None:
    try:
        old = _migrate(BEFORE).loader.project_state(BEFORE).apps
        old_organization = old.get_model("core", "Organization").objects.create(name="Alt GmbH", slug="alt")
        prev_hash = GENESIS
        for seq in (1, 2, 3):
            # Hashed as the code before the upgrade hashed (pinned in test_audit_hashing).
            entry = AuditRecord(
                organization_id=old_organization.pk,
                seq=seq,
                created_at=dt.datetime(2025, 1, seq, 9, 0, tzinfo=dt.UTC),
                actor_name="Ada Admin",
                action="member.updated",
                object_type="core.membership",
                object_id="1",
                object_repr="Bert Buddy @ Alt GmbH",
                before={"job_title": "Presse"},
                after={"job_title": f"Teamleitung {seq}"},
                request_id="",
                job_id="",
                prev_hash=prev_hash,
                hash_version=HashVersion.CLEAR,
            )
            entry.hash = audit.compute_hash(entry)
            old.get_model("core", "AuditRecord").objects.create(
                **{
                    name: getattr(entry, name)
                    for name in (
                        "organization_id",
                        "seq",
                        "created_at",
                        "actor_name",
                        "action",
                        "object_type",
                        "object_id",
                        "object_repr",
                        "before",
                        "after",
                        "request_id",
                        "job_id",
                        "prev_hash",
                        "hash",
                    )
                }
            )
            prev_hash = entry.hash
        old.get_model("core", "Organization").objects.filter(pk=old_organization.pk).update(
            audit_head_seq=3, audit_head_hash=prev_hash
        )
    finally:
        _migrate(_latest())

    organization = Organization.objects.get(slug="alt")
    records = AuditRecord.objects.filter(organization=organization)
    assert set(records.values_list("hash_version", flat=True)) == {HashVersion.CLEAR}
    assert audit.verify_chain(organization) is None

    # The append-only triggers are back after the table was rebuilt.
    with pytest.raises(DatabaseError), transaction.atomic():
        sql("UPDATE core_auditrecord SET action = 'x' WHERE organization_id = %s", [organization.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        sql("DELETE FROM core_auditrecord WHERE organization_id = %s", [organization.pk])

    result = erase_personal_fields(list(records.values_list("pk", flat=True)))
    assert (result.records, result.refused) == (3, [])
    assert set(records.values_list("actor_name", flat=True)) == {""}
    assert audit.verify_chain(organization) is None
