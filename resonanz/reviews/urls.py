"""URLs of the management review pages under ``/o/<org>/reviews/``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from resonanz.reviews import views

app_name = "reviews"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.review_list, name="review_list"),
    path("<int:management_review_id>/", views.review_detail, name="review_detail"),
    path("<int:management_review_id>/pdf/", views.review_pdf, name="review_pdf"),
    path("<int:management_review_id>/inputs/", views.review_inputs, name="review_inputs"),
    path("<int:management_review_id>/outputs/", views.review_outputs, name="review_outputs"),
    path("<int:management_review_id>/hold/", views.review_hold, name="review_hold"),
    path("<int:management_review_id>/close/", views.review_close, name="review_close"),
    path("outputs/<int:review_output_id>/done/", views.output_done, name="review_output_done"),
]
