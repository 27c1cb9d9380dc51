"""URLs of the people pages, mounted at ``/o/<org>/people/``. Object ids are named ``<model_name>_id``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from resonanz.people.views import directory, hub, imports, profiles

app_name = "people"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", hub.people_index, name="people_index"),
    path("directory/", directory.directory, name="people_directory"),
    path("me/", profiles.my_profile, name="people_my_profile"),
    path("<int:membership_id>/", profiles.profile_detail, name="people_profile"),
    path("<int:membership_id>/edit/", profiles.edit_profile, name="people_profile_edit"),
    path("<int:membership_id>/leave/", profiles.mark_leaver, name="people_leaver"),
    path("import/", imports.people_import, name="people_import"),
    path("import/<int:people_import_job_id>/", imports.people_import_job, name="people_import_job"),
    path(
        "import/<int:people_import_job_id>/progress/",
        imports.people_import_progress,
        name="people_import_progress",
    ),
    path(
        "import/<int:people_import_job_id>/confirm/",
        imports.people_import_confirm,
        name="people_import_confirm",
    ),
    path(
        "import/<int:people_import_job_id>/discard/",
        imports.people_import_discard,
        name="people_import_discard",
    ),
]
