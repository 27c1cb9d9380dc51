from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from resonanz.api import api
from resonanz.content.views import hub as content_hub

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("o/<slug:org>/consent/", include("resonanz.consent.urls")),
    path("o/<slug:org>/plan/", include("resonanz.plan.urls")),
    path("o/<slug:org>/people/", include("resonanz.people.urls")),
    path("o/<slug:org>/competence/", include("resonanz.competence.urls")),
    path("o/<slug:org>/events/", include("resonanz.events.urls")),
    path("o/<slug:org>/buddy/", include("resonanz.buddy.urls")),
    path("o/<slug:org>/content/", content_hub.content_index, name="content_index"),
    path("o/<slug:org>/content/approval/", include("resonanz.content.approval_urls")),
    path("o/<slug:org>/publishing/accounts/", include("resonanz.publishing.account_urls")),
    path("o/<slug:org>/publishing/deliveries/", include("resonanz.publishing.delivery_urls")),
    path("o/<slug:org>/content/", include("resonanz.content.editor_urls")),
    path("o/<slug:org>/publishing/calendar/", include("resonanz.publishing.calendar_urls")),
    path("o/<slug:org>/advocacy/", include("resonanz.advocacy.urls")),
    path("o/<slug:org>/reach/", include("resonanz.reach.urls")),
    path("o/<slug:org>/monitoring/", include("resonanz.monitoring.urls")),
    path("o/<slug:org>/digests/", include("resonanz.digests.urls")),
    path("o/<slug:org>/quality/", include("resonanz.quality.urls")),
    path("o/<slug:org>/standards/", include("resonanz.standards.urls")),
    path("o/<slug:org>/objectives/", include("resonanz.objectives.urls")),
    path("o/<slug:org>/risks/", include("resonanz.risks.urls")),
    path("o/<slug:org>/audits/", include("resonanz.audits.urls")),
    path("o/<slug:org>/reviews/", include("resonanz.reviews.urls")),
    path("", include("resonanz.events.feed_urls")),
    path("", include("resonanz.core.urls")),
]

handler400 = "resonanz.core.views.errors.bad_request"
handler403 = "resonanz.core.views.errors.forbidden"
handler404 = "resonanz.core.views.errors.not_found"
handler500 = "resonanz.core.views.errors.server_error"
