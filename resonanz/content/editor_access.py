"""Access helpers of the editor's pages: campaigns and guideline rules (posts: ``approval_access``).

Anything outside the member's organization is a 404. Campaigns are kept by those who keep the
guidelines; guideline rules are read by those who read content and kept by the guideline keepers.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from resonanz.content.models import Campaign, GuidelineRule
from resonanz.core.access import require_or_404
from resonanz.core.models import Membership
from resonanz.core.roles import Capability

C = Capability


def campaign_queryset(member: Membership) -> QuerySet[Campaign]:
    require_or_404(member, C.MANAGE_GUIDELINES)
    return Campaign.objects.filter(organization_id=member.organization_id).order_by("-is_active", "name")


def get_campaign_for(member: Membership, campaign_id: Any) -> Campaign:
    try:
        return campaign_queryset(member).get(pk=campaign_id)
    except (Campaign.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def rule_queryset(member: Membership) -> QuerySet[GuidelineRule]:
    if not (member.can(C.VIEW_CONTENT) or member.can(C.MANAGE_GUIDELINES)):
        raise Http404
    return GuidelineRule.objects.filter(organization_id=member.organization_id).order_by("kind", "pattern")


def get_guideline_rule_for(member: Membership, guideline_rule_id: Any) -> GuidelineRule:
    try:
        return rule_queryset(member).get(pk=guideline_rule_id)
    except (GuidelineRule.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
