"""Signed checkpoints of the audit chains: what holds against someone who can write the database.

A checkpoint is the head of one organization's chain (number and hash of its newest record) signed
with the audit key (``resonanz.core.audit_keys``), which is not in the database. Whoever rewrites
records and recomputes every hash after a checkpoint cannot sign the new head, so the checkpoint no
longer matches the chain. Checkpoints are written every quarter of an hour by the worker and on demand
(``resonanz audit checkpoint --org SLUG``), stored append-only, logged as a JSON line, and exported as
JSON for an auditor to keep::

    {"format": "resonanz-audit-checkpoint/1", "algorithm": "ed25519", "organization": "rheinblick",
     "organization_id": 1, "seq": 120, "head_hash": "…", "created_at": "2025-06-02T08:15:00.000000+00:00",
     "key_id": "…", "signature": "…"}

The signature is Ed25519 over the canonical JSON (keys sorted, no spaces, ASCII) of every field but
``signature``; an auditor can check it with the public key alone (``resonanz audit public-key``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterator, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone

from resonanz.core.audit import ChainProblem, head_problem, walk_chain
from resonanz.core.audit_keys import ALGORITHM, UNKNOWN_KEY, key_ring, sign, signature_problem
from resonanz.core.hashchain import GENESIS
from resonanz.core.models import AuditCheckpoint, AuditRecord, Organization

logger = logging.getLogger("resonanz.audit")

FORMAT = "resonanz-audit-checkpoint/1"
_HASH = re.compile(r"^[0-9a-f]{64}$")
_FIELD_TYPES: dict[str, type] = {
    "format": str,
    "algorithm": str,
    "organization": str,
    "organization_id": int,
    "seq": int,
    "head_hash": str,
    "created_at": str,
    "key_id": str,
    "signature": str,
}


class NothingToCheckpoint(Exception):
    """The organization's audit trail has no record yet."""


class ChainBroken(Exception):
    """The chain does not verify from the last checkpoint on: its head is not signed."""

    def __init__(self, problem: ChainProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class NotACheckpoint(ValueError):
    """A file that is not a resonanz audit checkpoint."""


def _timestamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _message(slug: str, organization_id: int, seq: int, head_hash: str, created_at: str) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "algorithm": ALGORITHM,
        "organization": slug,
        "organization_id": organization_id,
        "seq": seq,
        "head_hash": head_hash,
        "created_at": created_at,
    }


def document(checkpoint: AuditCheckpoint, slug: str | None = None) -> dict[str, Any]:
    """The checkpoint as the JSON object an auditor keeps (and ``verify --checkpoint`` reads)."""
    message = _message(
        slug if slug is not None else checkpoint.organization.slug,
        checkpoint.organization_id,
        checkpoint.seq,
        checkpoint.head_hash,
        _timestamp(checkpoint.created_at),
    )
    return {**message, "key_id": checkpoint.key_id, "signature": checkpoint.signature}


# ---------------------------------------------------------------- writing


def _verify_since_last_checkpoint(organization: Organization) -> ChainProblem | None:
    """Check the chain from the newest checkpoint to the head, so that only an intact chain is signed.

    The newest checkpoint vouches for everything before it; ``resonanz audit verify`` checks the rest.
    """
    start_seq, prev_hash = 1, GENESIS
    last = AuditCheckpoint.objects.filter(organization=organization).order_by("-seq", "-created_at").first()
    if last is not None:
        # The walk below compares the record's hash with the signed one; here only the signature.
        reason = _signature_reason(document(last, organization.slug))
        if reason is not None:
            return ChainProblem(organization.slug, last.seq, reason, kind="checkpoint")
        start_seq, prev_hash = last.seq + 1, last.head_hash
    problem, last_seq, last_hash = walk_chain(
        organization, start_seq=start_seq, prev_hash=prev_hash, last_seq=organization.audit_head_seq
    )
    return problem or head_problem(organization, last_seq, last_hash)


def make_checkpoint(organization: Organization) -> AuditCheckpoint:
    """Sign the current head of the organization's chain (or return the checkpoint that already has).

    Safe on several workers at once: the unique constraint on (organization, number, key) decides
    which insert stands; the others return it. Raises ``NothingToCheckpoint`` for an empty trail and
    ``ChainBroken`` when the chain does not verify since the last checkpoint.
    """
    head = Organization.objects.only("slug", "audit_head_seq", "audit_head_hash").get(pk=organization.pk)
    if head.audit_head_seq < 1:
        raise NothingToCheckpoint(head.slug)
    signing_id = key_ring().signing_id
    existing = AuditCheckpoint.objects.filter(organization=head, seq=head.audit_head_seq, key_id=signing_id)
    if (found := existing.filter(head_hash=head.audit_head_hash).first()) is not None:
        return found
    problem = _verify_since_last_checkpoint(head)
    if problem is not None:
        raise ChainBroken(problem)
    created_at = timezone.now()
    message = _message(head.slug, head.pk, head.audit_head_seq, head.audit_head_hash, _timestamp(created_at))
    key_id, signature = sign(message)
    checkpoint = AuditCheckpoint(
        organization=head,
        seq=head.audit_head_seq,
        head_hash=head.audit_head_hash,
        created_at=created_at,
        key_id=key_id,
        signature=signature,
    )
    try:
        with transaction.atomic():
            checkpoint.save()
    except IntegrityError:
        # Another worker signed the same head a moment ago; theirs stands.
        return existing.get()
    # A copy outside the database: log collectors keep what a database administrator cannot reach.
    logger.info("audit checkpoint %s", json.dumps(document(checkpoint, head.slug), sort_keys=True))
    return checkpoint


def organizations_due() -> QuerySet[Organization]:
    """Organizations whose newest record is not yet signed with the current key."""
    signed = AuditCheckpoint.objects.filter(
        organization=OuterRef("pk"), seq=OuterRef("audit_head_seq"), key_id=key_ring().signing_id
    )
    return Organization.objects.filter(audit_head_seq__gt=0).exclude(Exists(signed)).order_by("pk")


def write_due_checkpoints() -> int:
    """Checkpoint every chain that grew since its last checkpoint; returns how many were written."""
    written = 0
    for organization in list(organizations_due()):
        try:
            make_checkpoint(organization)
        except ChainBroken as broken:
            logger.error("audit chain broken, its head is not signed: %s", broken.problem)
        else:
            written += 1
    return written


# ---------------------------------------------------------------- checking


def _signature_reason(doc: Mapping[str, Any]) -> str | None:
    message = {name: doc[name] for name in _FIELD_TYPES if name not in ("key_id", "signature")}
    problem = signature_problem(message, doc["key_id"], doc["signature"])
    if problem == UNKNOWN_KEY:
        return (
            f"signed with an unknown key {doc['key_id']} "
            "(add its public key to RESONANZ_AUDIT_PUBLIC_KEYS if it was rotated)"
        )
    if problem is not None:
        return "the signature does not match (checkpoint forged or altered)"
    return None


def _checkpoint_problem(
    doc: Mapping[str, Any], record_hashes: Mapping[int, str], chain_end: int
) -> str | None:
    """Why a checkpoint does not hold, or None: its signature, then the record it names."""
    signature = _signature_reason(doc)
    if signature is not None:
        return signature
    seq = doc["seq"]
    stored = record_hashes.get(seq)
    if stored is None and seq > chain_end:
        return f"the chain ends at #{chain_end}, before the signed record #{seq} (records removed)"
    if stored is None:
        return f"the signed record #{seq} is missing"
    if stored != doc["head_hash"]:
        return f"record #{seq} no longer has the signed hash (the chain was rewritten after the checkpoint)"
    return None


def _chunks(checkpoints: QuerySet[AuditCheckpoint], size: int = 1000) -> Iterator[list[AuditCheckpoint]]:
    batch: list[AuditCheckpoint] = []
    for checkpoint in checkpoints.iterator(chunk_size=size):
        batch.append(checkpoint)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _chain_end(organization_id: int) -> int:
    end = AuditRecord.objects.filter(organization_id=organization_id).aggregate(end=Max("seq"))["end"]
    return int(end or 0)


def verify_checkpoints(organization: Organization) -> tuple[int, list[ChainProblem]]:
    """Check every stored checkpoint of the organization; returns how many there are and the problems."""
    chain_end = _chain_end(organization.pk)
    count = 0
    problems: list[ChainProblem] = []
    checkpoints = AuditCheckpoint.objects.filter(organization=organization).order_by("seq", "created_at")
    for batch in _chunks(checkpoints):
        count += len(batch)
        hashes = dict(
            AuditRecord.objects.filter(
                organization=organization, seq__in={checkpoint.seq for checkpoint in batch}
            ).values_list("seq", "hash")
        )
        for checkpoint in batch:
            problem = _checkpoint_problem(document(checkpoint, organization.slug), hashes, chain_end)
            if problem is not None:
                problems.append(ChainProblem(organization.slug, checkpoint.seq, problem, kind="checkpoint"))
    return count, problems


def read_document(text: str) -> dict[str, Any]:
    """Parse a kept checkpoint; raises ``NotACheckpoint`` naming what is wrong."""
    try:
        doc = json.loads(text)
    except ValueError:
        raise NotACheckpoint("not JSON") from None
    if not isinstance(doc, dict):
        raise NotACheckpoint("not a JSON object")
    for name, kind in _FIELD_TYPES.items():
        value = doc.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            wanted = "a whole number" if kind is int else "text"
            raise NotACheckpoint(f"the field {name!r} is missing or not {wanted}")
    if doc["format"] != FORMAT:
        raise NotACheckpoint(f"the format is {doc['format']!r}, not {FORMAT!r}")
    if doc["algorithm"] != ALGORITHM or not _HASH.match(doc["head_hash"]) or doc["seq"] < 1:
        raise NotACheckpoint("the algorithm, head hash or record number is not valid")
    return {name: doc[name] for name in _FIELD_TYPES}


def verify_document(doc: Mapping[str, Any]) -> ChainProblem | None:
    """Check a kept checkpoint (from ``read_document``) against the chain in the database and the keys."""
    organization = Organization.objects.filter(pk=doc["organization_id"]).first()
    if organization is None:
        return ChainProblem(
            doc["organization"], doc["seq"], "the organization no longer exists", kind="checkpoint"
        )
    seq = doc["seq"]
    hashes = dict(AuditRecord.objects.filter(organization=organization, seq=seq).values_list("seq", "hash"))
    problem = _checkpoint_problem(doc, hashes, _chain_end(organization.pk))
    if problem is None:
        return None
    return ChainProblem(organization.slug, seq, problem, kind="checkpoint")
