"""The plan on the start page: a card with the published version and the next review, and a banner for
plans whose review is overdue. Core's start page loads these tags; the plan app owns what they show."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Prefetch

from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.plan.access import plan_queryset
from resonanz.plan.models import PlanVersion, VersionStatus
from resonanz.plan.reviews import local_today, overdue_plans

register = template.Library()


@register.inclusion_tag("plan/_home_card.html", takes_context=True)
def plan_home_card(context: dict[str, Any]) -> dict[str, Any]:
    member: Membership | None = context.get("member")
    if member is None or not member.can(Capability.VIEW_PLAN):
        return {"visible": False}
    published = PlanVersion.objects.filter(status=VersionStatus.PUBLISHED)
    plans = list(
        plan_queryset(member).prefetch_related(Prefetch("versions", queryset=published, to_attr="published"))
    )
    return {
        "visible": True,
        "plans": [(plan, plan.published[0] if plan.published else None) for plan in plans],
        "today": local_today(member.organization),
        "can_edit": member.can(Capability.EDIT_PLAN),
        "organization": member.organization,
    }


@register.inclusion_tag("plan/_home_banner.html", takes_context=True)
def plan_review_banner(context: dict[str, Any]) -> dict[str, Any]:
    member: Membership | None = context.get("member")
    if member is None or not member.can(Capability.VIEW_PLAN):
        return {"overdue": []}
    return {"overdue": list(overdue_plans(member.organization)), "organization": member.organization}
