"""API endpoints of the consent app under /api/v1/consent: the caller's own consents (read, give,
withdraw) and the organization's analytics switches. Every change goes through ``consent.actions``."""

from __future__ import annotations

from typing import Any

from ninja import Router

from resonanz.api_auth import member_of
from resonanz.consent import actions
from resonanz.consent.api_schemas import AnalyticsSettingsIn, AnalyticsSettingsOut, ConsentOut, PurposeIn
from resonanz.consent.overview import consent_rows
from resonanz.consent.switches import switches_for
from resonanz.core.http import ApiRequest
from resonanz.core.models import Membership
from resonanz.core.roles import Capability

router = Router(tags=["consent"])


def _consents(member: Membership) -> list[dict[str, Any]]:
    answer = []
    for row in consent_rows(member):
        active, text, history = row["active"], row["text"], row["history"]
        answer.append(
            {
                "purpose": row["purpose"].value,
                "label": str(row["purpose"].label),
                "given": active is not None,
                "given_at": active.given_at if active else None,
                "text_version": active.text.version if active else None,
                "last_withdrawn_at": history[0].withdrawn_at if history else None,
                "current_text_version": text.version if text else None,
                "current_text": text.text if text else "",
                "switched_on": row["switched_on"],
            }
        )
    return answer


def _one(member: Membership, purpose: str) -> dict[str, Any]:
    return next(row for row in _consents(member) if row["purpose"] == purpose)


@router.get("/consents", response=list[ConsentOut], summary="My consents, one per purpose")
def list_consents(request: ApiRequest) -> list[dict[str, Any]]:
    return _consents(member_of(request, Capability.TAKE_PART))


@router.post(
    "/consents/give", response=ConsentOut, summary="Give a consent (giving it again changes nothing)"
)
def give_consent(request: ApiRequest, payload: PurposeIn) -> dict[str, Any]:
    member = member_of(request, Capability.TAKE_PART)
    actions.give_consent(member, payload.purpose)
    return _one(member, payload.purpose.value)


@router.post(
    "/consents/withdraw", response=ConsentOut, summary="Withdraw a consent; it applies no longer, at once"
)
def withdraw_consent(request: ApiRequest, payload: PurposeIn) -> dict[str, Any]:
    member = member_of(request, Capability.TAKE_PART)
    actions.withdraw_consent(member, payload.purpose)
    return _one(member, payload.purpose.value)


def _settings(member: Membership) -> dict[str, Any]:
    switches = switches_for(member.organization_id)
    return {
        "person_analytics": switches.person_analytics,
        "leaderboard": switches.leaderboard,
        "min_group_size": switches.min_group_size,
        "works_council_mode": switches.works_council_mode,
    }


@router.get(
    "/analytics-settings",
    response=AnalyticsSettingsOut,
    summary="The organization's analytics switches (works-council mode by default)",
)
def get_analytics_settings(request: ApiRequest) -> dict[str, Any]:
    return _settings(member_of(request, Capability.VIEW_HOME))


@router.put("/analytics-settings", response=AnalyticsSettingsOut, summary="Set the analytics switches")
def put_analytics_settings(request: ApiRequest, payload: AnalyticsSettingsIn) -> dict[str, Any]:
    member = member_of(request, Capability.MANAGE_ORGANIZATION)
    actions.change_analytics_settings(member, **payload.dict())
    return _settings(member)
