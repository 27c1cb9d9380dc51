"""URLs of the risk pages under ``/o/<org>/risks/``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from resonanz.risks import views

app_name = "risks"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.risk_list, name="risk_list"),
    path("matrix/", views.risk_matrix, name="risk_matrix"),
    path("<int:risk_id>/", views.risk_detail, name="risk_detail"),
    path("<int:risk_id>/edit/", views.risk_edit, name="risk_edit"),
    path("<int:risk_id>/actions/", views.risk_action_add, name="risk_action_add"),
    path("<int:risk_id>/reviews/", views.risk_review, name="risk_review"),
    path("<int:risk_id>/close/", views.risk_close, name="risk_close"),
    path("actions/<int:risk_action_id>/done/", views.risk_action_done, name="risk_action_done"),
]
