"""Changing a profile: languages, time zone, expertise topics, programme role and social profiles.

Own profile with TAKE_PART, anyone's with MANAGE_PEOPLE (checked in the body once the target is known,
as the plan does for "own or any"). A membership without a profile gets one on its first change.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action, require
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.people.models import MAX_EXPERTISE_TOPICS, MAX_SOCIAL_PROFILES, Network, Profile, SocialProfile
from resonanz.people.profile_values import clean_handle, clean_languages, clean_program_role, clean_time_zone
from resonanz.plan.models import Topic

PROFILE_FIELDS = ("languages", "time_zone", "expertise_topics", "program_role")


def _require_own_or_manage(actor: Membership, membership: Membership) -> None:
    if membership.pk != actor.pk:
        require(actor, Capability.MANAGE_PEOPLE)


def _clean_topic_ids(actor: Membership, values: object, field: str = "expertise_topics") -> list[Topic]:
    """Active topics of the actor's organization, given as ids (or topics); a foreign id is refused."""
    if isinstance(values, str | bytes | dict) or not isinstance(values, Iterable):
        raise ActionRefused(_("Choose the topics from the list."), field=field)
    wanted: list[int] = []
    for value in values:
        pk = value.pk if isinstance(value, Topic) else value
        if isinstance(pk, bool) or not isinstance(pk, int):
            raise ActionRefused(_("Choose the topics from the list."), field=field)
        if pk not in wanted:
            wanted.append(pk)
        if len(wanted) > MAX_EXPERTISE_TOPICS:
            raise ActionRefused(
                _("Choose at most %(limit)s topics."), params={"limit": MAX_EXPERTISE_TOPICS}, field=field
            )
    found = {
        topic.pk: topic
        for topic in Topic.objects.filter(
            organization_id=actor.organization_id, is_active=True, pk__in=wanted
        )
    }
    for pk in wanted:
        if pk not in found:
            raise ActionRefused(
                _("This topic is unknown or no longer active: %(id)s."), params={"id": pk}, field=field
            )
    return [found[pk] for pk in wanted]


def _profile_snapshot(profile: Profile) -> dict[str, Any]:
    return {
        "languages": list(profile.languages),
        "time_zone": profile.time_zone,
        "expertise_topics": sorted(profile.expertise_topics.values_list("name", flat=True)),
        "program_role": profile.program_role,
    }


def _clean_changes(actor: Membership, changes: dict[str, object]) -> dict[str, Any]:
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ActionRefused(_("“%(field)s” cannot be set here."), params={"field": sorted(unknown)[0]})
    cleaned: dict[str, Any] = {}
    if "languages" in changes:
        cleaned["languages"] = clean_languages(changes["languages"])
    if "time_zone" in changes:
        cleaned["time_zone"] = clean_time_zone(changes["time_zone"])
    if "expertise_topics" in changes:
        cleaned["expertise_topics"] = _clean_topic_ids(actor, changes["expertise_topics"])
    if "program_role" in changes:
        # Who is in the programme is the administrator's decision, not the person's own.
        require(actor, Capability.MANAGE_PEOPLE)
        cleaned["program_role"] = clean_program_role(changes["program_role"])
    return cleaned


def _apply_profile_changes(profile: Profile, cleaned: dict[str, Any]) -> bool:
    """Set cleaned values on a locked profile; whether anything changed. A step of the guarded actions."""
    changed = False
    plain = [field for field in ("languages", "time_zone", "program_role") if field in cleaned]
    for field in plain:
        if getattr(profile, field) != cleaned[field]:
            setattr(profile, field, cleaned[field])
            changed = True
    if changed:
        profile.save(update_fields=[*plain, "updated_at"])
    if "expertise_topics" in cleaned:
        current = set(profile.expertise_topics.values_list("pk", flat=True))
        wanted = {topic.pk for topic in cleaned["expertise_topics"]}
        if current != wanted:
            profile.expertise_topics.set(cleaned["expertise_topics"])
            changed = True
    return changed


def _locked_profile(membership: Membership) -> Profile:
    Membership.objects.select_for_update().filter(pk=membership.pk).first()
    profile, _created = Profile.objects.get_or_create(membership_id=membership.pk)
    return profile


@action(Capability.TAKE_PART, Capability.MANAGE_PEOPLE)
def update_profile(actor: Membership, membership: Membership, **changes: object) -> Profile:
    """Change a profile: the actor's own (TAKE_PART) or anyone's (MANAGE_PEOPLE).

    Only the administrator sets the programme role. Topics are ids of active topics of the organization.
    """
    _require_own_or_manage(actor, membership)
    cleaned = _clean_changes(actor, changes)
    with transaction.atomic():
        profile = _locked_profile(membership)
        before = _profile_snapshot(profile)
        _apply_profile_changes(profile, cleaned)
        audit.record(
            membership.organization,
            actor,
            "people.profile_changed",
            profile,
            before=before,
            after=_profile_snapshot(profile),
            object_repr=str(membership),
        )
    return profile


@action(Capability.TAKE_PART, Capability.MANAGE_PEOPLE)
def add_social_profile(
    actor: Membership, membership: Membership, *, network: str, handle: str
) -> SocialProfile:
    """Add an account on a network to a profile (at most ``MAX_SOCIAL_PROFILES``, each once)."""
    _require_own_or_manage(actor, membership)
    if not isinstance(network, str) or network not in Network.values:
        raise ActionRefused(_("Choose a network from the list."), field="network")
    cleaned = clean_handle(handle)
    with transaction.atomic():
        profile = _locked_profile(membership)
        existing = SocialProfile.objects.filter(profile=profile)
        if existing.count() >= MAX_SOCIAL_PROFILES:
            raise ActionRefused(
                _("A profile holds at most %(limit)s social profiles. Remove one first."),
                params={"limit": MAX_SOCIAL_PROFILES},
                field="handle",
            )
        duplicate = _("This social profile is listed already.")
        if existing.filter(network=network, handle__iexact=cleaned).exists():
            raise ActionRefused(duplicate, field="handle")
        try:
            with transaction.atomic():
                social = SocialProfile.objects.create(profile=profile, network=network, handle=cleaned)
        except IntegrityError:  # added at the same moment elsewhere
            raise ActionRefused(duplicate, field="handle") from None
        audit.record(
            membership.organization,
            actor,
            "people.social_profile_added",
            social,
            after={"network": network, "handle": cleaned},
            object_repr=str(membership),
        )
    return social


@action(Capability.TAKE_PART, Capability.MANAGE_PEOPLE)
def remove_social_profile(actor: Membership, social_profile: SocialProfile) -> None:
    """Remove an account from a profile: one's own, or anyone's with MANAGE_PEOPLE."""
    membership = social_profile.profile.membership
    _require_own_or_manage(actor, membership)
    with transaction.atomic():
        locked = SocialProfile.objects.select_for_update().filter(pk=social_profile.pk).first()
        if locked is None:
            return
        before = {"network": locked.network, "handle": locked.handle}
        audit.record(
            membership.organization,
            actor,
            "people.social_profile_removed",
            locked,
            before=before,
            object_repr=str(membership),
        )
        locked.delete()
