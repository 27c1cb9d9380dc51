"""Erasing the personal values copied into audit records while the chain stays verifiable.

The low-level step the privacy app's erasure builds on. It blanks names, e-mail addresses and the
other personal values of audit records together with their salts; their digests stay in the hash, so
``resonanz audit verify`` still passes (see ``resonanz.core.hashchain``). Version-1 records hashed the
names in clear text: before one is erased, it is checked and sealed — digests of all its values,
signed with the audit key, take the place of the version-1 hash from then on.

A record that does not verify is never erased (that would hide the tampering): it is left as it is
and listed in the result. Nothing is audited here; the action that calls this records the erasure in
the organization's trail, which is what tells a lawful erasure from someone blanking names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models import Q

from resonanz.core.audit import ChainProblem, check_record, personal_value, personal_values, seal_message
from resonanz.core.audit_keys import sign
from resonanz.core.hashchain import is_blank, is_digest_map, seal_personal
from resonanz.core.models import AuditRecord, HashVersion, Membership, User

PERSON_FIELDS = ("actor_name", "object_repr")


@dataclass
class ErasureResult:
    records: int = 0  # records changed
    values: int = 0  # personal values blanked
    refused: list[ChainProblem] = field(default_factory=list)  # records that failed their check, untouched


def erasable_keys(record: AuditRecord) -> list[str]:
    """The personal keys of a record that can be erased: those with a digest; on an unsealed
    version-1 record every value (it is sealed first)."""
    if record.hash_version == HashVersion.DIGESTED:
        digests = record.personal_digests
        return list(digests) if is_digest_map(digests) else []
    if isinstance(record.legacy_seal, dict):
        digests = record.legacy_seal.get("digests")
        return list(digests) if is_digest_map(digests) else []
    keys = list(PERSON_FIELDS)
    for side, values in (("before", record.before), ("after", record.after)):
        if isinstance(values, dict):
            keys += [f"{side}.{key}" for key in values]
    return keys


def _salts(record: AuditRecord) -> dict[str, str]:
    return dict(record.personal_salts) if is_digest_map(record.personal_salts) else {}


def _erase(record: AuditRecord, wanted: set[str] | None, result: ErasureResult) -> None:
    reason = check_record(record)
    if reason is not None:
        result.refused.append(ChainProblem(record.organization.slug, record.seq, reason))
        return
    keys = erasable_keys(record)
    salts = _salts(record)
    changes: dict[str, Any] = {}
    if record.hash_version == HashVersion.CLEAR and record.legacy_seal is None:
        salts, digests = seal_personal(personal_values(record, keys))
        key_id, signature = sign(seal_message(record, digests))
        changes["legacy_seal"] = {"digests": digests, "key_id": key_id, "signature": signature}
    # A value already erased (blank, salt gone) stays as it is.
    chosen = [
        key
        for key in keys
        if (wanted is None or key in wanted) and (key in salts or not is_blank(personal_value(record, key)))
    ]
    if not chosen:
        return
    sides = {"before": record.before, "after": record.after}
    for key in chosen:
        del salts[key]
        if key in PERSON_FIELDS:
            changes[key] = ""
            continue
        side, _dot, name = key.partition(".")
        values = sides.get(side)
        if isinstance(values, dict) and name in values:
            sides[side] = {**values, name: None}
    AuditRecord.objects.filter(pk=record.pk).update(
        before=sides["before"], after=sides["after"], personal_salts=salts, **changes
    )
    result.records += 1
    result.values += len(chosen)


def erase_personal_fields(target: User | Iterable[int] | Mapping[int, Iterable[str]]) -> ErasureResult:
    """Erase personal values from audit records, in one transaction.

    ``target`` is a person (everything that names or links to them, see ``person_plan``), record ids
    (every personal value of those records) or record ids mapped to the personal keys to erase
    (``{17: ["actor_name", "after.job_title"]}``).
    """
    plan: dict[int, set[str] | None]
    if isinstance(target, User):
        plan = dict(person_plan(target))
    elif isinstance(target, Mapping):
        plan = {pk: set(keys) for pk, keys in target.items()}
    else:
        plan = dict.fromkeys(target)
    result = ErasureResult()
    ids = sorted(plan)
    with transaction.atomic():
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            records = (
                AuditRecord.objects.select_for_update().select_related("organization").filter(pk__in=chunk)
            )
            for record in records.order_by("pk"):
                _erase(record, plan[record.pk], result)
    return result


# ---------------------------------------------------------------- what names or links to a person


@dataclass(frozen=True)
class _Person:
    user_id: int
    names: frozenset[str]
    membership_ids: frozenset[int]

    def named_in(self, value: Any) -> bool:
        if isinstance(value, list):
            return any(self.named_in(item) for item in value)
        return isinstance(value, str) and value in self.names

    def linked_by(self, model: type[models.Model] | None, name: str, value: Any) -> bool:
        """Whether ``value`` of field ``name`` of ``model`` is a key of this person's user or membership."""
        if model is None:
            return False
        try:
            related = model._meta.get_field(name).related_model
        except FieldDoesNotExist:
            return False
        if related is User:
            ids: frozenset[int] = frozenset({self.user_id})
        elif related is Membership:
            ids = self.membership_ids
        else:
            return False
        items = value if isinstance(value, list) else [value]
        return any(isinstance(item, int) and not isinstance(item, bool) and item in ids for item in items)


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def person_plan(user: User) -> dict[int, set[str]]:
    """Which personal keys of which records belong to ``user``, by record id.

    The actor's name where the person acted (or where the account is gone and the name is theirs);
    every personal value of records about the person's account or memberships; elsewhere each value
    that is their name or e-mail address, or a link to their account or membership. A list that
    contains the person (the senders of a row) is erased as a whole.
    """
    person = _Person(
        user_id=user.pk,
        names=frozenset(name for name in (user.full_name, user.email) if name),
        membership_ids=frozenset(Membership.objects.filter(user=user).values_list("pk", flat=True)),
    )
    organizations = set(Membership.objects.filter(user=user).values_list("organization_id", flat=True))
    # Where the account acted, and where an account already deleted left its name.
    acted = Q(actor=user) | Q(actor__isnull=True, actor_name__in=person.names)
    organizations |= set(AuditRecord.objects.filter(acted).values_list("organization_id", flat=True))
    about = Q(object_type="core.user", object_id=str(user.pk)) | Q(
        object_type="core.membership", object_id__in=[str(pk) for pk in person.membership_ids]
    )
    about_ids = set(
        AuditRecord.objects.filter(about, organization_id__in=organizations).values_list("pk", flat=True)
    )
    plan: dict[int, set[str]] = {}
    records = AuditRecord.objects.filter(organization_id__in=organizations).order_by("pk")
    for record in records.iterator(chunk_size=2000):
        model = _model(record.object_type)
        keys: set[str] = set()
        for key in erasable_keys(record):
            value = personal_value(record, key)
            if key == "actor_name":
                mine = record.actor_id == user.pk or (record.actor_id is None and person.named_in(value))
            else:
                mine = (
                    record.pk in about_ids
                    or person.named_in(value)
                    or person.linked_by(model, key.partition(".")[2], value)
                )
            if mine:
                keys.add(key)
        if keys:
            plan[record.pk] = keys
    return plan
