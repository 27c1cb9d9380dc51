"""URLs of the monitoring pages, mounted at ``/o/<org>/monitoring/``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from resonanz.monitoring import views

app_name = "monitoring"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.monitoring_overview, name="monitoring_overview"),
    path("mentions/", views.monitoring_mentions, name="monitoring_mentions"),
    path("alarms/", views.monitoring_alarms, name="monitoring_alarms"),
    path("settings/", views.monitoring_settings, name="monitoring_settings"),
    path("import/", views.monitoring_import, name="monitoring_import"),
]
