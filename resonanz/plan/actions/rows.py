"""Actions on the rows of a draft: add, change, delete, reorder."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from resonanz.core import audit
from resonanz.core.dates import refuse_far_date
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action, same_organization
from resonanz.core.models import Membership
from resonanz.core.roles import Capability, Role
from resonanz.core.text import clean_text
from resonanz.plan.diff import row_values
from resonanz.plan.matrix_rows import load_rows
from resonanz.plan.models import (
    EMPTY_TIMING,
    Audience,
    Channel,
    PlanRow,
    PlanVersion,
    Topic,
    VersionStatus,
    fitting_timing,
)
from resonanz.plan.recurrence import RecurrenceError, normalize_rrule
from resonanz.plan.row_fields import FIELD, FIELD_NAMES, RELATION_FIELDS, SCALAR_FIELDS, Kind

_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


FROZEN = _(
    "Version %(number)s has the status “%(status)s” and cannot be changed. Start a new draft to change it."
)


def lock_draft(member: Membership, version: PlanVersion) -> PlanVersion:
    """Lock the version row and refuse unless it is a draft of the member's organization.

    Whoever locks a draft to change it becomes one of its contributors, who cannot approve it.
    """
    locked = PlanVersion.objects.select_for_update().select_related("plan").get(pk=version.pk)
    same_organization(member, locked.plan.organization_id)
    if locked.status != VersionStatus.DRAFT:
        raise ActionRefused(
            FROZEN,
            params={"number": locked.number, "status": locked.get_status_display()},
            code="frozen",
        )
    locked.contributors.add(member)
    return locked


def _reference(
    member: Membership, model: type[Any], value: Any, field: str, current: Iterable[Any] = ()
) -> Any:
    """A channel, audience, topic or member of the organization, given as an object or its id."""
    pk = value.pk if hasattr(value, "pk") else value
    if isinstance(pk, bool) or not isinstance(pk, int):
        raise ActionRefused(_("Choose an entry from the list."), field=field)
    if model is Membership:
        candidates = Membership.objects.filter(organization_id=member.organization_id).select_related("user")
    else:
        candidates = model.objects.filter(organization_id=member.organization_id)
    found = candidates.filter(pk=pk).first()
    current_ids = {item.pk for item in current}
    if found is None or (not found.is_active and found.pk not in current_ids):
        raise ActionRefused(
            _("This entry is unknown or no longer active: %(id)s."), params={"id": pk}, field=field
        )
    return found


def _clean_list(
    values: Any, field: str, allowed: Iterable[str] | None, pattern: re.Pattern[str] | None
) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str) or not isinstance(values, list | tuple | set | frozenset):
        raise ActionRefused(_("Give a list."), field=field)
    cleaned: list[str] = []
    allowed_set = set(allowed) if allowed is not None else None
    for value in values:
        text = clean_text(value).lower() if pattern is not None else clean_text(value)
        if (allowed_set is not None and text not in allowed_set) or (
            pattern is not None and not pattern.match(text)
        ):
            raise ActionRefused(
                _("“%(value)s” is not a valid choice."), params={"value": text[:20]}, field=field
            )
        if text not in cleaned:
            cleaned.append(text)
    _refuse_too_many(cleaned, field)
    return cleaned


def _refuse_too_many(values: list[Any] | tuple[Any, ...] | set[Any] | frozenset[Any], field: str) -> None:
    most = FIELD[field].limit or 0
    if len(values) > most:
        raise ActionRefused(_("Choose at most %(limit)s entries."), params={"limit": most}, field=field)


# What a reference of ``row_fields`` points at, and what the choice and code fields accept.
REFERENCE_MODELS: dict[str, type[Any]] = {
    "topic": Topic,
    "audience": Audience,
    "channel": Channel,
    "member": Membership,
}
CHOICE_REFUSALS = {
    "when_kind": _("Choose recurring, fixed date or trigger."),
    "direction": _("Choose internal, external or both."),
}


def _clean_text(field: str, text: str) -> str:
    limit = FIELD[field].limit or 0
    if len(text) > limit:
        raise ActionRefused(_("Use at most %(limit)s characters."), params={"limit": limit}, field=field)
    return text


def _clean_scalar(member: Membership, row: PlanRow, field: str, value: Any) -> Any:
    spec = FIELD[field]
    if spec.kind == Kind.TEXT:
        return _clean_text(field, clean_text(value))
    if spec.kind == Kind.RULE:
        return _clean_text(field, clean_text(value).upper().removeprefix("RRULE:"))
    if spec.kind == Kind.REFERENCE:
        current = [getattr(row, field)] if getattr(row, spec.column) else []
        model = REFERENCE_MODELS[spec.refers_to]
        return None if value is None else _reference(member, model, value, field, current)
    if spec.kind == Kind.CHOICE:
        model_field = PlanRow._meta.get_field(field)
        value = "" if value is None and spec.clearable else value
        allowed = {choice for choice, _label in getattr(model_field, "choices", None) or ()}
        if not isinstance(value, str) or not (value in allowed or (value == "" and spec.clearable)):
            raise ActionRefused(CHOICE_REFUSALS[field], field=field)
        return value
    if spec.kind == Kind.DATE:
        if value is None:
            return None
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise ActionRefused(_("Enter a date."), field=field)
        refuse_far_date(value, field)
        return value
    if spec.kind == Kind.TIME:
        if value is not None and not isinstance(value, dt.time):
            raise ActionRefused(_("Enter a time of day."), field=field)
        if value is not None and value.tzinfo is not None:
            raise ActionRefused(
                _("Give the time without a time-zone offset: it is the organization's local time."),
                field=field,
            )
        if value is not None and (value.second or value.microsecond):
            raise ActionRefused(_("Give the time in whole minutes, such as 09:30."), field=field)
        return value
    if field == "languages":
        return _clean_list(value, field, None, _LANGUAGE)
    # The sender roles, the one other list of codes: sorted, so a new order is no change.
    return sorted(_clean_list(value, field, Role.values, None))


def _apply(member: Membership, row: PlanRow, changes: dict[str, Any]) -> dict[str, list[Any]]:
    """Check ``changes`` and set the scalar ones on ``row``; return the relations to set after saving."""
    unknown = set(changes) - set(FIELD_NAMES)
    if unknown:
        raise ActionRefused(_("“%(field)s” cannot be set here."), params={"field": sorted(unknown)[0]})
    for field in SCALAR_FIELDS:
        if field in changes:
            setattr(row, field, _clean_scalar(member, row, field, changes[field]))
    # The kind decides which when fields the row keeps, whoever calls: form, importer or API.
    timing = fitting_timing(row.when_kind, {name: getattr(row, name) for name in EMPTY_TIMING})
    for name, value in timing.items():
        setattr(row, name, value)
    if row.rrule:
        try:
            row.rrule = normalize_rrule(row.rrule, row.start_date)
        except RecurrenceError as error:
            raise ActionRefused(error.messages[0], field="rrule") from None
    relations: dict[str, list[Any]] = {}
    for field in RELATION_FIELDS:
        if field in changes:
            values = changes[field] or []
            if isinstance(values, str) or not isinstance(values, list | tuple | set | frozenset):
                raise ActionRefused(_("Give a list."), field=field)
            _refuse_too_many(values, field)
            current = list(getattr(row, field).all()) if row.pk else []
            chosen = [
                _reference(member, REFERENCE_MODELS[FIELD[field].refers_to], value, field, current)
                for value in values
            ]
            relations[field] = list({item.pk: item for item in chosen}.values())
    return relations


def _snapshot(row: PlanRow) -> dict[str, Any]:
    (fresh,) = load_rows(row.version, row_id=row.pk)
    return {"row_key": str(fresh.row_key), "position": fresh.position, **row_values(fresh)}


@action(Capability.EDIT_PLAN)
def add_row(member: Membership, version: PlanVersion, **values: Any) -> PlanRow:
    """Append a row to a draft. Rows may be incomplete until the draft is submitted."""
    with transaction.atomic():
        locked = lock_draft(member, version)
        last = locked.rows.aggregate(last=Max("position"))["last"] or 0
        row = PlanRow(version=locked, position=last + 1)
        relations = _apply(member, row, values)
        row.save()
        for field, items in relations.items():
            getattr(row, field).set(items)
        audit.record(locked.plan.organization, member, "plan.row_added", row, after=_snapshot(row))
    return row


@action(Capability.EDIT_PLAN)
def update_row(member: Membership, row: PlanRow, **changes: Any) -> PlanRow:
    with transaction.atomic():
        lock_draft(member, row.version)
        locked = PlanRow.objects.select_related("version__plan", "topic").get(pk=row.pk)
        before = _snapshot(locked)
        relations = _apply(member, locked, changes)
        locked.save()
        for field, items in relations.items():
            getattr(locked, field).set(items)
        after = _snapshot(locked)
        if before != after:
            audit.record(
                locked.version.plan.organization,
                member,
                "plan.row_updated",
                locked,
                before=before,
                after=after,
            )
    return locked


@action(Capability.EDIT_PLAN)
def delete_row(member: Membership, row: PlanRow) -> None:
    with transaction.atomic():
        version = lock_draft(member, row.version)
        locked = PlanRow.objects.get(pk=row.pk)
        before = _snapshot(locked)
        audit.record(version.plan.organization, member, "plan.row_deleted", locked, before=before)
        locked.delete()


@action(Capability.EDIT_PLAN)
def reorder_rows(member: Membership, version: PlanVersion, row_ids: list[int]) -> None:
    """Put the draft's rows in the given order; ``row_ids`` must name every row exactly once."""
    with transaction.atomic():
        locked = lock_draft(member, version)
        rows = {row.pk: row for row in locked.rows.all()}
        if sorted(row_ids) != sorted(rows) or len(set(row_ids)) != len(row_ids):
            raise ActionRefused(_("Name every row of the draft exactly once."), field="row_ids")
        before = [str(row.row_key) for row in sorted(rows.values(), key=lambda r: (r.position, r.pk))]
        for position, pk in enumerate(row_ids, start=1):
            rows[pk].position = position
        PlanRow.objects.bulk_update(list(rows.values()), ["position"])
        after = [str(rows[pk].row_key) for pk in row_ids]
        if before != after:
            audit.record(
                locked.plan.organization,
                member,
                "plan.rows_reordered",
                locked,
                before={"rows": before},
                after={"rows": after},
            )
