"""Rows of a version as plain data, loaded for display in a fixed handful of queries.

The matrix of a plan with thousands of rows must render in well under a second. Building a model
instance for every row, topic, person and relation (about a dozen per row) costs more than the
rendering itself, so the pages read the rows as values and the names of what they refer to from small
lookups. ``MatrixRow`` keeps the attribute names of ``PlanRow`` (``topic.name``, ``audiences.all()``,
``sender_roles``, …), so the completeness check and the schedule read it as they read a row; its
answers are those of ``row_fields.ROW_FIELDS``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from resonanz.plan.models import Direction, PlanRow, PlanVersion
from resonanz.plan.names import Names, version_names
from resonanz.plan.row_fields import COLUMNS

# Read with every row; MatrixRow has an attribute of the same name for each.
ROW_COLUMNS = ("pk", "row_key", "position", "version_id", *COLUMNS)
DIRECTIONS = dict(Direction.choices)


class Ref(NamedTuple):
    """Something a row refers to: a channel, an audience, a topic or a person, by id and name."""

    pk: int
    name: str


class Related(list[Ref]):
    """A row's audiences, channels or senders; ``all()`` as on a related manager."""

    def all(self) -> Related:
        return self


@dataclass
class MatrixRow:
    pk: int
    row_key: uuid.UUID
    position: int
    version_id: int
    topic_id: int | None
    description: str
    key_messages: str
    when_kind: str
    rrule: str
    start_date: dt.date | None
    start_time: dt.time | None
    trigger: str
    format: str
    languages: list[str]
    sender_roles: list[str]
    approver_id: int | None
    owner_id: int | None
    direction: str
    quality_objective: str
    notes: str
    topic: Ref | None = None
    approver: Ref | None = None
    owner: Ref | None = None
    audiences: Related = field(default_factory=Related)
    channels: Related = field(default_factory=Related)
    senders: Related = field(default_factory=Related)

    @property
    def id(self) -> int:
        return self.pk

    def get_direction_display(self) -> str:
        return str(DIRECTIONS.get(self.direction, self.direction))


def _links(relation: str, column: str, row_ids: QuerySet[Any]) -> dict[int, list[int]]:
    through = getattr(PlanRow, relation).through
    found: dict[int, list[int]] = defaultdict(list)
    for row_id, target_id in through.objects.filter(planrow_id__in=row_ids).values_list("planrow_id", column):
        found[row_id].append(target_id)
    return found


def load_rows(version: PlanVersion, row_id: int | None = None, *, names: bool = True) -> list[MatrixRow]:
    """The version's rows in matrix order (or the one row ``row_id``), in eight queries at most.

    Names are those the version shows (``resonanz.plan.names``): as approved, or as they are now.
    With ``names=False`` (for members who see no individual people) every person the rows name reads
    as "named person": the rows still show that a person sends, approves or is responsible, not who.
    """
    rows = PlanRow.objects.filter(version_id=version.pk)
    if row_id is not None:
        rows = rows.filter(pk=row_id)
    shown = version_names(version, row_id)
    return _build(rows, {version.pk: shown}, names=names)


def load_rows_of_versions(
    versions: list[PlanVersion], row_ids: list[int], *, names: bool = True
) -> dict[int, MatrixRow]:
    """The rows ``row_ids`` of ``versions`` by id, each with the names its version shows.

    Four queries however many approved versions and rows (they keep their names themselves), four
    more for each version that is not approved yet.
    """
    rows = PlanRow.objects.filter(pk__in=row_ids, version__in=[version.pk for version in versions])
    shown = {version.pk: version_names(version) for version in versions}
    return {row.pk: row for row in _build(rows, shown, names=names)}


def _build(rows: QuerySet[PlanRow], shown: dict[int, Names], *, names: bool = True) -> list[MatrixRow]:
    ids = rows.values("pk")
    someone = str(_("named person"))
    audience_links = _links("audiences", "audience_id", ids)
    channel_links = _links("channels", "channel_id", ids)
    sender_links = _links("senders", "membership_id", ids)

    def refs(links: dict[int, list[int]], row: int, names: dict[int, str]) -> Related:
        found = (Ref(pk, names[pk]) for pk in links.get(row, []) if pk in names)
        return Related(sorted(found, key=lambda ref: ref.name))

    def ref(pk: int | None, names: dict[int, str]) -> Ref | None:
        return Ref(pk, names[pk]) if pk is not None and pk in names else None

    loaded = []
    for values in rows.order_by("position", "pk").values_list(*ROW_COLUMNS):
        row = MatrixRow(**dict(zip(ROW_COLUMNS, values, strict=True)))
        known = shown[row.version_id]
        topics, audiences, channels, people = known.topic, known.audience, known.channel, known.member
        if not names:
            people = dict.fromkeys(people, someone)
        row.languages = list(row.languages or [])
        row.sender_roles = list(row.sender_roles or [])
        row.topic = ref(row.topic_id, topics)
        row.approver = ref(row.approver_id, people)
        row.owner = ref(row.owner_id, people)
        row.audiences = refs(audience_links, row.pk, audiences)
        row.channels = refs(channel_links, row.pk, channels)
        row.senders = refs(sender_links, row.pk, people)
        if not names:
            # No ids either: an id would single the person out across rows.
            row.approver = Ref(0, someone) if row.approver is not None else None
            row.owner = Ref(0, someone) if row.owner is not None else None
            count = len(row.senders)
            if count:
                persons = ngettext("%(count)d named person", "%(count)d named persons", count)
                row.senders = Related([Ref(0, persons % {"count": count} if count > 1 else someone)])
        loaded.append(row)
    return loaded
