"""URLs of the internal audits under ``/o/<org>/audits/``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from resonanz.audits import views

app_name = "audits"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.audits_index, name="audits_index"),
    path("programmes/<int:audit_programme_id>/", views.audits_programme, name="audits_programme"),
    path("<int:audit_id>/", views.audits_audit, name="audits_audit"),
    path("<int:audit_id>/start/", views.audits_start, name="audits_start"),
    path("<int:audit_id>/complete/", views.audits_complete, name="audits_complete"),
    path("<int:audit_id>/report.pdf", views.audits_report, name="audits_report"),
    path("items/<int:checklist_item_id>/result/", views.audits_result, name="audits_result"),
]
