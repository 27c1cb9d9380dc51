"""URLs of the editorial calendar, mounted at ``/o/<org>/publishing/calendar/``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from resonanz.publishing.views import calendar

app_name = "publishing_calendar"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", calendar.calendar_month, name="calendar_month"),
    path("week/", calendar.calendar_week, name="calendar_week"),
    path("move/<int:delivery_id>/", calendar.calendar_move, name="calendar_move"),
]
