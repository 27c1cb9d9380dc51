"""Access helpers of the people app: the only way views and API handlers reach people and their profiles.

A person is a membership. Outside the member's organization everything is a 404. Colleagues' profiles
are for VIEW_PEOPLE; one's own is always readable; changing another person's profile or social profiles
needs MANAGE_PEOPLE, and to anyone else those objects do not exist (404).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from resonanz.core.models import Membership, MembershipRole
from resonanz.core.roles import Capability
from resonanz.people.models import PeopleImportJob, Profile, SocialProfile
from resonanz.plan.models import Topic

_MISSES = (ValueError, TypeError, OverflowError)


def people_queryset(member: Membership) -> QuerySet[Membership]:
    """The organization's people with what a profile shows, loaded in a fixed number of queries.

    Leavers (inactive memberships) are listed only to those who manage people.
    """
    people = Membership.objects.filter(organization_id=member.organization_id)
    if not member.can(Capability.MANAGE_PEOPLE):
        people = people.filter(is_active=True)
    return people.select_related("user", "profile").prefetch_related(
        Prefetch("role_assignments", queryset=MembershipRole.objects.order_by("role")),
        Prefetch("profile__expertise_topics", queryset=Topic.objects.order_by("name")),
        "profile__social_profiles",
    )


def _get_person(member: Membership, membership_id: Any) -> Membership:
    try:
        return people_queryset(member).get(pk=membership_id)
    except (ObjectDoesNotExist, *_MISSES):
        raise Http404 from None


def get_person_for(member: Membership, membership_id: Any) -> Membership:
    """A person of the organization whose profile the member may read: with VIEW_PEOPLE, or oneself."""
    if not member.can(Capability.VIEW_PEOPLE) and str(membership_id) != str(member.pk):
        raise Http404
    return _get_person(member, membership_id)


def get_person_to_change(member: Membership, membership_id: Any) -> Membership:
    """A person whose profile the member may change: oneself, or anyone with MANAGE_PEOPLE."""
    if not member.can(Capability.MANAGE_PEOPLE) and str(membership_id) != str(member.pk):
        raise Http404
    return _get_person(member, membership_id)


def get_social_profile_to_change(member: Membership, social_profile_id: Any) -> SocialProfile:
    found = SocialProfile.objects.select_related("profile__membership__organization").filter(
        profile__membership__organization_id=member.organization_id
    )
    if not member.can(Capability.MANAGE_PEOPLE):
        found = found.filter(profile__membership_id=member.pk)
    try:
        return found.get(pk=social_profile_id)
    except (ObjectDoesNotExist, *_MISSES):
        raise Http404 from None


def profile_of(person: Membership) -> Profile | None:
    """The person's profile, or None while they have none (read as an empty profile)."""
    try:
        return person.profile
    except Profile.DoesNotExist:
        return None


def topics_for(member: Membership) -> QuerySet[Topic]:
    return Topic.objects.filter(organization_id=member.organization_id, is_active=True).order_by("name")


def get_import_job_for(member: Membership, people_import_job_id: Any) -> PeopleImportJob:
    """A people import of the member's organization; only those who manage people see imports (else 404)."""
    if not member.can(Capability.MANAGE_PEOPLE):
        raise Http404
    jobs = PeopleImportJob.objects.select_related("organization", "created_by__user")
    try:
        return jobs.get(organization_id=member.organization_id, pk=people_import_job_id)
    except (ObjectDoesNotExist, *_MISSES):
        raise Http404 from None
