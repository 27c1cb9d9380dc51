"""The calendar feed URL, mounted at the root: calendar programs fetch it without signing in."""

from __future__ import annotations

from django.urls import URLPattern, path

from resonanz.events.views.calendar import calendar_feed

urlpatterns: list[URLPattern] = [
    path("feeds/calendar/<str:token>.ics", calendar_feed, name="calendar_feed"),
]
