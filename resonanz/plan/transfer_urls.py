"""URLs of import and export, included by ``resonanz.plan.urls`` (so under ``/o/<org>/plan/``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from resonanz.plan.views import transfer_export, transfer_import

urlpatterns: list[URLPattern] = [
    path("<int:communication_plan_id>/import/", transfer_import.plan_import, name="plan_import"),
    path(
        "<int:communication_plan_id>/import/template.xlsx",
        transfer_import.plan_import_template,
        name="plan_import_template",
    ),
    path("imports/<int:import_job_id>/", transfer_import.plan_import_job, name="plan_import_job"),
    path(
        "imports/<int:import_job_id>/progress/",
        transfer_import.plan_import_progress,
        name="plan_import_progress",
    ),
    path(
        "imports/<int:import_job_id>/confirm/",
        transfer_import.plan_import_confirm,
        name="plan_import_confirm",
    ),
    path(
        "imports/<int:import_job_id>/discard/",
        transfer_import.plan_import_discard,
        name="plan_import_discard",
    ),
    path(
        "versions/<int:plan_version_id>/export.xlsx",
        transfer_export.plan_version_export,
        {"fmt": "xlsx"},
        name="plan_version_export_xlsx",
    ),
    path(
        "versions/<int:plan_version_id>/export.csv",
        transfer_export.plan_version_export,
        {"fmt": "csv"},
        name="plan_version_export_csv",
    ),
    path(
        "versions/<int:plan_version_id>/export.pdf",
        transfer_export.plan_version_export,
        {"fmt": "pdf"},
        name="plan_version_export_pdf",
    ),
]
