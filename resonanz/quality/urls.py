"""URLs of the quality pages, mounted at ``/o/<org>/quality/``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from resonanz.quality import views

app_name = "quality"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.quality_index, name="quality_index"),
    path("incidents/", views.quality_incidents, name="quality_incidents"),
    path("incidents/new/", views.quality_incident_new, name="quality_incident_new"),
    path("incidents/<int:incident_id>/", views.quality_incident, name="quality_incident"),
    path(
        "incidents/<int:incident_id>/contain/",
        views.quality_incident_contain,
        name="quality_incident_contain",
    ),
    path(
        "incidents/<int:incident_id>/analyse/",
        views.quality_incident_analyse,
        name="quality_incident_analyse",
    ),
    path("incidents/<int:incident_id>/grade/", views.quality_incident_grade, name="quality_incident_grade"),
    path(
        "incidents/<int:incident_id>/actions/",
        views.quality_incident_add_action,
        name="quality_incident_add_action",
    ),
    path(
        "incidents/<int:incident_id>/schedule/",
        views.quality_incident_schedule,
        name="quality_incident_schedule",
    ),
    path(
        "incidents/<int:incident_id>/effectiveness/",
        views.quality_incident_effectiveness,
        name="quality_incident_effectiveness",
    ),
    path(
        "incidents/<int:incident_id>/reopen/", views.quality_incident_reopen, name="quality_incident_reopen"
    ),
    path("incidents/<int:incident_id>/checklist/", views.quality_incident_tick, name="quality_incident_tick"),
    path("actions/<int:incident_action_id>/done/", views.quality_action_done, name="quality_action_done"),
]
