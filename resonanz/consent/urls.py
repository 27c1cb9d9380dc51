"""URLs of the consent pages, mounted at ``/o/<org>/consent/``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from resonanz.consent import views

app_name = "consent"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.consent_mine, name="consent_mine"),
    path("give/", views.consent_give, name="consent_give"),
    path("withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("analytics/", views.consent_analytics, name="consent_analytics"),
]
