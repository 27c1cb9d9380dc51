"""URLs of the people pages, mounted at ``/o/<org>/people/``. Object ids are named ``<model_name>_id``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from resonanz.people.views import directory, hub, profiles

app_name = "people"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", hub.people_index, name="people_index"),
    path("directory/", directory.directory, name="people_directory"),
    path("me/", profiles.my_profile, name="people_my_profile"),
    path("<int:membership_id>/", profiles.profile_detail, name="people_profile"),
    path("<int:membership_id>/edit/", profiles.edit_profile, name="people_profile_edit"),
    path("<int:membership_id>/leave/", profiles.mark_leaver, name="people_leaver"),
]
