"""URLs of the competence pages under ``/o/<org>/competence/``; object ids are named ``<model_name>_id``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "competence"

urlpatterns: list[URLPattern | URLResolver] = []
