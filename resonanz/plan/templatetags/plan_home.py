"""The plan on the start page: a card with the published version and the next review, and a banner for
plans whose review is overdue. Core's start page loads these tags; the plan app owns what they show."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Prefetch

from resonanz.core.models import Membership
from resonanz.core.roles import Capability, Role
from resonanz.plan import home
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
        "can_manage_members": member.can(Capability.MANAGE_MEMBERS),
        "organization": member.organization,
    }


@register.inclusion_tag("plan/_home_tasks.html", takes_context=True)
def plan_start_cards(context: dict[str, Any]) -> dict[str, Any]:
    """The cards of what waits for the member: approvals, their drafts, reviews due, their next
    communications and the quarter's figures (each only for the roles it concerns)."""
    member: Membership | None = context.get("member")
    if member is None or not member.can(Capability.VIEW_PLAN):
        return {"visible": False}
    waiting, waiting_count = home.waiting_for(member)
    drafts, draft_count = home.drafts_of(member)
    return {
        "visible": True,
        "organization": member.organization,
        "can_approve": member.can(Capability.APPROVE_PLAN) or member.can(Capability.REVIEW_PLAN),
        "can_edit": member.can(Capability.EDIT_PLAN),
        "waiting": waiting,
        "waiting_count": waiting_count,
        "drafts": drafts,
        "draft_count": draft_count,
        "reviews_due": home.reviews_due(member),
        "today": local_today(member.organization),
        "next": home.next_communications(member),
        "next_days": home.NEXT_DAYS,
        "sends": member.roles & {Role.AMBASSADOR, Role.BUDDY},
        "figures": home.quarter_figures(member),
        "groups_only": not member.can(Capability.VIEW_MEMBERS),
    }


@register.inclusion_tag("plan/_home_banner.html", takes_context=True)
def plan_review_banner(context: dict[str, Any]) -> dict[str, Any]:
    member: Membership | None = context.get("member")
    if member is None or not member.can(Capability.VIEW_PLAN):
        return {"overdue": []}
    return {"overdue": list(overdue_plans(member.organization)), "organization": member.organization}
