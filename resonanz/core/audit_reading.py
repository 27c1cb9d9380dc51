"""The audit trail as its readers see it: names, before and after in the reader's language.

A stored record is never rewritten (its hash covers it); what it says is rendered when it is read.
Field names come from the models' verbose names, choices from their labels, dates are shown in the
reader's format and the organization's time zone, and referenced objects by their names. Names are
looked up within the record's organization only, with one query per kind of reference for a whole
page or export chunk (``load_names``), however many records it holds.

Apps add what only they know from their ``ready``: ``describe_objects`` (an object's description
from the record's data, e.g. evidence as "marked as done 30.11.2026"), ``name_references`` (which
keys point at which objects) with ``resolve_names`` (how to name them), ``format_values`` and
``hide_keys``.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import zoneinfo
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info, gettext_lazy
from django.utils.translation import gettext as _

from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.roles import Role

Describer = Callable[[AuditRecord, zoneinfo.ZoneInfo], str | None]
Resolver = Callable[[Organization, set[str]], Mapping[str, str]]
Formatter = Callable[[Any], str]

_DESCRIBERS: dict[str, Describer] = {}
_REFERENCES: dict[tuple[str, str], str] = {}  # (object type, key) -> kind of reference
_RESOLVERS: dict[str, Resolver] = {}  # kind of reference (a model label) -> names by id
_FORMATTERS: dict[tuple[str, str], Formatter] = {}
_HIDDEN: set[tuple[str, str]] = set()
_LABELS: dict[tuple[str, str], Any] = {}  # (object type, key) -> a label other than the field's

# Keys of before/after that are not fields of the record's model.
KEY_LABELS = {
    "roles": gettext_lazy("roles"),
    "user": gettext_lazy("person"),
    "file": gettext_lazy("file"),
    "format": gettext_lazy("format"),
    "rows": gettext_lazy("rows"),
    "language": gettext_lazy("language"),
    "filters": gettext_lazy("filters"),
    "size": gettext_lazy("size in bytes"),
    "mapping": gettext_lazy("column assignment"),
    "recipient": gettext_lazy("recipient"),
    "content_type": gettext_lazy("kind of object"),
    "due_date": gettext_lazy("due date"),
    "kind": gettext_lazy("kind"),
    "version": gettext_lazy("version"),
    "status": gettext_lazy("status"),
    "plan": gettext_lazy("plan"),
    "object_id": gettext_lazy("linked object"),
    "note": gettext_lazy("note"),
}
ROLE_KEYS = frozenset({"roles", "sender_roles"})
LANGUAGE_KEYS = frozenset({"language", "languages", "default_language"})
EMPTY = "–"


def describe_objects(object_type: str, describer: Describer) -> None:
    _DESCRIBERS[object_type] = describer


def name_references(object_type: str, key: str, kind: str, label: Any = None) -> None:
    """The key ``key`` of ``object_type``'s before/after holds ids of ``kind`` (not a model field);
    ``label`` names the key when the field's own name would mislead (a row key shown as its row)."""
    _REFERENCES[(object_type, key)] = kind
    if label is not None:
        _LABELS[(object_type, key)] = label


def resolve_names(kind: str, resolver: Resolver) -> None:
    """How to name objects of ``kind`` (a model label): one query for a set of ids in one organization."""
    _RESOLVERS[kind] = resolver


def format_values(object_type: str, key: str, formatter: Formatter, label: Any = None) -> None:
    """How to show the values of a key that is not a field of the model (or not as the field does)."""
    _FORMATTERS[(object_type, key)] = formatter
    if label is not None:
        _LABELS[(object_type, key)] = label


def hide_keys(object_type: str, *keys: str) -> None:
    """Keys that mean nothing to a reader (an internal key); the raw data still shows them."""
    _HIDDEN.update((object_type, key) for key in keys)


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, key: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def object_type_label(object_type: str) -> str:
    model = _model(object_type)
    return capfirst(str(model._meta.verbose_name)) if model is not None else object_type


def object_text(entry: AuditRecord, zone: zoneinfo.ZoneInfo) -> str:
    """What the record is about, in the reader's language where the record's data allows it."""
    describer = _DESCRIBERS.get(entry.object_type)
    described = describer(entry, zone) if describer is not None else None
    return described or entry.object_repr


def _reference_kind(object_type: str, key: str, field: models.Field[Any, Any] | None) -> str | None:
    kind = _REFERENCES.get((object_type, key))
    if kind is None and field is not None and field.many_to_one and field.related_model is not None:
        related = field.related_model
        kind = related._meta.label_lower if not isinstance(related, str) else related.lower()
    return kind if kind in _RESOLVERS else None


def _sides(entry: AuditRecord) -> list[dict[str, Any]]:
    return [side for side in (entry.before, entry.after) if isinstance(side, dict)]


@dataclass
class Names:
    """Names of referenced objects by kind and id, as ``load_names`` found them."""

    by_kind: dict[str, Mapping[str, str]]

    def get(self, kind: str, value: Any) -> str | None:
        return self.by_kind.get(kind, {}).get(str(value))


def load_names(entries: Iterable[AuditRecord], organization: Organization) -> Names:
    """The names of every object the records refer to: one query per kind of reference."""
    wanted: dict[str, set[str]] = {}
    for entry in entries:
        model = _model(entry.object_type)
        for side in _sides(entry):
            for key, value in side.items():
                kind = _reference_kind(entry.object_type, key, _field(model, key))
                if kind is None or value in (None, ""):
                    continue
                values = value if isinstance(value, list) else [value]
                wanted.setdefault(kind, set()).update(str(item) for item in values)
    return Names({kind: _RESOLVERS[kind](organization, ids) for kind, ids in wanted.items()})


@dataclass(frozen=True)
class Line:
    """One field of a record's before/after, as words."""

    label: str
    before: str
    after: str
    changed: bool


def lines(
    entry: AuditRecord, names: Names, zone: zoneinfo.ZoneInfo, *, changed_only: bool = False
) -> list[Line]:
    """The record's before and after field by field, in the order the record names them; with
    ``changed_only``, of a record with both sides only the fields that changed."""
    before = entry.before if isinstance(entry.before, dict) else None
    after = entry.after if isinstance(entry.after, dict) else None
    keys = list(dict.fromkeys([*(before or {}), *(after or {})]))
    if changed_only and before is not None and after is not None:
        keys = [key for key in keys if before.get(key) != after.get(key)]
    model = _model(entry.object_type)
    result = []
    for key in keys:
        if (entry.object_type, key) in _HIDDEN:
            continue
        field = _field(model, key)
        old = _text(entry.object_type, key, field, before.get(key) if before else None, names, zone)
        new = _text(entry.object_type, key, field, after.get(key) if after else None, names, zone)
        changed = before is not None and after is not None and before.get(key) != after.get(key)
        label = _LABELS.get((entry.object_type, key))
        shown = capfirst(str(label)) if label is not None else _label(key, field)
        result.append(Line(shown, old if before is not None else "", new, changed))
    return result


def sides_text(entry: AuditRecord, names: Names, zone: zoneinfo.ZoneInfo) -> tuple[str, str]:
    """Before and after as "field: value" lines, for the CSV export; of a change, only the fields
    that changed."""
    before, after = isinstance(entry.before, dict), isinstance(entry.after, dict)
    if not before and not after:
        return "", ""
    shown = lines(entry, names, zone, changed_only=True)
    return (
        "\n".join(f"{line.label}: {line.before}" for line in shown) if before else "",
        "\n".join(f"{line.label}: {line.after}" for line in shown) if after else "",
    )


def _label(key: str, field: models.Field[Any, Any] | None) -> str:
    return _label_in(key, field, get_language() or "")


@functools.lru_cache(maxsize=512)
def _label_in(key: str, field: models.Field[Any, Any] | None, _language: str) -> str:
    """The label of a key in one language (cached: an export asks for the same few thousands of times)."""
    # A field declared without a verbose name gets its name as plain, untranslated text.
    if field is not None and not isinstance(field.verbose_name, str):
        return capfirst(str(field.verbose_name))
    label = KEY_LABELS.get(key)
    # A key no one named yet: its words, translated when the catalogue knows them ("outcome").
    return capfirst(str(label)) if label is not None else capfirst(_(key.replace("_", " ")))


def _text(
    object_type: str,
    key: str,
    field: models.Field[Any, Any] | None,
    value: Any,
    names: Names,
    zone: zoneinfo.ZoneInfo,
) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    formatter = _FORMATTERS.get((object_type, key))
    if formatter is not None:
        return formatter(value)
    kind = _reference_kind(object_type, key, field)
    if kind is not None:
        items = value if isinstance(value, list) else [value]
        return ", ".join(names.get(kind, item) or str(item) for item in items)
    if isinstance(value, list):
        return ", ".join(_scalar(key, field, item, zone) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return _scalar(key, field, value, zone)


def _scalar(key: str, field: models.Field[Any, Any] | None, value: Any, zone: zoneinfo.ZoneInfo) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if key in ROLE_KEYS and value in Role.values:
        return str(Role(value).label)
    if key in LANGUAGE_KEYS and isinstance(value, str):
        return _language_name(value)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, int):
        return (
            formats.number_format(value, force_grouping=True)
            if key not in ("seq", "position")
            else str(value)
        )
    if isinstance(value, str):
        return _moment(field, value, zone) or value
    return str(value)


def _language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def _moment(field: models.Field[Any, Any] | None, value: str, zone: zoneinfo.ZoneInfo) -> str | None:
    """A date, time or point in time stored as ISO text, in the reader's format (None: not one)."""
    if isinstance(field, models.DateTimeField) or (field is None and len(value) > 10 and value[4:5] == "-"):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
        if moment.tzinfo is not None:
            moment = moment.astimezone(zone)
        return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    if isinstance(field, models.DateField) or (field is None and len(value) == 10 and value[4:5] == "-"):
        try:
            return formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return None
    if isinstance(field, models.TimeField):
        try:
            return formats.time_format(dt.time.fromisoformat(value), "TIME_FORMAT")
        except ValueError:
            return None
    return None


def member_names(organization: Organization, ids: set[str]) -> dict[str, str]:
    numbers = [int(value) for value in ids if value.isdigit()][:1000]
    members = Membership.objects.filter(organization=organization, pk__in=numbers).select_related("user")
    return {str(member.pk): member.user.full_name or member.user.email for member in members}


resolve_names("core.membership", member_names)


_MEMBERSHIP = re.compile(r"^(?P<name>.+) @ [^@]+$")


def describe_membership(entry: AuditRecord, zone: zoneinfo.ZoneInfo) -> str | None:
    """ "Jürgen Offermann", not "Jürgen Offermann @ Rheinblick Consulting GmbH": the trail is one
    organization's, so naming it again says nothing."""
    found = _MEMBERSHIP.match(entry.object_repr)
    return found.group("name") if found else None


describe_objects("core.membership", describe_membership)
