"""The answers a plan row holds, named once, in the order of the five questions (clause 7.4 a–e).

The row actions, the form, the API schemas, the exports, the matrix, the diff and the model take
their field lists and limits from ``ROW_FIELDS``: a new answer or a changed limit is made here. The
dates a row may name are those of ``resonanz.core.dates``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"  # free text of at most ``limit`` characters
    RULE = "rule"  # an RFC 5545 recurrence rule, at most ``limit`` characters
    CHOICE = "choice"  # one of the model field's choices
    DATE = "date"
    TIME = "time"
    CODES = "codes"  # a list of at most ``limit`` short codes (languages, roles)
    REFERENCE = "reference"  # one topic or member, by id
    REFERENCES = "references"  # at most ``limit`` audiences, channels or members, by id


LONG_TEXT = 5000
MAX_CODES = 20
MAX_REFERENCES = 50


@dataclass(frozen=True)
class RowField:
    name: str
    kind: Kind
    limit: int | None = None
    # What a reference points at, as ``resonanz.plan.names`` calls it: topic, audience, channel, member.
    refers_to: str = ""

    @property
    def is_relation(self) -> bool:
        """Stored in a many-to-many table rather than in the row's own columns."""
        return self.kind == Kind.REFERENCES

    @property
    def column(self) -> str:
        """The row's database column (``topic_id`` for the topic); relations have none."""
        return f"{self.name}_id" if self.kind == Kind.REFERENCE else self.name

    @property
    def api_name(self) -> str:
        """The member of the API's row schemas: ``topic_id``, ``audience_ids``, ``description``."""
        if self.kind == Kind.REFERENCE:
            return f"{self.name}_id"
        if self.kind == Kind.REFERENCES:
            return f"{self.name.removesuffix('s')}_ids"
        return self.name

    @property
    def clearable(self) -> bool:
        """Whether the API takes ``null`` to clear the answer (a text is cleared with "")."""
        return self.kind in (Kind.REFERENCE, Kind.DATE, Kind.TIME) or self.name == "when_kind"


ROW_FIELDS: tuple[RowField, ...] = (
    # What
    RowField("topic", Kind.REFERENCE, refers_to="topic"),
    RowField("description", Kind.TEXT, LONG_TEXT),
    RowField("key_messages", Kind.TEXT, LONG_TEXT),
    # When (which of these a row keeps depends on its kind: models.row.TIMING_FIELDS)
    RowField("when_kind", Kind.CHOICE),
    RowField("rrule", Kind.RULE, 500),
    RowField("start_date", Kind.DATE),
    RowField("start_time", Kind.TIME),
    RowField("trigger", Kind.TEXT, 1000),
    # With whom
    RowField("audiences", Kind.REFERENCES, MAX_REFERENCES, refers_to="audience"),
    # How
    RowField("channels", Kind.REFERENCES, MAX_REFERENCES, refers_to="channel"),
    RowField("format", Kind.TEXT, 200),
    RowField("languages", Kind.CODES, MAX_CODES),
    # Who
    RowField("sender_roles", Kind.CODES, MAX_CODES),
    RowField("senders", Kind.REFERENCES, MAX_REFERENCES, refers_to="member"),
    RowField("approver", Kind.REFERENCE, refers_to="member"),
    RowField("owner", Kind.REFERENCE, refers_to="member"),
    # Further
    RowField("direction", Kind.CHOICE),
    RowField("quality_objective", Kind.TEXT, 200),
    RowField("notes", Kind.TEXT, LONG_TEXT),
)
FIELD = {field.name: field for field in ROW_FIELDS}
FIELD_NAMES = tuple(FIELD)
SCALAR_FIELDS = tuple(field.name for field in ROW_FIELDS if not field.is_relation)
RELATION_FIELDS = tuple(field.name for field in ROW_FIELDS if field.is_relation)
# The row's own columns, as ``QuerySet.values()`` names them.
COLUMNS = tuple(field.column for field in ROW_FIELDS if not field.is_relation)
TEXT_LIMITS = {field.name: field.limit for field in ROW_FIELDS if field.kind == Kind.TEXT and field.limit}


def limit(name: str) -> int:
    """The limit of field ``name`` (characters or entries); for the model's and the form's fields."""
    value = FIELD[name].limit
    assert value is not None, name
    return value
