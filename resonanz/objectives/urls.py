"""URLs of the objectives pages under ``/o/<org>/objectives/``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from resonanz.objectives import views

app_name = "objectives"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.objective_list, name="objective_list"),
    path("new/", views.objective_new, name="objective_new"),
    path("<int:objective_id>/", views.objective_detail, name="objective_detail"),
    path("<int:objective_id>/edit/", views.objective_edit, name="objective_edit"),
    path("<int:objective_id>/entries/", views.objective_entry, name="objective_entry"),
    path("<int:objective_id>/close/", views.objective_close, name="objective_close"),
    path("<int:objective_id>/cancel/", views.objective_cancel, name="objective_cancel"),
]
