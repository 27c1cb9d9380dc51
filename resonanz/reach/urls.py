"""URLs of the reach pages, mounted at ``/o/<org>/reach/``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from resonanz.reach import views

app_name = "reach"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.reach_index, name="reach_index"),
    path("overview/", views.reach_overview, name="reach_overview"),
    path("overview/export.csv", views.reach_export_csv, name="reach_export_csv"),
    path("overview/export.xlsx", views.reach_export_xlsx, name="reach_export_xlsx"),
    path("overview/report.pdf", views.reach_overview_report, name="reach_overview_report"),
    path("campaigns/<int:campaign_id>/", views.reach_campaign, name="reach_campaign"),
    path("campaigns/<int:campaign_id>/report.pdf", views.reach_campaign_report, name="reach_campaign_report"),
    path("me/", views.reach_me, name="reach_me"),
    path("leaderboard/", views.reach_leaderboard, name="reach_leaderboard"),
]
