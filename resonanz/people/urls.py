"""URLs of the people pages, mounted at ``/o/<org>/people/``. Object ids are named ``<model_name>_id``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from resonanz.people.views import hub

app_name = "people"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", hub.people_index, name="people_index"),
]
