"""The five answer cells of a matrix row as HTML, composed with one ``format_html`` per row.

A plan of 2,000 rows has some 10,000 answer cells. Through the template engine (a few dozen variable
lookups and translations per row) the page took seconds, and so did a ``format_html`` call per piece
of a cell. So each row collects literal markup (constants of this module, never a value) and the
values that go into it, and ``format_html`` escapes every value once at the end. Labels are
translated and escaped once per page. The row around the cells, its actions and its ids stay in the
templates (``plan/_matrix.html``, ``plan/_matrix_row.html``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

if TYPE_CHECKING:
    from resonanz.plan.views.matrix import RowView

# Literal markup only: the one format string of a row is joined from these.
_Markup = Literal[
    "",
    "{}",
    "<br>{}",
    '<td data-label="{}">',
    "</td>",
    "<strong>{}</strong>",
    '<div class="cell-text">',
    '<div class="small text-body-secondary cell-text"><span class="fw-semibold">{}</span> ',
    "</div>",
    '<span class="badge text-bg-light border">{}</span> ',
    '<div><span class="badge text-bg-light border">{}</span></div>',
    '<div class="small text-body-secondary">{}</div>',
    '<div class="small text-body-secondary">{} {}</div>',
    "<div>{}</div>",
    '<div><span class="badge text-bg-warning gap-badge"><i class="fa-solid fa-triangle-exclamation" '
    'aria-hidden="true"></i> {}</span></div>',
]
_GAP: _Markup = (
    '<div><span class="badge text-bg-warning gap-badge"><i class="fa-solid fa-triangle-exclamation" '
    'aria-hidden="true"></i> {}</span></div>'
)


def cell_labels() -> dict[str, SafeString]:
    """The translated words the cells use, once per page, escaped (they go into attributes too)."""
    words = {
        "what": gettext("What"),
        "when": gettext("When"),
        "with_whom": gettext("With whom"),
        "how": gettext("How"),
        "who": gettext("Who"),
        "key_messages": gettext("Key messages:"),
        "occasion": gettext("On occasion"),
        "approval": gettext("Approval:"),
        "responsible": gettext("Responsible:"),
        "gap": gettext("not answered yet"),
    }
    return {key: escape(value) for key, value in words.items()}


class _Cells:
    """The markup of one row and the values that go into it, escaped together by ``format_html``."""

    def __init__(self) -> None:
        self.markup: list[_Markup] = []
        self.values: list[str] = []

    def add(self, markup: _Markup, *values: str) -> None:
        self.markup.append(markup)
        self.values.extend(values)

    def small(self, text: str) -> None:
        if text:
            self.add('<div class="small text-body-secondary">{}</div>', text)

    def lines(self, text: str) -> None:
        """``text`` with its line breaks as ``<br>``."""
        first, *rest = text.splitlines() or [""]
        self.add("{}", first)
        for line in rest:
            self.add("<br>{}", line)

    def html(self) -> SafeString:
        return format_html("".join(self.markup), *self.values)


def cells_html(view: RowView, labels: dict[str, SafeString]) -> SafeString:
    row = view.row
    cells = _Cells()

    def cell(question: str) -> None:
        if cells.markup:
            cells.add("</td>")
        cells.add('<td data-label="{}">', labels[question])

    def end(question: str) -> None:
        if view.gaps.get(question):
            cells.add(_GAP, labels["gap"])

    cell("what")
    if row.topic is not None:
        cells.add("<strong>{}</strong>", row.topic.name)
    if row.description:
        cells.add('<div class="cell-text">')
        cells.lines(row.description)
        cells.add("</div>")
    if row.key_messages:
        cells.add(
            '<div class="small text-body-secondary cell-text"><span class="fw-semibold">{}</span> ',
            labels["key_messages"],
        )
        cells.lines(row.key_messages)
        cells.add("</div>")
    end("what")

    cell("when")
    if row.when_kind == "trigger":
        cells.add('<span class="badge text-bg-light border">{}</span> ', labels["occasion"])
    cells.add("{}", view.when_main)
    cells.small(view.when_note)
    end("when")

    cell("with_whom")
    cells.add("{}", view.audiences)
    cells.add('<div><span class="badge text-bg-light border">{}</span></div>', row.get_direction_display())
    end("with_whom")

    cell("how")
    cells.add("{}", view.channels)
    cells.small(row.format)
    cells.small(view.languages)
    end("how")

    cell("who")
    if view.senders:
        cells.add("<div>{}</div>", view.senders)
    if row.approver is not None:
        cells.add('<div class="small text-body-secondary">{} {}</div>', labels["approval"], row.approver.name)
    if row.owner is not None:
        cells.add('<div class="small text-body-secondary">{} {}</div>', labels["responsible"], row.owner.name)
    end("who")
    cells.add("</td>")
    return cells.html()
