"""URLs of the events pages, mounted at ``/o/<org>/events/``. Object ids are named ``<model_name>_id``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "events"

urlpatterns: list[URLPattern | URLResolver] = []
