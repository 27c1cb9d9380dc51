"""The plan a page is about: its published and open versions, and which version a page shows."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from resonanz.core.dates import zone_name
from resonanz.core.http import MemberRequest
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.plan import access
from resonanz.plan.models import CommunicationPlan, PlanVersion, VersionStatus
from resonanz.plan.reviews import local_today


def plan_context(member: Membership, plan: CommunicationPlan, tab: str) -> dict[str, Any]:
    """What the plan's header and tabs need (two queries)."""
    sees_all = access.sees_all_versions(member)
    published = access.published_version(plan)
    open_version = access.open_version(plan) if sees_all else None
    today = local_today(member.organization)
    return {
        "plan": plan,
        "published": published,
        "open_version": open_version,
        "tab": tab,
        "sees_all": sees_all,
        "can_edit": member.can(Capability.EDIT_PLAN),
        "can_approve": member.can(Capability.APPROVE_PLAN),
        "can_record": member.can(Capability.RECORD_EVIDENCE),
        "can_see_evidence": member.can(Capability.VIEW_EVIDENCE),
        "sees_names": member.can(Capability.VIEW_NAMES),
        "review_overdue": plan.next_review_due is not None and plan.next_review_due < today,
        "zone_name": member.organization.time_zone,  # for {% timezone %}
        "zone_label": zone_name(member.organization.zone),  # for readers: "MEZ/MESZ"
    }


def shown_version(
    member: Membership, plan: CommunicationPlan, request: MemberRequest, published: PlanVersion | None
) -> PlanVersion | None:
    """The published version, or (for members who read every version) the one named by ``?version=``.

    Without a published version, those members see the version being worked on.
    """
    if not access.sees_all_versions(member):
        return published
    wanted = request.GET.get("version", "")
    versions = access.version_queryset(member).filter(plan=plan)
    if wanted:
        # Only plain ids: "²" passes isdigit() and 5,000 digits overflow int() and the database.
        if not (wanted.isascii() and wanted.isdigit() and len(wanted) <= 18):
            raise Http404
        chosen = versions.filter(pk=int(wanted)).first()
        if chosen is not None:
            return chosen
    if published is not None:
        return published
    return versions.exclude(status=VersionStatus.SUPERSEDED).order_by("-number").first()
