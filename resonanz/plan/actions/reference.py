"""Actions on the plan's reference data: channels, audiences and topics."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.core.text import clean_text
from resonanz.plan.models import Audience, Channel, ChannelKind, Direction, MissReason, Topic

Item = TypeVar("Item", Channel, Audience, Topic, MissReason)

FIELDS: dict[type[Any], tuple[str, ...]] = {
    Channel: ("name", "kind", "direction", "owner", "is_active", "position"),
    Audience: ("name", "expectations", "direction", "is_active", "position"),
    Topic: ("name", "description", "is_active", "position"),
    MissReason: ("name", "is_active", "position"),
}


def _clean(member: Membership, model: type[Item], values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(FIELDS[model])
    if unknown:
        raise ActionRefused(_("“%(field)s” cannot be set here."), params={"field": sorted(unknown)[0]})
    cleaned = dict(values)
    if "name" in cleaned:
        cleaned["name"] = clean_text(cleaned["name"])
        if not cleaned["name"]:
            raise ActionRefused(_("Enter a name."), field="name")
        if len(cleaned["name"]) > 120:
            raise ActionRefused(_("Use at most 120 characters."), field="name")
    for field in ("expectations", "description"):
        if field in cleaned:
            cleaned[field] = clean_text(cleaned[field], 5000)
    if "kind" in cleaned and cleaned["kind"] not in ChannelKind.values:
        raise ActionRefused(_("Choose a kind of channel."), field="kind")
    if "direction" in cleaned and cleaned["direction"] not in Direction.values:
        raise ActionRefused(_("Choose internal, external or both."), field="direction")
    if "position" in cleaned and not (
        isinstance(cleaned["position"], int) and 0 <= cleaned["position"] <= 100_000
    ):
        raise ActionRefused(_("The position must be a number from 0 to 100000."), field="position")
    if "is_active" in cleaned:
        cleaned["is_active"] = bool(cleaned["is_active"])
    if cleaned.get("owner") is not None:
        owner = cleaned["owner"]
        if not isinstance(owner, Membership):
            owner = Membership.objects.filter(pk=owner).first() if isinstance(owner, int) else None
        if owner is None or owner.organization_id != member.organization_id or not owner.is_active:
            raise ActionRefused(_("Choose an active member of the organization."), field="owner")
        cleaned["owner"] = owner
    return cleaned


def _name_taken(model: type[Item], member: Membership, name: str, exclude: int | None = None) -> bool:
    taken = model.objects.filter(organization_id=member.organization_id, name__iexact=name)
    return taken.exclude(pk=exclude).exists() if exclude is not None else taken.exists()


def _refuse_name(name: str) -> ActionRefused:
    return ActionRefused(_("“%(name)s” exists already."), params={"name": name}, field="name")


def _create(member: Membership, model: type[Item], values: dict[str, Any]) -> Item:
    cleaned = _clean(member, model, values)
    if "name" not in cleaned:
        raise ActionRefused(_("Enter a name."), field="name")
    label = model._meta.model_name
    with transaction.atomic():
        if _name_taken(model, member, cleaned["name"]):
            raise _refuse_name(cleaned["name"])
        if "position" not in cleaned:
            last = model.objects.filter(organization_id=member.organization_id).order_by("-position").first()
            cleaned["position"] = (last.position + 1) if last is not None else 1
        try:
            with transaction.atomic():
                item = model.objects.create(organization=member.organization, **cleaned)
        except IntegrityError:
            raise _refuse_name(cleaned["name"]) from None
        audit.record(
            member.organization,
            member,
            f"plan.{label}_created",
            item,
            after=audit.snapshot(item, FIELDS[model]),
        )
    return item


def _update(member: Membership, model: type[Item], item: Item, changes: dict[str, Any]) -> Item:
    cleaned: dict[str, Any] = _clean(member, model, changes)
    label = model._meta.model_name
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=item.pk)
        if "name" in cleaned and _name_taken(model, member, cleaned["name"], exclude=locked.pk):
            raise _refuse_name(cleaned["name"])
        before = audit.snapshot(locked, FIELDS[model])
        for field, value in cleaned.items():
            setattr(locked, field, value)
        after = audit.snapshot(locked, FIELDS[model])
        if before == after:
            return locked  # nothing to change, nothing to record
        try:
            with transaction.atomic():
                locked.save(update_fields=[*cleaned])
        except IntegrityError:
            raise _refuse_name(cleaned.get("name", "")) from None
        action = "updated"
        if set(cleaned) == {"is_active"}:
            action = "activated" if locked.is_active else "deactivated"
        audit.record(
            member.organization, member, f"plan.{label}_{action}", locked, before=before, after=after
        )
    return locked


@action(Capability.EDIT_PLAN)
def create_channel(
    member: Membership, *, name: str, kind: str, direction: str = Direction.BOTH, **values: Any
) -> Channel:
    return _create(member, Channel, {"name": name, "kind": kind, "direction": direction, **values})


@action(Capability.EDIT_PLAN)
def update_channel(member: Membership, channel: Channel, **changes: Any) -> Channel:
    return _update(member, Channel, channel, changes)


@action(Capability.EDIT_PLAN)
def deactivate_channel(member: Membership, channel: Channel) -> Channel:
    """Channels are never deleted: published versions refer to them. A deactivated one is not offered."""
    return _update(member, Channel, channel, {"is_active": False})


@action(Capability.EDIT_PLAN)
def create_audience(member: Membership, *, name: str, **values: Any) -> Audience:
    return _create(member, Audience, {"name": name, **values})


@action(Capability.EDIT_PLAN)
def update_audience(member: Membership, audience: Audience, **changes: Any) -> Audience:
    return _update(member, Audience, audience, changes)


@action(Capability.EDIT_PLAN)
def deactivate_audience(member: Membership, audience: Audience) -> Audience:
    return _update(member, Audience, audience, {"is_active": False})


@action(Capability.EDIT_PLAN)
def create_topic(member: Membership, *, name: str, **values: Any) -> Topic:
    return _create(member, Topic, {"name": name, **values})


@action(Capability.EDIT_PLAN)
def update_topic(member: Membership, topic: Topic, **changes: Any) -> Topic:
    return _update(member, Topic, topic, changes)


@action(Capability.EDIT_PLAN)
def deactivate_topic(member: Membership, topic: Topic) -> Topic:
    return _update(member, Topic, topic, {"is_active": False})


@action(Capability.EDIT_PLAN)
def create_miss_reason(member: Membership, *, name: str, **values: Any) -> MissReason:
    return _create(member, MissReason, {"name": name, **values})


@action(Capability.EDIT_PLAN)
def update_miss_reason(member: Membership, miss_reason: MissReason, **changes: Any) -> MissReason:
    return _update(member, MissReason, miss_reason, changes)


@action(Capability.EDIT_PLAN)
def deactivate_miss_reason(member: Membership, miss_reason: MissReason) -> MissReason:
    """Reasons are never deleted: explanations refer to them. A deactivated one is not offered."""
    return _update(member, MissReason, miss_reason, {"is_active": False})
