"""URLs of the buddy pages, mounted at ``/o/<org>/buddy/``. Object ids are named ``<model_name>_id``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "buddy"

urlpatterns: list[URLPattern | URLResolver] = []
