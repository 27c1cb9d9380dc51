"""URLs of the delivery pages, mounted at ``/o/<org>/publishing/deliveries/``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from resonanz.publishing.views import deliveries

app_name = "deliveries"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", deliveries.deliveries_overview, name="deliveries_overview"),
    path("posts/<int:post_id>/", deliveries.post_deliveries, name="post_deliveries"),
    path("posts/<int:post_id>/schedule/", deliveries.post_schedule, name="post_schedule"),
    path("<int:delivery_id>/cancel/", deliveries.delivery_cancel, name="delivery_cancel"),
    path("<int:delivery_id>/reschedule/", deliveries.delivery_reschedule, name="delivery_reschedule"),
    path("<int:delivery_id>/retry/", deliveries.delivery_retry, name="delivery_retry"),
    path("<int:delivery_id>/resolve/", deliveries.delivery_resolve, name="delivery_resolve"),
    path("<int:delivery_id>/correct/", deliveries.delivery_correct, name="delivery_correct"),
]
