"""A member who leaves leaves the buddy programme: pairs end with a reason, the opt-in is withdrawn, a
leaving buddy's profile goes inactive, and their colleagues wait for the next matching run. Tested
through the leaving actions of people and core, which send ``member_left``."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from resonanz.buddy import actions
from resonanz.buddy.matching_input import build_instance
from resonanz.buddy.models import BuddyProfile, CoachingOptIn, Pair
from resonanz.buddy.tests.factories import make_buddy, make_opt_in, manager_of
from resonanz.core import actions as core_actions
from resonanz.core.errors import ActionRefused
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.people.actions.leavers import deactivate_leaver


def _admin(org: Organization) -> Membership:
    return make_member(org, ["admin"])


def test_a_leaving_buddy_ends_their_pairs_and_their_colleagues_wait_for_the_next_run(
    org: Organization,
) -> None:
    manager = manager_of(org)
    buddy = make_buddy(manager, capacity=3)
    other_buddy = make_buddy(manager, capacity=3)
    first, second = make_opt_in(org), make_opt_in(org)
    pairs = [actions.pin_pair(manager, buddy, opt_in, reason="Start") for opt_in in (first, second)]
    untouched = actions.pin_pair(manager, other_buddy, make_opt_in(org), reason="Start")

    deactivate_leaver(_admin(org), buddy.membership)

    for pair in pairs:
        pair.refresh_from_db()
        assert pair.ended_at is not None
        assert pair.end_reason == "Hat die Organisation verlassen."
    untouched.refresh_from_db()
    assert untouched.ended_at is None
    buddy.refresh_from_db()
    assert buddy.is_active is False
    # Their colleagues are still opted in, without a buddy: the next run matches them again.
    assert CoachingOptIn.objects.filter(pk__in=[first.pk, second.pk], is_active=True).count() == 2
    instance = build_instance(org, timezone.now(), rematch=False)
    assert {first.pk, second.pk} <= {coachee.key for coachee in instance.coachees}
    assert buddy.membership_id not in {candidate.key for candidate in instance.buddies}
    actions.run_matching(manager, rematch=False, note="")
    assert set(
        Pair.objects.filter(
            ended_at__isnull=True, coachee__in=[first.membership, second.membership]
        ).values_list("buddy", flat=True)
    ) == {other_buddy.membership_id}
    recorded = AuditRecord.objects.filter(organization=org, action="buddy.pair_ended_leaver")
    assert recorded.count() == 2
    assert AuditRecord.objects.filter(organization=org, action="buddy.buddy_deactivated_leaver").count() == 1


def test_a_leaving_colleague_ends_their_pair_and_withdraws_the_opt_in_through_core_deactivation(
    org: Organization,
) -> None:
    manager = manager_of(org)
    buddy = make_buddy(manager)
    opt_in = make_opt_in(org)
    pair = actions.pin_pair(manager, buddy, opt_in, reason="Start")
    admin = _admin(org)

    core_actions.set_member_active(admin, opt_in.membership, False)

    pair.refresh_from_db()
    opt_in.refresh_from_db()
    assert pair.ended_at is not None and pair.end_reason == "Hat die Organisation verlassen."
    assert opt_in.is_active is False and opt_in.ended_at is not None
    assert not Pair.objects.filter(buddy=buddy.membership, ended_at__isnull=True).exists()
    withdrawn = AuditRecord.objects.get(organization=org, action="buddy.opt_in_withdrawn_leaver")
    assert withdrawn.actor_name == str(admin.user.full_name)
    buddy.refresh_from_db()
    assert buddy.is_active  # the buddy stays, with a free place


def test_the_buddy_overview_shows_the_colleague_of_a_leaver_as_waiting(
    org: Organization, client_for: Callable[[Membership], Client]
) -> None:
    manager = manager_of(org)
    buddy = make_buddy(manager)
    opt_in = make_opt_in(org, full_name="Greta Sommer")
    actions.pin_pair(manager, buddy, opt_in, reason="Start")

    deactivate_leaver(_admin(org), buddy.membership)

    page = client_for(manager).get(f"/o/{org.slug}/buddy/")
    waiting = page.context["waiting"]
    assert [item.pk for item in waiting] == [opt_in.pk]


def test_the_step_refuses_a_member_who_is_still_active_and_a_member_without_the_rights(
    org: Organization,
) -> None:
    manager = manager_of(org)
    buddy = make_buddy(manager)
    with pytest.raises(ActionRefused):
        actions.end_programme_of_leaver(_admin(org), buddy.membership)
    with pytest.raises(PermissionDenied):
        actions.end_programme_of_leaver(make_member(org), buddy.membership)
    assert BuddyProfile.objects.get(pk=buddy.pk).is_active
