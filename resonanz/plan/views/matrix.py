"""The matrix of one version: its rows × the five questions, filtered, ready for the templates.

Every row is loaded with its answers in a fixed number of queries (``matrix_rows.load_rows``); filters
then run in Python over the loaded rows, so row numbers stay those of the whole plan and the number of
queries never depends on the rows. What a cell shows is put together here once, so the template only
prints it. The filter choices come from the rows themselves: a filter never offers an entry that would
show nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q
from django.http import QueryDict
from django.utils import formats
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from resonanz.competence.plan_gaps import PageGaps, gaps_for_page
from resonanz.core.models import Membership
from resonanz.core.roles import Role
from resonanz.plan.completeness import Question, missing_answers
from resonanz.plan.matrix_rows import MatrixRow, Ref, load_rows
from resonanz.plan.models import Direction, PlanRow, PlanVersion, WhenKind
from resonanz.plan.recurrence import describe
from resonanz.plan.views.matrix_cells import cell_labels, cells_html

FILTER_NAMES = ("channel", "audience", "topic", "sender", "direction")
ROLE_LABELS = dict(Role.choices)


@dataclass
class RowView:
    """A row and what its cells show, composed once (the matrix of a big plan renders thousands)."""

    row: MatrixRow
    number: int
    when: str  # the recurrence in words, "" for other rows
    when_main: str
    when_note: str
    audiences: str
    channels: str
    languages: str
    senders: str
    sender_roles: list[str]
    missing: list[Question]
    gaps: dict[str, bool]  # {"what": True, …} for the unanswered questions
    cells: str = ""  # the five answer cells as safe HTML (matrix_cells)

    @property
    def is_complete(self) -> bool:
        return not self.missing


@dataclass
class Filters:
    """The chosen filters (validated against the choices); unknown values are ignored."""

    values: dict[str, str] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return bool(self.values)

    def query(self) -> str:
        return urlencode(self.values)

    def get(self, name: str) -> str:
        return self.values.get(name, "")


@dataclass
class Matrix:
    version: PlanVersion
    rows: list[RowView]
    total: int
    filters: Filters
    options: dict[str, list[tuple[str, str]]]
    incomplete: int

    @property
    def shown(self) -> int:
        return len(self.rows)

    @property
    def filter_fields(self) -> list[FilterField]:
        o = self.options
        return [
            FilterField("channel", _("Channel"), [("", o["channel"])], self.filters.get("channel")),
            FilterField("audience", _("Audience"), [("", o["audience"])], self.filters.get("audience")),
            FilterField("topic", _("Topic"), [("", o["topic"])], self.filters.get("topic")),
            FilterField(
                "sender",
                _("Sender"),
                [(_("Roles"), o["sender_roles"]), (_("Persons"), o["sender_people"])],
                self.filters.get("sender"),
            ),
            FilterField(
                "direction", _("Internal or external"), [("", o["direction"])], self.filters.get("direction")
            ),
        ]


@dataclass(frozen=True)
class FilterField:
    name: str
    label: Any
    groups: list[tuple[Any, list[tuple[str, str]]]]
    selected: str


class _WhenWords:
    """Composes "when" cells; dates repeat across rows, so each is formatted once per page."""

    def __init__(self) -> None:
        self.language = get_language() or "de"
        self.rules: dict[str, str] = {}
        self.dates: dict[tuple[dt.date, str], str] = {}
        self.starting = gettext("from %(date)s")

    def rule(self, row: MatrixRow) -> str:
        """The recurrence in words (“jeden zweiten Dienstag”), "" for other rows."""
        if row.when_kind != WhenKind.RECURRENCE or not row.rrule:
            return ""
        if row.rrule not in self.rules:
            self.rules[row.rrule] = describe(row.rrule, self.language)
        return self.rules[row.rrule]

    def date(self, day: dt.date, form: str) -> str:
        if (day, form) not in self.dates:
            self.dates[day, form] = str(formats.date_format(day, form))
        return self.dates[day, form]

    def cell(self, row: MatrixRow, words: str) -> tuple[str, str]:
        """The main line and a note below it (a trigger row's badge is added by the cell)."""
        time = f", {row.start_time:%H:%M}" if row.start_time is not None else ""
        if row.when_kind == WhenKind.RECURRENCE:
            note = ""
            if row.start_date is not None:
                note = self.starting % {"date": self.date(row.start_date, "SHORT_DATE_FORMAT")}
            return (words + time if words else ""), note
        if row.when_kind == WhenKind.FIXED and row.start_date is not None:
            return self.date(row.start_date, "DATE_FORMAT") + time, ""
        if row.when_kind == WhenKind.TRIGGER:
            return row.trigger, ""
        return "", ""


def _names(refs: list[Ref]) -> str:
    return ", ".join(ref.name for ref in refs)


def row_views(rows: list[MatrixRow], first_number: int = 1) -> list[RowView]:
    when = _WhenWords()
    labels = cell_labels()
    views = []
    for number, row in enumerate(rows, start=first_number):
        words = when.rule(row)
        main, note = when.cell(row, words)
        roles = [str(ROLE_LABELS.get(role, role)) for role in row.sender_roles]
        missing = missing_answers(row)  # type: ignore[arg-type]  # a MatrixRow reads like a PlanRow
        view = RowView(
            row=row,
            number=number,
            when=words,
            when_main=main,
            when_note=note,
            audiences=_names(row.audiences),
            channels=_names(row.channels),
            languages=", ".join(code.upper() for code in row.languages),
            senders=", ".join([*roles, *(ref.name for ref in row.senders)]),
            sender_roles=roles,
            missing=missing,
            gaps={str(question): True for question in missing},
        )
        view.cells = cells_html(view, labels)
        views.append(view)
    return views


def views_of(version: PlanVersion, *, names: bool = True) -> list[RowView]:
    """Every row of ``version`` described; ``names=False`` for members who see no individual people."""
    return row_views(load_rows(version, names=names))


def _options(views: list[RowView]) -> dict[str, list[tuple[str, str]]]:
    channels: dict[str, str] = {}
    audiences: dict[str, str] = {}
    topics: dict[str, str] = {}
    roles: dict[str, str] = {}
    people: dict[str, str] = {}
    for view in views:
        row = view.row
        for channel in row.channels.all():
            channels[str(channel.pk)] = channel.name
        for audience in row.audiences.all():
            audiences[str(audience.pk)] = audience.name
        if row.topic is not None:
            topics[str(row.topic.pk)] = row.topic.name
        for role in row.sender_roles:
            roles[f"role:{role}"] = str(ROLE_LABELS.get(role, role))
        for sender in row.senders.all():
            people[f"member:{sender.pk}"] = sender.name

    def by_label(items: dict[str, str]) -> list[tuple[str, str]]:
        return sorted(items.items(), key=lambda item: item[1].casefold())

    return {
        "channel": by_label(channels),
        "audience": by_label(audiences),
        "topic": by_label(topics),
        "sender_roles": by_label(roles),
        "sender_people": by_label(people),
        "direction": [
            (Direction.INTERNAL.value, str(Direction.INTERNAL.label)),
            (Direction.EXTERNAL.value, str(Direction.EXTERNAL.label)),
        ],
    }


def read_filters(query: QueryDict, options: dict[str, list[tuple[str, str]]]) -> Filters:
    allowed = {
        "channel": {value for value, _label in options["channel"]},
        "audience": {value for value, _label in options["audience"]},
        "topic": {value for value, _label in options["topic"]},
        "sender": {value for value, _label in options["sender_roles"] + options["sender_people"]},
        "direction": {value for value, _label in options["direction"]},
    }
    values = {}
    for name in FILTER_NAMES:
        value = query.get(name, "")
        if value and value in allowed[name]:
            values[name] = value
    return Filters(values)


def _keeps(view: RowView, filters: Filters) -> bool:
    row = view.row
    if "channel" in filters.values and not any(
        str(item.pk) == filters.values["channel"] for item in row.channels.all()
    ):
        return False
    if "audience" in filters.values and not any(
        str(item.pk) == filters.values["audience"] for item in row.audiences.all()
    ):
        return False
    if "topic" in filters.values and str(row.topic_id) != filters.values["topic"]:
        return False
    if "direction" in filters.values and row.direction not in (filters.values["direction"], Direction.BOTH):
        return False
    sender = filters.values.get("sender", "")
    if sender.startswith("role:") and sender.removeprefix("role:") not in row.sender_roles:
        return False
    if sender.startswith("member:"):
        return any(f"member:{item.pk}" == sender for item in row.senders.all())
    return True


def build_matrix(
    version: PlanVersion, query: QueryDict | dict[str, Any] | None = None, *, names: bool = True
) -> Matrix:
    views = views_of(version, names=names)
    options = _options(views)
    if not names:
        options["sender_people"] = []  # filtering by person would tell who they are
    filters = read_filters(query if isinstance(query, QueryDict) else _as_query(query or {}), options)
    shown = [view for view in views if _keeps(view, filters)] if filters.active else views
    return Matrix(
        version=version,
        rows=shown,
        total=len(views),
        filters=filters,
        options=options,
        incomplete=sum(1 for view in views if view.missing),
    )


def competence_gaps(member: Membership, matrix: Matrix | None) -> PageGaps:
    """The gating violations of the rows ``matrix`` shows, numbered as shown, for the badges and the
    list above the matrix (the version page and the plan's matrix page alike); a fixed number of
    queries whatever the number of rows."""
    if matrix is None:
        return PageGaps()
    return gaps_for_page(
        member, [view.row for view in matrix.rows], {view.row.pk: view.number for view in matrix.rows}
    )


def _as_query(values: dict[str, Any]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in values.items():
        query[key] = str(value)
    return query


def row_view(row: PlanRow, *, names: bool = True) -> RowView:
    """One row of a version, with its number in the matrix (three queries more than the row itself)."""
    number = (
        PlanRow.objects.filter(version_id=row.version_id)
        .filter(Q(position__lt=row.position) | Q(position=row.position, pk__lte=row.pk))
        .count()
    )
    loaded = load_rows(row.version, row_id=row.pk, names=names)
    return row_views(loaded, first_number=number)[0]
