"""Playing someone with direct database access: raw SQL past the append-only triggers.

Tests drop the triggers inside their own transaction (rolled back afterwards, which restores them),
tamper with raw SQL, and expect ``resonanz audit verify`` to notice.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from resonanz.core import audit
from resonanz.core.hashchain import seal_personal
from resonanz.core.models import AuditRecord, HashVersion, Organization

TRIGGERS = (
    ("core_audit_no_update", "core_auditrecord"),
    ("core_audit_no_delete", "core_auditrecord"),
    ("core_audit_erase_only", "core_auditrecord"),
    ("core_checkpoint_no_update", "core_auditcheckpoint"),
    ("core_checkpoint_no_delete", "core_auditcheckpoint"),
)


def sql(statement: str, params: list[Any] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def json_param() -> str:
    """The placeholder for a JSON value in raw SQL."""
    return "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"


def drop_append_only_triggers() -> None:
    for trigger, table in TRIGGERS:
        if connection.vendor == "postgresql":
            sql(f"DROP TRIGGER {trigger} ON {table}")
        else:
            sql(f"DROP TRIGGER {trigger}")


def forge_record(organization: Organization, seq: int, prev_hash: str, **fields: Any) -> AuditRecord:
    """Insert a well-formed record, hashed like a real one: the attacker knows the algorithm."""
    forged = AuditRecord(
        organization_id=organization.pk,
        seq=seq,
        created_at=timezone.now(),
        actor_name="Niemand",
        action="member.added",
        object_type="core.membership",
        object_id="999",
        object_repr="Niemand",
        before=None,
        after=None,
        request_id="",
        job_id="",
        prev_hash=prev_hash,
        hash_version=HashVersion.DIGESTED,
    )
    for name, value in fields.items():
        setattr(forged, name, value)
    forged.personal_salts, forged.personal_digests = seal_personal(
        {"actor_name": forged.actor_name, "object_repr": forged.object_repr}
    )
    forged.hash = audit.compute_hash(forged)
    forged.save()
    return forged


def rewrite_chain(organization: Organization, seq: int, **changes: Any) -> None:
    """Change record ``seq`` and recompute its hash and every later one, and the head: the attack that
    only a signed checkpoint notices."""
    prev_hash = None
    for entry in AuditRecord.objects.filter(organization=organization, seq__gte=seq).order_by("seq"):
        if prev_hash is None:
            for name, value in changes.items():
                setattr(entry, name, value)
        else:
            entry.prev_hash = prev_hash
        entry.hash = audit.compute_hash(entry)
        AuditRecord.objects.filter(pk=entry.pk).update(
            prev_hash=entry.prev_hash, hash=entry.hash, **{name: getattr(entry, name) for name in changes}
        )
        prev_hash = entry.hash
    Organization.objects.filter(pk=organization.pk).update(audit_head_hash=prev_hash)


def flush_past_triggers() -> None:
    """Empty every table after a transactional test. Django's flush deletes rows, which the guarding
    triggers refuse on SQLite (PostgreSQL truncates, which row triggers do not see): set them aside for
    that moment and put them back unchanged."""
    if connection.vendor != "sqlite":
        call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL")
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        try:
            call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
        finally:
            for _name, statement in triggers:
                cursor.execute(statement)
