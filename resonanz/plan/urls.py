"""URLs of the plan pages, mounted at ``/o/<org>/plan/``. Object ids are named ``<model_name>_id``."""

from __future__ import annotations

from django.urls import include, path

from resonanz.plan.views import calendar, execution, explanations, people, plans, reference, rows, versions

app_name = "plan"

plan_patterns = [
    path("", plans.plan_detail, name="plan_detail"),
    path("calendar/", calendar.plan_calendar, name="plan_calendar"),
    path("people/", people.plan_people, name="plan_people"),
    path("execution/", execution.plan_execution, name="plan_execution"),
    path("execution/export/", execution.plan_execution_export, name="plan_execution_export"),
    path("versions/", versions.plan_versions, name="plan_versions"),
    path("diff/", versions.plan_diff, name="plan_diff"),
    path("settings/", plans.plan_settings, name="plan_settings"),
    path("review/", plans.plan_review, name="plan_review"),
    path("new-draft/", plans.plan_new_draft, name="plan_new_draft"),
]

version_patterns = [
    path("", versions.plan_version, name="plan_version"),
    path("rows/new/", rows.plan_row_add, name="plan_row_add"),
    path("submit/", versions.plan_version_submit, name="plan_version_submit"),
    path("approve/", versions.plan_version_approve, name="plan_version_approve"),
    path("reject/", versions.plan_version_reject, name="plan_version_reject"),
    path("publish/", versions.plan_version_publish, name="plan_version_publish"),
    path("comment/", versions.plan_version_comment, name="plan_version_comment"),
    path("header/", versions.plan_version_header, name="plan_version_header"),
    path("reviewers/", versions.plan_version_reviewers, name="plan_version_reviewers"),
    path("review/", versions.plan_version_review, name="plan_version_review"),
]

row_patterns = [
    path("", rows.plan_row, name="plan_row"),
    path("edit/", rows.plan_row_edit, name="plan_row_edit"),
    path("delete/", rows.plan_row_delete, name="plan_row_delete"),
    path("move/", rows.plan_row_move, name="plan_row_move"),
    path("done/", execution.plan_row_done, name="plan_row_done"),
    path("explain/", explanations.plan_row_explain, name="plan_row_explain"),
]

urlpatterns = [
    path("", plans.plan_index, name="plan_index"),
    path("new/", plans.plan_create, name="plan_create"),
    path("<int:communication_plan_id>/", include(plan_patterns)),
    path("versions/<int:plan_version_id>/", include(version_patterns)),
    path("rows/<int:plan_row_id>/", include(row_patterns)),
    path("evidence/<int:evidence_id>/file/", execution.plan_evidence_attachment, name="plan_evidence_file"),
    path("senders/", rows.plan_sender_search, name="plan_sender_search"),
    path("channels/", reference.plan_channels, name="plan_channels"),
    path("channels/<int:channel_id>/", reference.plan_channel, name="plan_channel"),
    path("channels/<int:channel_id>/active/", reference.plan_channel_active, name="plan_channel_active"),
    path("audiences/", reference.plan_audiences, name="plan_audiences"),
    path("audiences/<int:audience_id>/", reference.plan_audience, name="plan_audience"),
    path("audiences/<int:audience_id>/active/", reference.plan_audience_active, name="plan_audience_active"),
    path("topics/", reference.plan_topics, name="plan_topics"),
    path("topics/<int:topic_id>/", reference.plan_topic, name="plan_topic"),
    path("topics/<int:topic_id>/active/", reference.plan_topic_active, name="plan_topic_active"),
    path("miss-reasons/", reference.plan_missreasons, name="plan_missreasons"),
    path("miss-reasons/<int:miss_reason_id>/", reference.plan_missreason, name="plan_missreason"),
    path(
        "miss-reasons/<int:miss_reason_id>/active/",
        reference.plan_missreason_active,
        name="plan_missreason_active",
    ),
    path("", include("resonanz.plan.transfer_urls")),
]
