"""The reach charts speak the page's language and count in whole numbers."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import translation

from resonanz.reach import charts

pytestmark = pytest.mark.django_db

DAYS = [dt.date(2026, 11, 8) + dt.timedelta(days=number) for number in range(30)]


def _tick_texts(svg: bytes) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg.decode())


def test_a_german_time_axis_has_no_english_month_names_and_no_half_clicks() -> None:
    values = [0] * 29 + [2]
    with translation.override("de"):
        german = charts.line_chart(DAYS, values, alt="Klicks", label="Klicks").svg
    with translation.override("en"):
        english = charts.line_chart(DAYS, values, alt="Clicks", label="Clicks").svg
    texts = _tick_texts(german)
    assert not any(re.search(r"\b(Nov|Dec)\b", text) for text in texts), texts
    assert "15.11." in texts and "12.2026" in " ".join(texts), texts
    assert {"0", "1", "2"} <= set(texts) and not {"0.5", "0,5", "1.5", "1,5"} & set(texts), texts
    assert any("Nov" in text or "Dec" in text for text in _tick_texts(english))


def test_counts_are_grouped_as_the_language_writes_them() -> None:
    with translation.override("de"):
        german = charts.bar_chart(["Werk Nord"], [12_000], alt="Klicks", label="Klicks").svg
    with translation.override("en"):
        english = charts.bar_chart(["Werk Nord"], [12_000], alt="Clicks", label="Clicks").svg
    assert "12.000" in _tick_texts(german)
    assert "12,000" in _tick_texts(english)
