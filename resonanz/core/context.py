"""Template context shared by every page: the member, their organizations and the navigation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from resonanz.core.access import memberships_of
from resonanz.core.roles import Capability


@dataclass(frozen=True)
class Section:
    """One entry of the main navigation of an organization.

    ``url_name`` takes the organization's slug; a section whose URL does not exist yet is not shown:
    a greyed-out “coming later” entry tells a reader nothing they can act on, and a keyboard cannot
    reach it. ``prefixes`` are the URL names that mark it active.
    """

    key: str
    label: str | Promise
    icon: str
    capability: Capability
    url_name: str | None = None
    prefixes: tuple[str, ...] = ()


# The areas of the product, then the core pages. Apps fill in their ``url_name`` as they arrive.
SECTIONS: list[Section] = [
    Section("plan", _("Plan"), "table", Capability.VIEW_PLAN, "plan:plan_index", ("plan",)),
    Section(
        "people",
        _("People"),
        "user-group",
        Capability.VIEW_HOME,
        "people:people_index",
        ("people", "competence", "events", "buddy"),
    ),
    Section(
        "content",
        _("Content"),
        "pen-to-square",
        Capability.VIEW_HOME,
        "content_index",
        (
            "content",
            "post",
            "my_posts",
            "campaign",
            "guideline",
            "approval_",
            "calendar_",
            "deliver",
            "account",
        ),
    ),
    # Everyone has own figures ("My reach"); the organization's dashboards need VIEW_AGGREGATES.
    Section("reach", _("Reach"), "chart-line", Capability.VIEW_HOME, "reach:reach_index", ("reach",)),
    # Monitoring (issue 17): the shitstorm early warning; figures for who may see them.
    Section(
        "monitoring",
        _("Monitoring"),
        "bell",
        Capability.VIEW_MONITORING_FIGURES,
        "monitoring:monitoring_overview",
        ("monitoring",),
    ),
    Section(
        "quality",
        _("Quality"),
        "clipboard-check",
        Capability.VIEW_HOME,
        "quality:quality_index",
        ("quality",),
    ),
    Section("privacy", _("Privacy"), "user-shield", Capability.VIEW_HOME, prefixes=("privacy",)),
    Section(
        "standards",
        _("Standards"),
        "book",
        Capability.VIEW_STANDARDS,
        "standards:standards_index",
        ("standards",),
    ),
    Section("members", _("Members"), "users", Capability.VIEW_MEMBERS, "member-list", ("member-",)),
    Section("audit", _("Audit trail"), "list-check", Capability.VIEW_AUDIT, "audit-list", ("audit-",)),
]


def _section_url(section: Section, slug: str) -> str | None:
    if section.url_name is None:
        return None
    try:
        return reverse(section.url_name, args=[slug])
    except NoReverseMatch:
        return None


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    member = getattr(request, "member", None)
    context: dict[str, Any] = {"my_memberships": list(memberships_of(user))}
    if member is not None:
        slug = member.organization.slug
        current = (request.resolver_match.url_name or "") if request.resolver_match is not None else ""
        context["member"] = member
        context["organization"] = member.organization
        allowed = [section for section in SECTIONS if member.can(section.capability)]
        shown = [(section, _section_url(section, slug)) for section in allowed]
        context["sections"] = [
            {
                "key": section.key,
                "label": section.label,
                "icon": section.icon,
                "url": url,
                "active": any(current.startswith(prefix) for prefix in section.prefixes),
            }
            for section, url in shown
            if url is not None
        ]
    return context
