"""The audit trail: append a record inside an action's transaction; verify an organization's chain.

The hash of a record covers its content and the hash of its predecessor. The organization row holds
the newest sequence number and hash, so a deleted tail is noticed as well as a gap, an edit or an
inserted record.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone

from resonanz.core.models import AuditRecord, Organization

if TYPE_CHECKING:
    from resonanz.core.models import Membership, User

GENESIS = "0" * 64
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("resonanz_request_id", default="")
job_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("resonanz_job_id", default="")

JSONValue = Any


def to_json(value: Any) -> JSONValue:
    """Convert a field value into plain JSON (str, int, bool, None, lists, dicts) for before/after."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float | decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(key): to_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [to_json(item) for item in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, JSONValue]:
    """The named fields of ``obj`` as JSON, for an audit record's before or after."""
    result: dict[str, JSONValue] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        result[name] = to_json(getattr(obj, attname))
    return result


def _canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def compute_hash(record: AuditRecord) -> str:
    # The actor's id is left out on purpose: erasing an account sets it to NULL (the copied name stays),
    # and that must not break the chain.
    payload = {
        "organization": record.organization_id,
        "seq": record.seq,
        "created_at": record.created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_name": record.actor_name,
        "action": record.action,
        "object_type": record.object_type,
        "object_id": record.object_id,
        "object_repr": record.object_repr,
        "before": record.before,
        "after": record.after,
        "request_id": record.request_id,
        "job_id": record.job_id,
        "prev_hash": record.prev_hash,
    }
    return hashlib.sha256(_canonical(payload)).hexdigest()


def record(
    organization: Organization,
    actor: Membership | User | None,
    action: str,
    obj: models.Model | None = None,
    *,
    before: dict[str, JSONValue] | None = None,
    after: dict[str, JSONValue] | None = None,
    object_repr: str | None = None,
) -> AuditRecord:
    """Append one audit record to the organization's chain. Must run inside the action's transaction."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("audit records are written inside the action's transaction")
    from resonanz.core.models import Membership

    user = actor.user if isinstance(actor, Membership) else actor
    # Locking the organization row serializes writers of this organization's chain on PostgreSQL;
    # SQLite's immediate transactions already hold the single write lock.
    head = (
        Organization.objects.select_for_update()
        .only("audit_head_seq", "audit_head_hash")
        .get(pk=organization.pk)
    )
    entry = AuditRecord(
        organization_id=organization.pk,
        seq=head.audit_head_seq + 1,
        created_at=timezone.now(),
        actor=user,
        actor_name=(user.full_name or user.email) if user is not None else "System",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=(object_repr if object_repr is not None else str(obj) if obj is not None else "")[:300],
        before=to_json(before) if before is not None else None,
        after=to_json(after) if after is not None else None,
        request_id=request_id_var.get(),
        job_id=job_id_var.get(),
        prev_hash=head.audit_head_hash or GENESIS,
    )
    # Round-trip through JSON so the hash is computed over what the database will give back.
    entry.before = json.loads(json.dumps(entry.before)) if entry.before is not None else None
    entry.after = json.loads(json.dumps(entry.after)) if entry.after is not None else None
    entry.hash = compute_hash(entry)
    entry.save()
    Organization.objects.filter(pk=organization.pk).update(
        audit_head_seq=entry.seq, audit_head_hash=entry.hash
    )
    organization.audit_head_seq = entry.seq
    organization.audit_head_hash = entry.hash
    return entry


@dataclass(frozen=True)
class ChainProblem:
    organization: str
    seq: int | None
    reason: str

    def __str__(self) -> str:
        where = f"record #{self.seq}" if self.seq is not None else "end of chain"
        return f"{self.organization}: {where}: {self.reason}"


def _records(organization: Organization) -> Iterator[AuditRecord]:
    return AuditRecord.objects.filter(organization=organization).order_by("seq").iterator(chunk_size=2000)


def verify_chain(organization: Organization) -> ChainProblem | None:
    """Return the first break in the organization's chain, or None when it is intact."""
    organization.refresh_from_db(fields=["audit_head_seq", "audit_head_hash"])
    expected_prev = GENESIS
    expected_seq = 1
    for entry in _records(organization):
        if entry.seq != expected_seq:
            if entry.seq > expected_seq:
                return ChainProblem(
                    organization.slug, entry.seq, f"records #{expected_seq}–#{entry.seq - 1} are missing"
                )
            return ChainProblem(organization.slug, entry.seq, "sequence number out of order")
        if entry.prev_hash != expected_prev:
            return ChainProblem(
                organization.slug, entry.seq, "does not follow its predecessor (record inserted or removed)"
            )
        if compute_hash(entry) != entry.hash:
            return ChainProblem(organization.slug, entry.seq, "content was altered after it was written")
        expected_prev = entry.hash
        expected_seq += 1
    last_seq = expected_seq - 1
    if last_seq != organization.audit_head_seq or (
        last_seq and expected_prev != organization.audit_head_hash
    ):
        return ChainProblem(
            organization.slug,
            None,
            f"the chain ends at #{last_seq} but the organization recorded #{organization.audit_head_seq} "
            "as its newest record (records removed or added at the end)",
        )
    return None
