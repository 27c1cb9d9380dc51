"""The people hub: one page leading to profiles, competence, events and the buddy programme."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from resonanz.core.access import org_view
from resonanz.core.http import MemberRequest
from resonanz.core.roles import Capability
from resonanz.people.areas import areas


@org_view(Capability.VIEW_HOME)
def people_index(request: MemberRequest) -> HttpResponse:
    return render_hub(request, "people", _("People"))


def render_hub(request: MemberRequest, hub: str, title: str) -> HttpResponse:
    """A hub page: the areas of ``hub`` whose capability the member holds and whose page exists."""
    member = request.member
    slug = member.organization.slug
    shown = []
    for area in areas(hub):
        if not member.can(area.capability):
            continue
        try:
            url = reverse(area.url_name, args=[slug])
        except NoReverseMatch:
            continue
        shown.append({"area": area, "url": url})
    return render(request, "hub.html", {"areas": shown, "title": title})
