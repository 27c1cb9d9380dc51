"""State changes of the consent ledger and the analytics switches: named, guarded, audited actions.

A person gives and withdraws only their own consents (``Capability.TAKE_PART``), and withdrawing is
one step, exactly like giving. The switches belong to those who manage the organization.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.consent.models import (
    MIN_GROUP_SIZE_HIGHEST,
    MIN_GROUP_SIZE_LOWEST,
    AnalyticsSettings,
    Consent,
    ConsentPurpose,
)
from resonanz.consent.texts import current_text
from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership, Organization
from resonanz.core.roles import Capability

SETTINGS_FIELDS = ("person_analytics", "leaderboard", "min_group_size")


def _clean_purpose(value: Any) -> ConsentPurpose:
    """A known purpose, or a translated refusal."""
    if isinstance(value, str) and value in ConsentPurpose.values:
        return ConsentPurpose(value)
    raise ActionRefused(_("This consent is not known. Reload the page and try again."), field="purpose")


def _record(member: Membership, code: str, consent: Consent, **sides: Any) -> None:
    audit.record(
        member.organization,
        member,
        code,
        consent,
        object_repr=str(ConsentPurpose(consent.purpose).label),
        **sides,
    )


def _state(consent: Consent) -> dict[str, Any]:
    return {
        "purpose": consent.purpose,
        "text_version": consent.text.version,
        "given_at": audit.to_json(consent.given_at),
        "withdrawn_at": audit.to_json(consent.withdrawn_at),
    }


@action(Capability.TAKE_PART)
def give_consent(member: Membership, purpose: ConsentPurpose | str) -> Consent:
    """Consent to ``purpose`` with its current text; an active consent is returned as it is."""
    wanted = _clean_purpose(purpose)
    active = Consent.objects.filter(membership=member, purpose=wanted, withdrawn_at__isnull=True)
    existing = active.select_related("text").first()
    if existing is not None:
        return existing
    text = current_text(wanted)
    try:
        with transaction.atomic():
            consent = Consent.objects.create(
                organization_id=member.organization_id,
                membership=member,
                purpose=wanted,
                text=text,
                given_at=timezone.now(),
            )
            _record(member, "consent.given", consent, after=_state(consent))
    except IntegrityError:
        # A second click that raced the first: the constraint kept one active consent; that is it.
        found = active.select_related("text").first()
        if found is None:
            raise
        return found
    return consent


@action(Capability.TAKE_PART)
def withdraw_consent(member: Membership, purpose: ConsentPurpose | str) -> Consent | None:
    """Withdraw the active consent to ``purpose`` at once; ``None`` when there was none to withdraw."""
    wanted = _clean_purpose(purpose)
    with transaction.atomic():
        consent = (
            Consent.objects.select_for_update()
            .select_related("text")
            .filter(membership=member, purpose=wanted, withdrawn_at__isnull=True)
            .first()
        )
        if consent is None:
            return None
        before = _state(consent)
        consent.withdrawn_at = max(timezone.now(), consent.given_at)
        consent.save(update_fields=["withdrawn_at"])
        _record(member, "consent.withdrawn", consent, before=before, after=_state(consent))
    return consent


# The reason a leaver's consents end with; stored in German or English as the leaving action ran.
LEFT = _("Left the organization.")


@action(Capability.MANAGE_PEOPLE, Capability.MANAGE_MEMBERS, system=True)
def end_consents_of_leaver(actor: Membership | None, leaver: Membership) -> int:
    """Withdraw every active consent of a member who left; the number withdrawn.

    Called from the ``member_left`` signal inside the action that deactivated the membership (people's
    leaver action or core's deactivation), by the member who recorded the leaving. A consent is given
    as a member of the organization: it ends with the membership, so a person who comes back (a
    reactivated membership) is not analysed on the strength of what they agreed to before they left.
    """
    with transaction.atomic():
        locked = Membership.objects.select_for_update().select_related("organization").get(pk=leaver.pk)
        if locked.is_active:
            raise ActionRefused(_("%(name)s is still a member."), params={"name": str(locked)})
        consents = list(
            Consent.objects.select_for_update()
            .select_related("text")
            .filter(membership=locked, withdrawn_at__isnull=True)
            .order_by("pk")
        )
        now = timezone.now()
        reason = str(LEFT)
        for consent in consents:
            before = _state(consent)
            consent.withdrawn_at = max(now, consent.given_at)
            consent.save(update_fields=["withdrawn_at"])
            audit.record(
                locked.organization,
                actor,
                "consent.withdrawn_leaver",
                consent,
                object_repr=str(ConsentPurpose(consent.purpose).label),
                before=before,
                after={**_state(consent), "reason": reason},
            )
    return len(consents)


def _clean_switch(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ActionRefused(_("Choose on or off."), field=name)
    return value


def _clean_group_size(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ActionRefused(_("Enter a whole number."), field="min_group_size")
    if not MIN_GROUP_SIZE_LOWEST <= value <= MIN_GROUP_SIZE_HIGHEST:
        raise ActionRefused(
            _("Enter a number from %(lowest)s to %(highest)s."),
            params={"lowest": MIN_GROUP_SIZE_LOWEST, "highest": MIN_GROUP_SIZE_HIGHEST},
            field="min_group_size",
        )
    return value


@action(Capability.MANAGE_ORGANIZATION)
def change_analytics_settings(
    member: Membership, *, person_analytics: bool, leaderboard: bool, min_group_size: int
) -> AnalyticsSettings:
    """Set the organization's three analytics switches; unchanged values write nothing."""
    values = {
        "person_analytics": _clean_switch("person_analytics", person_analytics),
        "leaderboard": _clean_switch("leaderboard", leaderboard),
        "min_group_size": _clean_group_size(min_group_size),
    }
    with transaction.atomic():
        # The organization's row serializes two administrators saving at once (the audit trail locks
        # it as well); then the one settings row is found or made without a race.
        Organization.objects.select_for_update().only("pk").get(pk=member.organization_id)
        stored = AnalyticsSettings.objects.filter(organization_id=member.organization_id).first()
        if stored is None:
            stored = AnalyticsSettings(organization_id=member.organization_id)
            before = None
        else:
            before = audit.snapshot(stored, SETTINGS_FIELDS)
            if before == values:
                return stored
        for name, value in values.items():
            setattr(stored, name, value)
        stored.changed_by = member
        stored.changed_at = timezone.now()
        stored.save()
        audit.record(
            member.organization,
            member,
            "consent.analytics_settings_changed",
            stored,
            object_repr=str(_("Analytics and privacy settings")),
            before=before,
            after=audit.snapshot(stored, SETTINGS_FIELDS),
        )
    return stored
