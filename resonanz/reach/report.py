"""The reach report: a dashboard (the organization's or one campaign's) for one period as PDF.

Made by the one document engine (``documents``) from the Typst template ``reach/pdf/report.typ``. The
report holds what the page holds: the totals, the charts (the page's own SVG from ``reach.charts``,
handed to Typst as they are), every table with the note where a group is too small to be shown, and
the figures per day. The ``Dashboard`` it is given has the privacy applied already; the columns are
the exports' (``exports.figure_columns``). Names go to Typst as data, never as markup, so a ``#`` or
``*`` in a campaign's name is printed as written. A large report is made by the worker while the page
waits (``documents.deferred``).
"""

from __future__ import annotations

from typing import Any

from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from resonanz.content.models import Campaign
from resonanz.core.models import Organization
from resonanz.documents import deferred
from resonanz.documents.rendering import LANGUAGES, Document
from resonanz.reach.charts import Chart, dashboard_charts
from resonanz.reach.dashboards import Dashboard, Row, Table
from resonanz.reach.exports import figure_columns, figures, with_series
from resonanz.reach.periods import Period

TEMPLATE = "reach/pdf/report.typ"
OVER_TIME = "over_time"
# Up to this many lines (days and table rows) the report is made during the request, a longer one by
# the worker while the page waits. Measured on the shared 2-core machine (load 7): the compiler takes
# 0.21 s CPU (0.6 s wall) for a year with 5 rows per table (401 lines), 0.42 s (1.2 s) for 1,066 lines
# and 0.61 s (1.6 s) for the most a report can hold (366 days, 7 tables of ``queries.MAX_ROWS``);
# drawing its charts, when the page has not drawn them already, about 1 s CPU more.
SYNC_LINES = 1000


def subject(organization_id: int, campaign: Campaign | None = None) -> str:
    """What a document job of the report is about (``documents.jobs``); the digest of its data tells
    periods and readers (what each may see) apart."""
    return f"reach.report:{campaign.pk}" if campaign is not None else f"reach.report:org{organization_id}"


def pending_state(organization_id: int, campaign: Campaign | None, token: str) -> str:
    return deferred.pending_state(organization_id, subject(organization_id, campaign), token)


def file_name(period: Period, campaign: Campaign | None = None) -> str:
    name = f"-{slugify(campaign.name)[:40]}" if campaign is not None else ""
    return f"{_('reach-report')}{name}-{period.start:%Y-%m-%d}-{period.end:%Y-%m-%d}.pdf"


def lines(dashboard: Dashboard) -> int:
    """How long the report is: its days and the rows of its tables."""
    return len(dashboard.series) + sum(len(table.rows) for table in dashboard.tables)


def _language() -> str:
    language = (get_language() or "de")[:2]
    return language if language in LANGUAGES else "de"


def _day(value: Any) -> str:
    return str(formats.date_format(value, "SHORT_DATE_FORMAT"))


def _number(value: object) -> str:
    if isinstance(value, int):
        return str(formats.number_format(value, use_l10n=True, force_grouping=True))
    return str(value)


def _hidden(dashboard: Dashboard) -> str:
    size = dashboard.min_group_size
    return ngettext(
        "hidden (minimum group size: %(size)s person)", "hidden (minimum group size: %(size)s people)", size
    ) % {"size": size}


def _cell(text: str, *, span: int = 1, note: bool = False) -> dict[str, Any]:
    """A cell of a figures table: a figure, or the hidden-group note spanning the figures it hides."""
    return {"text": text, "span": span, "note": note}


def _cells(row: Row, hidden: str, with_shares: bool) -> list[dict[str, Any]]:
    """A row's cells under ``_columns``: its clicks (or the note in their place), then, in a table
    that counts shares, its shares and estimated reach (or the note, as the page shows it)."""
    cells = (
        [_cell(hidden, span=len(figure_columns()), note=True)]
        if row.hidden
        else [_cell(_number(value)) for value in figures(row)]
    )
    if with_shares:
        if row.shares_hidden:
            cells.append(_cell(hidden, span=2, note=True))
        elif row.shares is not None and row.estimated_reach is not None:
            cells += [_cell(_number(row.shares)), _cell(_number(row.estimated_reach))]
        else:
            cells += [_cell(""), _cell("")]
    return cells


def _columns(with_shares: bool) -> list[str]:
    """The figures' headings: the exports' clicks columns, and their two share columns where counted."""
    return [*figure_columns(), *([_("Shared posts"), _("Estimated reach")] if with_shares else [])]


def _row(label: str, row: Row, hidden: str, with_shares: bool) -> dict[str, Any]:
    return {"label": label, "cells": _cells(row, hidden, with_shares)}


def _chart(name: str, chart: Chart | None) -> dict[str, str]:
    return {"name": name, "alt": chart.alt} if chart is not None else {"name": "", "alt": ""}


def _table(table: Table, chart: Chart | None, hidden: str) -> dict[str, Any]:
    return {
        "title": table.title,
        "chart": _chart(f"bar:{table.slug}", chart),
        "columns": [_("Name"), *_columns(table.with_shares)],
        "rows": [_row(row.label, row, hidden, table.with_shares) for row in table.rows],
    }


def _reach_note(total: Row) -> str:
    """The page's words on the estimated reach (``reach/_figures.html``), where shares are counted."""
    if total.shares is None or total.shares_hidden:
        return ""
    return _(
        "The reach is estimated: the sum of the follower counts of the accounts shared to, at the moment "
        "of sharing. It counts only shares through a connected account on a network that reports follower "
        "counts (shares with a follower count: %(counted)s of %(shares)s)."
    ) % {"counted": _number(total.shares_with_followers or 0), "shares": _number(total.shares)}


def report_document(organization: Organization, dashboard: Dashboard, campaign: Campaign | None) -> Document:
    """The report of ``dashboard`` in the active language, with the page's charts as its images."""
    period = dashboard.period
    period_text = f"{_day(period.start)} – {_day(period.end)}"
    label = _("Reach report")
    about = _("Campaign “%(name)s”") % {"name": campaign.name} if campaign is not None else organization.name
    hidden = _hidden(dashboard)
    days = with_series(dashboard)[0]
    charts = dashboard_charts(dashboard)
    images = {OVER_TIME: charts.over_time.svg}
    images.update({f"bar:{slug}": chart.svg for slug, chart in charts.bars.items()})
    total = dashboard.total
    data: dict[str, Any] = {
        "page": {
            "title": f"{label} · {about} · {period_text}",
            "author": organization.name,
            "description": _("Clicks on tracked links, %(period)s") % {"period": period_text},
            "header-left": organization.name,
            "header-right": f"{label} · {period_text}",
            # The day only: the same figures give the same PDF all day, so the worker's PDF is found again.
            "footer-left": _("Made on %(date)s") % {"date": _day(timezone.localdate())},
            "page-pattern": _("Page %(page)s of %(pages)s"),
        },
        "title": label,
        "lead": f"{about} · {period_text}",
        "control": [
            [_("Organization"), organization.name],
            *([[_("Campaign"), campaign.name]] if campaign is not None else []),
            [_("Period"), period_text],
        ],
        "note": ngettext(
            "Clicks on tracked links. Groups to which fewer than %(size)s person contributed are not shown; "
            "visitors are counted per link and day; the days are counted in UTC.",
            "Clicks on tracked links. Groups to which fewer than %(size)s people contributed are not shown; "
            "visitors are counted per link and day; the days are counted in UTC.",
            dashboard.min_group_size,
        )
        % {"size": dashboard.min_group_size},
        "reach-note": _reach_note(total),
        "totals": {
            "heading": _("Total"),
            "columns": _columns(total.shares is not None),
            "cells": _cells(total, hidden, total.shares is not None),
        },
        "over-time": {"heading": _("Clicks over time"), "chart": _chart(OVER_TIME, charts.over_time)},
        "tables": [_table(table, charts.bars.get(table.slug), hidden) for table in dashboard.tables],
        "empty": _("No clicks in this period."),
        "days": {
            "title": _("By day"),
            "columns": [_("Day"), *_columns(days.with_shares)],
            "rows": [
                _row(_day(point.day), row, hidden, days.with_shares)
                for point, row in zip(dashboard.series, days.rows, strict=True)
            ],
        },
    }
    return Document(TEMPLATE, data, _language(), images)


def report_pdf(
    organization: Organization, dashboard: Dashboard, campaign: Campaign | None, *, wait: bool
) -> bytes:
    """The PDF of the report: kept by the worker today, made now (short, or ``wait``), or handed to the
    worker (``deferred.PdfPending``; ``deferred.PdfFailed`` when it cannot be made)."""
    document = report_document(organization, dashboard, campaign)
    now = wait or lines(dashboard) <= SYNC_LINES
    return deferred.pdf_now_or_later(organization.pk, subject(organization.pk, campaign), document, now=now)
