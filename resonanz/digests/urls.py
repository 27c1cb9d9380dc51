"""URLs of the digest setting, mounted at ``/o/<org>/digests/``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from resonanz.digests import views

app_name = "digests"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.digest_settings, name="settings"),
]
