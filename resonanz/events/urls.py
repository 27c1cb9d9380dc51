"""URLs of the events pages, mounted at ``/o/<org>/events/``. Object ids are named ``<model_name>_id``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from resonanz.events.views import calendar, events, policies

app_name = "events"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", events.events_list, name="events_list"),
    path("new/", events.events_create, name="events_create"),
    path("<int:event_id>/", events.events_detail, name="events_detail"),
    path("<int:event_id>/edit/", events.events_edit, name="events_edit"),
    path("<int:event_id>/cancel/", events.events_cancel, name="events_cancel"),
    path("<int:event_id>/register/", events.events_register, name="events_register"),
    path(
        "registrations/<int:registration_id>/cancel/",
        events.events_registration_cancel,
        name="events_registration_cancel",
    ),
    path(
        "registrations/<int:registration_id>/attendance/", events.events_attendance, name="events_attendance"
    ),
    path("calendar/", calendar.events_calendar, name="events_calendar"),
    path("policies/", policies.events_policies, name="events_policies"),
    path("policies/new/", policies.events_policy_create, name="events_policy_create"),
    path("policies/awareness/", policies.events_awareness, name="events_awareness"),
    path("policies/<int:policy_document_id>/", policies.events_policy, name="events_policy"),
    path("policies/<int:policy_document_id>/edit/", policies.events_policy_edit, name="events_policy_edit"),
    path(
        "policies/<int:policy_document_id>/new-version/",
        policies.events_policy_new_version,
        name="events_policy_new_version",
    ),
    path(
        "policies/<int:policy_document_id>/publish/",
        policies.events_policy_publish,
        name="events_policy_publish",
    ),
    path(
        "policies/<int:policy_document_id>/acknowledge/",
        policies.events_policy_acknowledge,
        name="events_policy_acknowledge",
    ),
    path(
        "policies/<int:policy_document_id>/acknowledgements/",
        policies.events_policy_acknowledgements,
        name="events_policy_acknowledgements",
    ),
]
