"""The content hub: one page leading to posts, approval, campaigns, guideline rules and publishing."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _

from resonanz.core.access import org_view
from resonanz.core.http import MemberRequest
from resonanz.core.roles import Capability
from resonanz.people.views.hub import render_hub


@org_view(Capability.VIEW_HOME)
def content_index(request: MemberRequest) -> HttpResponse:
    return render_hub(request, "content", _("Content"))
