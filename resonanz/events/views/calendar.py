"""The calendar feed: the page where a person creates or revokes their feed URL, and the feed itself.

The feed is read by calendar programs that cannot sign in: the secret token in the URL is the key. Only
its hash is stored, an unknown or revoked token is a 404, and the work per request is bounded
(``events.calendar``).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from resonanz.core.access import org_view
from resonanz.core.http import MemberRequest
from resonanz.core.roles import Capability
from resonanz.events import actions
from resonanz.events.calendar import entries_for, render_ics
from resonanz.events.feed_tokens import token_hash
from resonanz.events.models import CalendarFeed

TOKEN_MAX_LENGTH = 100


@org_view(Capability.TAKE_PART)
@require_http_methods(["GET", "POST"])
def events_calendar(request: MemberRequest) -> HttpResponse:
    member = request.member
    feed_url = None
    if request.method == "POST":
        if request.POST.get("do") == "revoke":
            if actions.revoke_calendar_feed(member):
                messages.success(
                    request, _("Your calendar feed has been revoked; its address no longer works.")
                )
            return redirect("events:events_calendar", member.organization.slug)
        _feed, token = actions.create_calendar_feed(member)
        # Shown once, in this response only: the token is not stored, only its hash.
        feed_url = request.build_absolute_uri(reverse("calendar_feed", args=[token]))
    active = CalendarFeed.objects.filter(membership=member, revoked_at__isnull=True).first()
    return render(request, "events/calendar.html", {"active": active, "feed_url": feed_url})


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    if not token or len(token) > TOKEN_MAX_LENGTH:
        raise Http404
    feed = (
        CalendarFeed.objects.filter(token_hash=token_hash(token), revoked_at__isnull=True)
        .select_related("membership__organization", "membership__user")
        .first()
    )
    if feed is None or not feed.membership.is_active or not feed.membership.can(Capability.TAKE_PART):
        raise Http404
    member = feed.membership
    name = f"{member.organization.name} – resonanz"
    response = HttpResponse(
        render_ics(entries_for(member), name), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
