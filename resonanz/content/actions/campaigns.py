"""Campaigns: created, changed and switched off by those who keep the guidelines.

``Capability.MANAGE_GUIDELINES`` is the one roles.py names for campaigns ("Keep guideline rules,
approval rules and campaigns"): writers (buddies, ambassadors) choose a campaign for their post but do
not make the organization's campaigns. A campaign's name is unique per organization whatever its case;
the database holds that, and the action says so in words before the constraint would.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from resonanz.content.models import Campaign
from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.core.text import clean_text

NAME_LIMIT = 120
DESCRIPTION_LIMIT = 2000
FIELDS = ("name", "description", "starts_on", "ends_on", "is_active")
NAME_TAKEN = _("A campaign with this name exists already.")


@dataclass(frozen=True)
class CampaignInput:
    name: str
    description: str
    starts_on: dt.date | None
    ends_on: dt.date | None


def _date(value: Any, field: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ActionRefused(_("Enter a date."), field=field)
    return value


def _cleaned(name: Any, description: Any, starts_on: Any, ends_on: Any) -> CampaignInput:
    if not isinstance(name, str) or not isinstance(description, str | None):
        raise ActionRefused(_("Enter the name as text."), field="name")
    text = clean_text(name)
    if not text:
        raise ActionRefused(_("Give the campaign a name."), field="name")
    if len(text) > NAME_LIMIT:
        raise ActionRefused(
            _("A name has at most %(limit)s characters."), params={"limit": NAME_LIMIT}, field="name"
        )
    about = clean_text(description)
    if len(about) > DESCRIPTION_LIMIT:
        raise ActionRefused(
            _("A description has at most %(limit)s characters."),
            params={"limit": DESCRIPTION_LIMIT},
            field="description",
        )
    starts, ends = _date(starts_on, "starts_on"), _date(ends_on, "ends_on")
    if starts is not None and ends is not None and ends < starts:
        raise ActionRefused(_("A campaign cannot end before it starts."), field="ends_on")
    return CampaignInput(text, about, starts, ends)


def _refuse_taken(member: Membership, name: str, exclude: int | None = None) -> None:
    same = Campaign.objects.annotate(lowered=Lower("name")).filter(
        organization_id=member.organization_id, lowered=name.lower()
    )
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if same.exists():
        raise ActionRefused(NAME_TAKEN, field="name", code="name_taken")


@action(Capability.MANAGE_GUIDELINES)
def create_campaign(
    member: Membership,
    name: str,
    description: str = "",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> Campaign:
    """Create an active campaign of the member's organization."""
    data = _cleaned(name, description, starts_on, ends_on)
    with transaction.atomic():
        _refuse_taken(member, data.name)
        try:
            with transaction.atomic():
                campaign = Campaign.objects.create(
                    organization_id=member.organization_id,
                    name=data.name,
                    description=data.description,
                    starts_on=data.starts_on,
                    ends_on=data.ends_on,
                )
        except IntegrityError:  # the same name created at the same moment by someone else
            raise ActionRefused(NAME_TAKEN, field="name", code="name_taken") from None
        audit.record(
            member.organization,
            member,
            "content.campaign_created",
            campaign,
            after=audit.snapshot(campaign, FIELDS),
        )
    return campaign


@action(Capability.MANAGE_GUIDELINES)
def update_campaign(
    member: Membership,
    campaign: Campaign,
    name: str,
    description: str = "",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> Campaign:
    """Change a campaign's name, description and dates."""
    data = _cleaned(name, description, starts_on, ends_on)
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        before = audit.snapshot(locked, FIELDS)
        _refuse_taken(member, data.name, exclude=locked.pk)
        locked.name, locked.description = data.name, data.description
        locked.starts_on, locked.ends_on = data.starts_on, data.ends_on
        after = audit.snapshot(locked, FIELDS)
        if after == before:
            return locked
        try:
            with transaction.atomic():
                locked.save(update_fields=["name", "description", "starts_on", "ends_on"])
        except IntegrityError:
            raise ActionRefused(NAME_TAKEN, field="name", code="name_taken") from None
        audit.record(
            member.organization, member, "content.campaign_changed", locked, before=before, after=after
        )
    return locked


@action(Capability.MANAGE_GUIDELINES)
def set_campaign_active(member: Membership, campaign: Campaign, active: bool) -> Campaign:
    """Switch a campaign on or off; posts keep their campaign, new posts choose only active ones."""
    if not isinstance(active, bool):
        raise ActionRefused(_("Choose whether the campaign is active."), field="is_active")
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.is_active == active:
            return locked
        locked.is_active = active
        locked.save(update_fields=["is_active"])
        audit.record(
            member.organization,
            member,
            "content.campaign_activated" if active else "content.campaign_deactivated",
            locked,
            before={"is_active": not active},
            after={"is_active": active},
        )
    return locked
