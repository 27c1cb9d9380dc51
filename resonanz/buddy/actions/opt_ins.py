"""A colleague opts in to be coached (and shares details with the managers, or not), or opts out."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.buddy import normalise
from resonanz.buddy.models import BuddyProfile, CoachingOptIn, Pair
from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.people.models import Profile
from resonanz.people.profile_values import clean_time_zone

FIELDS = (
    "languages",
    "time_zone",
    "prefers_other_unit",
    "wishes",
    "share_details_with_program_managers",
    "is_active",
)


def _snapshot(opt_in: CoachingOptIn) -> dict[str, Any]:
    values = audit.snapshot(opt_in, FIELDS)
    values["topics"] = sorted(opt_in.topics.values_list("pk", flat=True))
    return values


@action(Capability.TAKE_PART)
def opt_in(
    member: Membership,
    *,
    topics: Any = None,
    languages: Any = None,
    time_zone: Any = None,
    prefers_other_unit: bool = False,
    wishes: Any = "",
    share_details_with_program_managers: bool = False,
) -> CoachingOptIn:
    """Opt in to coaching, or change one's opt-in. Languages and time zone default to one's profile.

    Sharing details with the programme managers is a consent of its own: given or withdrawn with a
    timestamp, and off unless ticked.
    """
    profile = Profile.objects.filter(membership=member).first()
    if languages is None or languages == [] or languages == "":
        languages = (profile.languages if profile is not None else []) or [member.user.language or "de"]
    values: dict[str, Any] = {
        "languages": normalise.languages(languages),
        "time_zone": clean_time_zone(
            time_zone or (profile.time_zone if profile else "") or member.organization.time_zone
        ),
        "prefers_other_unit": normalise.flag(prefers_other_unit),
        "wishes": normalise.text(wishes, "wishes"),
        "share_details_with_program_managers": normalise.flag(share_details_with_program_managers),
    }
    chosen_topics = normalise.topics(member, topics)
    with transaction.atomic():
        if BuddyProfile.objects.filter(membership=member, is_active=True).exists():
            raise ActionRefused(_("Buddies coach colleagues; they do not opt in to be coached here."))
        current = CoachingOptIn.objects.select_for_update().filter(membership=member, is_active=True).first()
        before = None if current is None else _snapshot(current)
        now = timezone.now()
        if current is None:
            try:
                with transaction.atomic():
                    current = CoachingOptIn.objects.create(
                        organization=member.organization,
                        membership=member,
                        consent_changed_at=now if values["share_details_with_program_managers"] else None,
                        **values,
                    )
            except IntegrityError:
                raise ActionRefused(_("You have opted in already.")) from None
        elif any(getattr(current, field) != value for field, value in values.items()):
            if current.share_details_with_program_managers != values["share_details_with_program_managers"]:
                current.consent_changed_at = now
            for field, value in values.items():
                setattr(current, field, value)
            current.save()
        if before is None or sorted(topic.pk for topic in chosen_topics) != before["topics"]:
            current.topics.set(chosen_topics)
        after = _snapshot(current)
        if before != after:
            audit.record(
                member.organization,
                member,
                "buddy.opted_in" if before is None else "buddy.opt_in_updated",
                current,
                before=before,
                after=after,
            )
    return current


@action(Capability.TAKE_PART)
def opt_out(member: Membership) -> CoachingOptIn | None:
    """End one's opt-in and the pair that came from it; what was recorded stays with the ended pair."""
    with transaction.atomic():
        current = CoachingOptIn.objects.select_for_update().filter(membership=member, is_active=True).first()
        if current is None:
            return None
        now = timezone.now()
        before = _snapshot(current)
        current.is_active = False
        current.ended_at = now
        current.save(update_fields=["is_active", "ended_at"])
        ended = Pair.objects.filter(coachee=member, ended_at__isnull=True).update(
            ended_at=now, end_reason=str(_("The colleague opted out."))
        )
        audit.record(
            member.organization,
            member,
            "buddy.opted_out",
            current,
            before=before,
            after={**_snapshot(current), "pairs_ended": ended},
        )
    return current
