"""Charts as SVG, drawn by matplotlib (its SVG backend, no browser-side code).

``Chart.svg`` is a standalone SVG document: the PDF reports embed these bytes as they are (Typst reads
SVG images), and the pages show them as ``<img src="data:image/svg+xml;base64,…">``. An SVG inside an
``<img>`` runs no script and loads nothing, and the page's Content-Security-Policy (no inline styles)
does not apply to the image's own styles. Text is written as SVG text, which matplotlib escapes; labels
are never parsed as mathematics (a ``$`` in a campaign's name stays a ``$``). Every chart on a page
comes with a table of the same figures (its accessible alternative).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.utils import formats, translation
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from resonanz.reach.dashboards import Dashboard

LABEL_MAX = 40
BARS_SHOWN = 15
BLUE = "#0d6efd"
GREY = "#6c757d"
_lock = threading.Lock()  # matplotlib's text layout caches are shared: one chart at a time


@dataclass(frozen=True)
class Chart:
    svg: bytes
    alt: str

    @property
    def src(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg).decode("ascii")


@dataclass(frozen=True)
class DashboardCharts:
    """A dashboard's charts: clicks over time, and a bar chart per table with visible rows (by slug)."""

    over_time: Chart
    bars: dict[str, Chart]


def dashboard_charts(dashboard: Dashboard) -> DashboardCharts:
    """The charts of ``dashboard`` as its page shows them and its PDF report embeds them."""
    over_time = line_chart(
        [point.day for point in dashboard.series],
        [point.clicks for point in dashboard.series],
        alt=_("Clicks per day; the figures are in the table below the chart."),
        label=_("Clicks"),
    )
    bars = {}
    for table in dashboard.tables:
        visible = [row for row in table.rows if not row.hidden][:BARS_SHOWN]
        if visible:
            bars[table.slug] = bar_chart(
                [row.label for row in visible],
                [row.clicks for row in visible],
                alt=_("%(title)s: clicks; the figures are in the table below the chart.")
                % {"title": table.title},
                label=_("Clicks"),
            )
    return DashboardCharts(over_time, bars)


def _short(label: str) -> str:
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…"


def _figure(width: float, height: float):  # type: ignore[no-untyped-def]
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=72)
    return figure


_RC: dict[Any, Any] = {
    "svg.fonttype": "none",  # text as <text>, escaped; no glyph outlines
    "svg.hashsalt": "resonanz",  # the same chart gives the same bytes
    "text.parse_math": False,
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _svg(figure) -> bytes:  # type: ignore[no-untyped-def]
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    buffer = io.BytesIO()
    FigureCanvasSVG(figure).print_svg(buffer, metadata={"Date": None, "Creator": None})  # type: ignore[no-untyped-call]
    return buffer.getvalue()


CACHE_SECONDS = 3600


def _cached(kind: str, parts: object, draw: Callable[[], bytes]) -> bytes:
    """Drawing takes matplotlib 30–150 ms; the same figures give the same SVG, so it is kept a while."""
    language = translation.get_language() or "en"  # month names and number grouping follow it
    key = "reach.chart." + hashlib.sha256(repr((kind, parts, language)).encode()).hexdigest()
    svg = cache.get(key)
    if not isinstance(svg, bytes):
        svg = draw()
        cache.set(key, svg, CACHE_SECONDS)
    return svg


def line_chart(days: Sequence[dt.date], values: Sequence[int], *, alt: str, label: str) -> Chart:
    """Values per day as a line (hidden days are passed as 0 by the caller and listed in the table)."""
    parts = (tuple(days), tuple(values), label)
    return Chart(_cached("line", parts, lambda: _draw_line(days, values, label)), alt)


def bar_chart(labels: Sequence[str], values: Sequence[int], *, alt: str, label: str) -> Chart:
    """Horizontal bars, the first label on top."""
    parts = (tuple(labels), tuple(values), label)
    return Chart(_cached("bar", parts, lambda: _draw_bars(labels, values, label)), alt)


# Dates on the time axis without the C locale's English month names: numeric in German.
_GERMAN_DATES: dict[str, list[str]] = {
    "formats": ["%Y", "%m.%Y", "%d.%m.", "%H:%M", "%H:%M", "%S.%f"],
    "zero_formats": ["", "%Y", "%m.%Y", "%d.%m.", "%H:%M", "%H:%M"],
    "offset_formats": ["", "%Y", "%m.%Y", "%d.%m.%Y", "%d.%m.%Y", "%d.%m.%Y %H:%M"],
}


def _counts_axis(axis: Any) -> None:
    """Whole numbers only (a count has no 0.5), grouped as the active language writes them."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))
    axis.set_major_formatter(
        FuncFormatter(lambda value, _position: formats.number_format(int(value), 0, None, True))
    )


def _draw_line(days: Sequence[dt.date], values: Sequence[int], label: str) -> bytes:
    import matplotlib as mpl
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    with _lock, mpl.rc_context(_RC):
        figure = _figure(8, 2.6)
        axes = figure.add_axes((0.08, 0.14, 0.9, 0.82))
        axes.plot(list(days), list(values), color=BLUE, linewidth=1.5)
        axes.fill_between(list(days), list(values), color=BLUE, alpha=0.12)
        locator = AutoDateLocator(maxticks=8)  # type: ignore[no-untyped-call]
        axes.xaxis.set_major_locator(locator)
        german = (translation.get_language() or "").startswith("de")
        dates = ConciseDateFormatter(locator, **(_GERMAN_DATES if german else {}))  # type: ignore[no-untyped-call]
        axes.xaxis.set_major_formatter(dates)
        _counts_axis(axes.yaxis)
        axes.set_ylabel(_short(label))
        axes.set_ylim(bottom=0)
        axes.grid(axis="y", color="#dee2e6", linewidth=0.6)
        return _svg(figure)


def _draw_bars(labels: Sequence[str], values: Sequence[int], label: str) -> bytes:
    import matplotlib as mpl

    shown = [_short(text) for text in labels]
    with _lock, mpl.rc_context(_RC):
        figure = _figure(8, max(1.2, 0.32 * len(shown) + 0.8))
        height = max(1.2, 0.32 * len(shown) + 0.8)
        axes = figure.add_axes((0.36, 0.6 / height, 0.6, 1 - 0.75 / height))
        positions = list(range(len(shown)))
        axes.barh(positions, list(values), color=BLUE)
        axes.set_yticks(positions, shown)
        axes.invert_yaxis()
        axes.set_xlabel(_short(label))
        _counts_axis(axes.xaxis)
        axes.grid(axis="x", color="#dee2e6", linewidth=0.6)
        axes.set_axisbelow(True)
        return _svg(figure)


def trend_chart(
    days: Sequence[dt.date],
    values: Sequence[float | None],
    expected: Sequence[float],
    *,
    alt: str,
    label: str,
    expected_label: str,
) -> Chart:
    """A measured value over time (gaps where there is none) beside the value expected on each day
    (a dashed line): the trend of a quality objective."""
    parts = (tuple(days), tuple(values), tuple(expected), label, expected_label)
    return Chart(
        _cached("trend", parts, lambda: _draw_trend(days, values, expected, label, expected_label)), alt
    )


def _draw_trend(
    days: Sequence[dt.date],
    values: Sequence[float | None],
    expected: Sequence[float],
    label: str,
    expected_label: str,
) -> bytes:
    import matplotlib as mpl
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.ticker import FuncFormatter

    measured = [(day, value) for day, value in zip(days, values, strict=True) if value is not None]
    with _lock, mpl.rc_context(_RC):
        figure = _figure(8, 2.8)
        axes = figure.add_axes((0.1, 0.14, 0.88, 0.8))
        axes.plot(
            list(days),
            list(expected),
            color=GREY,
            linewidth=1.2,
            linestyle="--",
            label=_short(expected_label),
        )
        if measured:
            axes.plot(
                [day for day, _value in measured],
                [value for _day, value in measured],
                color=BLUE,
                linewidth=1.8,
                marker="o",
                markersize=3,
                label=_short(label),
            )
        locator = AutoDateLocator(maxticks=8)  # type: ignore[no-untyped-call]
        axes.xaxis.set_major_locator(locator)
        german = (translation.get_language() or "").startswith("de")
        dates = ConciseDateFormatter(locator, **(_GERMAN_DATES if german else {}))  # type: ignore[no-untyped-call]
        axes.xaxis.set_major_formatter(dates)
        axes.yaxis.set_major_formatter(
            FuncFormatter(
                lambda value, _position: formats.number_format(value, 1 if value % 1 else 0, None, True)
            )
        )
        axes.legend(loc="upper left", frameon=False)
        axes.grid(axis="y", color="#dee2e6", linewidth=0.6)
        return _svg(figure)
