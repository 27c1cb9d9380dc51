"""The audit trail: append a record inside an action's transaction; verify an organization's chain.

The hash of a record covers its content and the hash of its predecessor. The organization row holds
the newest sequence number and hash, so a deleted tail is noticed as well as a gap, an edit or an
inserted record. Someone who can write the database could still recompute every hash: signed
checkpoints of the head (``resonanz.core.checkpoints``) catch that.

Hash versions: records written before personal values were digested (version 1) hash the names in
clear text and stay verifiable as they are; since version 2 the actor's name, the object's name and
personal keys of before/after enter the hash as salted digests (``resonanz.core.hashchain``), so that
``resonanz.core.audit_erasure`` can blank them without breaking the chain.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import decimal
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone

from resonanz.core.audit_keys import signature_problem
from resonanz.core.hashchain import GENESIS as GENESIS
from resonanz.core.hashchain import altered_personal_key, chain_hash, is_digest_map, seal_personal
from resonanz.core.models import AuditRecord, HashVersion, Organization
from resonanz.core.personal_data import personal_fields

if TYPE_CHECKING:
    from resonanz.core.models import Membership, User

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


def _payload_v1(record: AuditRecord) -> dict[str, Any]:
    # The actor's id is left out on purpose: erasing an account sets it to NULL (the copied name stays),
    # and that must not break the chain.
    return {
        "organization": record.organization_id,
        "seq": record.seq,
        "created_at": _timestamp(record.created_at),
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


def _timestamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _without(values: Any, side: str, personal: Mapping[str, str]) -> Any:
    """``before`` or ``after`` without its personal keys (they are hashed as digests instead)."""
    if not isinstance(values, dict):
        return values
    return {key: value for key, value in values.items() if f"{side}.{key}" not in personal}


def payload(record: AuditRecord, digests: Mapping[str, str]) -> dict[str, Any]:
    """What is hashed since version 2: the record with its personal values replaced by ``digests``."""
    return {
        "version": record.hash_version,
        "organization": record.organization_id,
        "seq": record.seq,
        "created_at": _timestamp(record.created_at),
        "action": record.action,
        "object_type": record.object_type,
        "object_id": record.object_id,
        "before": _without(record.before, "before", digests),
        "after": _without(record.after, "after", digests),
        "request_id": record.request_id,
        "job_id": record.job_id,
        "prev_hash": record.prev_hash,
        "personal": dict(digests),
    }


def personal_value(record: AuditRecord, key: str) -> JSONValue:
    """The clear value behind a personal key: ``actor_name``, ``object_repr`` or ``before.<key>``."""
    if key in ("actor_name", "object_repr"):
        return getattr(record, key)
    side, _dot, name = key.partition(".")
    values = {"before": record.before, "after": record.after}.get(side)
    return values.get(name) if isinstance(values, dict) else None


def personal_values(record: AuditRecord, keys: Iterable[str]) -> dict[str, JSONValue]:
    return {key: personal_value(record, key) for key in keys}


def compute_hash(record: AuditRecord) -> str:
    """The hash of a record as its ``hash_version`` computes it (version 1: names in clear text)."""
    if record.hash_version == HashVersion.CLEAR:
        return chain_hash(_payload_v1(record))
    return chain_hash(payload(record, record.personal_digests))


def _personal_keys(obj: models.Model | None, before: Any, after: Any, personal: Iterable[str]) -> list[str]:
    """The keys of before and after that carry personal values: fields the object's model declares
    personal (``core.personal_data``), and those the caller names."""
    names = set(personal)
    if obj is not None:
        names |= set(personal_fields(obj.__class__))  # not type(): request.user is a lazy proxy
    keys = ["actor_name", "object_repr"]
    for side, values in (("before", before), ("after", after)):
        if isinstance(values, dict):
            keys += [f"{side}.{key}" for key in values if key in names]
    return keys


def record(
    organization: Organization,
    actor: Membership | User | None,
    action: str,
    obj: models.Model | None = None,
    *,
    before: dict[str, JSONValue] | None = None,
    after: dict[str, JSONValue] | None = None,
    object_repr: str | None = None,
    personal: Iterable[str] = (),
) -> AuditRecord:
    """Append one audit record to the organization's chain. Must run inside the action's transaction.

    The actor's name, the object's name and the keys of ``before``/``after`` that are personal (fields
    the object's model declares personal, plus the keys named in ``personal``) are hashed as salted
    digests, so that they can be erased later without breaking the chain.
    """
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
        hash_version=HashVersion.DIGESTED,
    )
    # Round-trip through JSON so the hash is computed over what the database will give back.
    entry.before = json.loads(json.dumps(entry.before)) if entry.before is not None else None
    entry.after = json.loads(json.dumps(entry.after)) if entry.after is not None else None
    keys = _personal_keys(obj, entry.before, entry.after, personal)
    entry.personal_salts, entry.personal_digests = seal_personal(personal_values(entry, keys))
    entry.hash = compute_hash(entry)
    entry.save()
    Organization.objects.filter(pk=organization.pk).update(
        audit_head_seq=entry.seq, audit_head_hash=entry.hash
    )
    organization.audit_head_seq = entry.seq
    organization.audit_head_hash = entry.hash
    return entry


ALTERED = "content was altered after it was written"
PERSONAL_ALTERED = "a personal value ({key}) was altered after it was written"
SEAL_INVALID = (
    "the seal of its erased personal values is not valid (forged, altered or signed with an unknown key)"
)
UNKNOWN_VERSION = "has an unknown hash version {version} (altered)"
SEAL_FORMAT = "resonanz-audit-seal/1"


@dataclass(frozen=True)
class ChainProblem:
    organization: str
    seq: int | None
    reason: str
    # "record" or "checkpoint": what ``seq`` numbers.
    kind: str = "record"

    def __str__(self) -> str:
        where = "end of chain" if self.seq is None else f"{self.kind} #{self.seq}"
        return f"{self.organization}: {where}: {self.reason}"


def seal_message(record: AuditRecord, digests: Mapping[str, str]) -> dict[str, Any]:
    """What the erasure signs for a version-1 record: its place, its hash and its content with the
    personal values as digests. Checked in place of the version-1 hash, which needs the clear values."""
    return {
        "format": SEAL_FORMAT,
        "organization": record.organization_id,
        "seq": record.seq,
        "hash": record.hash,
        "content": chain_hash(payload(record, digests)),
    }


def _salts(record: AuditRecord) -> Mapping[str, str]:
    return record.personal_salts if is_digest_map(record.personal_salts) else {}


def check_record(record: AuditRecord) -> str | None:
    """Why ``record`` does not match its hash (or its seal), or None when it does.

    Erased personal values (blank, salt gone) match their digest; see ``resonanz.core.hashchain``.
    """
    if record.hash_version == HashVersion.CLEAR and record.legacy_seal is None:
        return None if chain_hash(_payload_v1(record)) == record.hash else ALTERED
    if record.hash_version == HashVersion.CLEAR:
        return _check_sealed(record)
    if record.hash_version != HashVersion.DIGESTED:
        return UNKNOWN_VERSION.format(version=record.hash_version)
    digests = record.personal_digests
    if not is_digest_map(digests) or chain_hash(payload(record, digests)) != record.hash:
        return ALTERED
    return _altered_personal(record, digests)


def _altered_personal(record: AuditRecord, digests: Mapping[str, str]) -> str | None:
    key = altered_personal_key(personal_values(record, digests), _salts(record), digests)
    return None if key is None else PERSONAL_ALTERED.format(key=key)


def _check_sealed(record: AuditRecord) -> str | None:
    """A version-1 record whose personal values were erased: the seal stands in for the hash."""
    seal = record.legacy_seal
    if not isinstance(seal, dict) or not is_digest_map(seal.get("digests")):
        return SEAL_INVALID
    digests = seal["digests"]
    problem = _altered_personal(record, digests)
    if problem is not None:
        return problem
    if signature_problem(seal_message(record, digests), seal.get("key_id"), seal.get("signature")):
        return SEAL_INVALID
    return None


def walk_chain(
    organization: Organization, *, start_seq: int = 1, prev_hash: str = GENESIS, last_seq: int | None = None
) -> tuple[ChainProblem | None, int, str]:
    """Check the records from ``start_seq`` on (up to ``last_seq``): numbering, links and content.

    Returns the first problem, or None with the number and hash of the last record checked.
    """
    records = AuditRecord.objects.filter(organization=organization, seq__gte=start_seq)
    if last_seq is not None:
        records = records.filter(seq__lte=last_seq)
    expected_seq = start_seq
    expected_prev = prev_hash
    # The chunk size only sets how many records are fetched at a time, not which: its mutants are
    # equivalent.
    for entry in records.order_by("seq").iterator(chunk_size=2000):  # pragma: no mutate
        if entry.seq > expected_seq:
            return (
                ChainProblem(
                    organization.slug, entry.seq, f"records #{expected_seq}–#{entry.seq - 1} are missing"
                ),
                expected_seq - 1,
                expected_prev,
            )
        if entry.seq < expected_seq:
            return (
                ChainProblem(organization.slug, entry.seq, "sequence number out of order"),
                expected_seq - 1,
                expected_prev,
            )
        if entry.prev_hash != expected_prev:
            return (
                ChainProblem(
                    organization.slug,
                    entry.seq,
                    "does not follow its predecessor (record inserted or removed)",
                ),
                expected_seq - 1,
                expected_prev,
            )
        reason = check_record(entry)
        if reason is not None:
            return ChainProblem(organization.slug, entry.seq, reason), expected_seq - 1, expected_prev
        expected_prev = entry.hash
        expected_seq += 1
    return None, expected_seq - 1, expected_prev


def head_problem(organization: Organization, last_seq: int, last_hash: str) -> ChainProblem | None:
    """A problem when the chain does not end where the organization row says its head is."""
    if last_seq != organization.audit_head_seq or (last_seq and last_hash != organization.audit_head_hash):
        return ChainProblem(
            organization.slug,
            None,
            f"the chain ends at #{last_seq} but the organization recorded #{organization.audit_head_seq} "
            "as its newest record (records removed or added at the end)",
        )
    return None


def verify_chain(organization: Organization) -> ChainProblem | None:
    """Return the first break in the organization's chain, or None when it is intact."""
    # Naming the fields only spares reading the others; refreshing all reads the same head (equivalent).
    organization.refresh_from_db(fields=["audit_head_seq", "audit_head_hash"])  # pragma: no mutate
    problem, last_seq, last_hash = walk_chain(organization)
    return problem or head_problem(organization, last_seq, last_hash)
