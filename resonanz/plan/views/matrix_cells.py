"""The five answer cells of a matrix row as HTML, written in Python on purpose.

A plan of 2,000 rows has some 10,000 answer cells. Through the template engine (a few dozen variable
lookups and translations per row) the page took seconds; composed here from escaped strings it takes
a small fraction of that. Everything interpolated goes through ``html.escape`` (quotes included);
labels are translated once per page. The row around the cells, its actions and its ids stay in the
templates (``plan/_matrix.html``, ``plan/_matrix_row.html``).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

if TYPE_CHECKING:
    from resonanz.plan.views.matrix import RowView


def cell_labels() -> dict[str, str]:
    """The translated words the cells use, once per page (escaped, they go into attributes too)."""
    words: dict[str, Any] = {
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
    return {key: escape(str(value)) for key, value in words.items()}


def _lines(text: str) -> str:
    return escape(text).replace("\r\n", "\n").replace("\n", "<br>")


def _small(text: str) -> str:
    return f'<div class="small text-body-secondary">{text}</div>' if text else ""


def cells_html(view: RowView, labels: dict[str, str]) -> SafeString:
    row = view.row
    gaps = view.gaps
    gap = (
        '<div><span class="badge text-bg-warning gap-badge"><i class="fa-solid fa-triangle-exclamation" '
        f'aria-hidden="true"></i> {labels["gap"]}</span></div>'
    )

    def cell(question: str, content: str) -> str:
        return f'<td data-label="{labels[question]}">{content}{gap if gaps.get(question) else ""}</td>'

    what = f"<strong>{escape(row.topic.name)}</strong>" if row.topic is not None else ""
    if row.description:
        what += f'<div class="cell-text">{_lines(row.description)}</div>'
    if row.key_messages:
        what += (
            '<div class="small text-body-secondary cell-text"><span class="fw-semibold">'
            f"{labels['key_messages']}</span> {_lines(row.key_messages)}</div>"
        )
    when = ""
    if row.when_kind == "trigger":
        when = f'<span class="badge text-bg-light border">{labels["occasion"]}</span> '
    when += escape(view.when_main) + _small(escape(view.when_note))
    with_whom = (
        f'{escape(view.audiences)}<div><span class="badge text-bg-light border">'
        f"{escape(row.get_direction_display())}</span></div>"
    )
    how = escape(view.channels) + _small(escape(row.format)) + _small(escape(view.languages))
    who = f"<div>{escape(view.senders)}</div>" if view.senders else ""
    if row.approver is not None:
        who += _small(f"{labels['approval']} {escape(row.approver.name)}")
    if row.owner is not None:
        who += _small(f"{labels['responsible']} {escape(row.owner.name)}")
    # Safe: every value interpolated above went through escape().
    return mark_safe(
        cell("what", what)
        + cell("when", when)
        + cell("with_whom", with_whom)
        + cell("how", how)
        + cell("who", who)
    )
