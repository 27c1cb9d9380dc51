"""The buddy programme's actions: opt-in, buddies, matching runs, overrides, coaching, profile checks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from resonanz.buddy import access, actions
from resonanz.buddy.models import CoachingPlan, MatchingRun, Pair, ProfileCheck, ProfileCheckCriterion
from resonanz.buddy.tests.factories import make_buddy, make_opt_in, manager_of, topic
from resonanz.core.errors import ActionRefused
from resonanz.core.models import AuditRecord, Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan.models import Topic
from resonanz.plan.tests.factories import english_messages  # noqa: F401  (a fixture)

pytestmark = pytest.mark.usefixtures("english_messages")
NEWS = "Produktneuheiten"
EXPERTISE = "Fachwissen und Meinungsführerschaft"


def test_a_new_organization_gets_the_default_criteria(org: Organization) -> None:
    linkedin = ProfileCheckCriterion.objects.filter(organization=org, network="linkedin")
    assert set(linkedin.values_list("key", flat=True)) == {
        "photo",
        "headline",
        "about",
        "featured",
        "banner",
        "activity",
        "employer",
        "language",
    }
    assert ProfileCheckCriterion.objects.filter(organization=org, network="bluesky").count() == 4
    assert linkedin.get(key="headline").label == "Überschrift nennt die eigene Expertise"


def test_opting_in_with_a_topic_of_another_organization_is_refused(
    org: Organization, other_org: Organization
) -> None:
    member = make_member(org)
    foreign = Topic.objects.filter(organization=other_org).first()
    assert foreign is not None

    with pytest.raises(ActionRefused) as refused:
        actions.opt_in(member, languages=["de"], topics=[foreign.pk])

    assert refused.value.field == "topics"
    assert not access.opt_in_queryset(member).exists()


def test_consent_to_share_is_timestamped_and_withdrawn(org: Organization) -> None:
    opt_in = make_opt_in(org, share=True)
    assert opt_in.consent_changed_at is not None
    given = opt_in.consent_changed_at

    changed = actions.opt_in(opt_in.membership, languages=["de"], share_details_with_program_managers=False)

    assert changed.pk == opt_in.pk and not changed.share_details_with_program_managers
    assert changed.consent_changed_at is not None and changed.consent_changed_at >= given
    assert AuditRecord.objects.filter(organization=org, action="buddy.opt_in_updated").exists()


def test_a_buddy_needs_the_buddy_role(org: Organization) -> None:
    manager = manager_of(org)
    ambassador = make_member(org)
    with pytest.raises(ActionRefused):
        actions.save_buddy_profile(manager, ambassador, capacity=3, languages=["de"])


def test_matching_pairs_by_language_and_topic_and_explains_each_pair(org: Organization) -> None:
    manager = manager_of(org)
    news, expertise = topic(org, NEWS), topic(org, EXPERTISE)
    german = make_buddy(manager, languages=["de"], topics=[news], capacity=2)
    english = make_buddy(manager, languages=["en"], topics=[expertise], capacity=2)
    wants_news = make_opt_in(org, languages=["de"], topics=[news])
    wants_english = make_opt_in(org, languages=["en"], topics=[expertise])
    french = make_opt_in(org, languages=["fr"])

    run = actions.run_matching(manager)

    pairs = {pair.coachee_id: pair for pair in Pair.objects.filter(run=run)}
    assert pairs[wants_news.membership_id].buddy_id == german.membership_id
    assert pairs[wants_english.membership_id].buddy_id == english.membership_id
    assert set(pairs[wants_news.membership_id].breakdown) == {"topic", "timezone", "unit", "load"}
    assert run.optimal and run.pairs_count == 2 and run.unmatched_count == 1
    assert run.unmatched == [
        {"opt_in": french.pk, "membership": french.membership_id, "reason": "no_language"}
    ]
    assert CoachingPlan.objects.filter(pair__run=run).count() == 2
    assert AuditRecord.objects.filter(organization=org, action="buddy.matching_run").count() == 1


def test_a_second_run_keeps_existing_pairs_unless_asked_to_rematch(org: Organization) -> None:
    manager = manager_of(org)
    first_buddy = make_buddy(manager, capacity=1)
    colleague = make_opt_in(org)
    actions.run_matching(manager)
    pair = Pair.objects.get(coachee=colleague.membership)
    # A better buddy arrives: same language, the colleague's topic, room to spare.
    news = topic(org, NEWS)
    actions.opt_in(colleague.membership, languages=["de"], topics=[news.pk])
    make_buddy(manager, capacity=3, topics=[news])

    again = actions.run_matching(manager)
    pair.refresh_from_db()
    assert pair.ended_at is None and again.kept_count == 1
    assert (
        Pair.objects.filter(coachee=colleague.membership, ended_at__isnull=True).get().buddy_id
        == first_buddy.membership_id
    )

    actions.run_matching(manager, rematch=True)
    pair.refresh_from_db()
    assert pair.ended_at is not None
    assert (
        Pair.objects.filter(coachee=colleague.membership, ended_at__isnull=True).get().buddy_id
        != first_buddy.membership_id
    )


def test_a_buddy_at_capacity_takes_another_colleague_only_when_told_explicitly(org: Organization) -> None:
    manager = manager_of(org)
    buddy = make_buddy(manager, capacity=1)
    first, second = make_opt_in(org), make_opt_in(org)
    actions.pin_pair(manager, buddy, first, reason="Wunsch der Kollegin")

    with pytest.raises(ActionRefused) as refused:
        actions.pin_pair(manager, buddy, second, reason="Gleiches Team")
    assert refused.value.code == "over_capacity"
    assert "capacity of 1" in refused.value.messages[0]
    assert not Pair.objects.filter(coachee=second.membership).exists()

    with pytest.raises(ActionRefused):
        actions.pin_pair(manager, buddy, second, reason="  ", over_capacity=True)

    pair = actions.pin_pair(manager, buddy, second, reason="Gleiches Team", over_capacity=True)
    assert pair.is_manual and pair.over_capacity and pair.override_reason == "Gleiches Team"
    record = AuditRecord.objects.filter(organization=org, action="buddy.pair_pinned").order_by("-seq").first()
    assert record is not None and record.after["reason"] == "Gleiches Team"  # type: ignore[index]


def test_moving_and_ending_pairs_are_audited_with_their_reason(org: Organization) -> None:
    manager = manager_of(org)
    old, new = make_buddy(manager), make_buddy(manager)
    colleague = make_opt_in(org)
    pair = actions.pin_pair(manager, old, colleague, reason="Start")
    actions.update_coaching_plan(colleague.membership, pair, goals="Sichtbarkeit auf LinkedIn")

    moved = actions.move_coachee(manager, pair, new, reason="Zeitzone passt besser")
    pair.refresh_from_db()
    assert pair.ended_at is not None and moved.buddy_id == new.membership_id
    assert moved.coaching_plan.goals == "Sichtbarkeit auf LinkedIn"

    actions.end_pair(manager, moved, reason="Ziel erreicht")
    moved.refresh_from_db()
    assert moved.end_reason == "Ziel erreicht"
    codes = list(
        AuditRecord.objects.filter(organization=org, action__startswith="buddy.").values_list(
            "action", flat=True
        )
    )
    assert "buddy.coachee_moved" in codes and "buddy.pair_ended" in codes
    with pytest.raises(ActionRefused):
        actions.end_pair(manager, moved, reason="nochmal")


def test_manual_pairs_survive_a_rematch(org: Organization) -> None:
    manager = manager_of(org)
    buddy = make_buddy(manager, capacity=1)
    make_buddy(manager, capacity=5)
    colleague = make_opt_in(org)
    pinned = actions.pin_pair(manager, buddy, colleague, reason="Mentoring")

    run = actions.run_matching(manager, rematch=True)

    pinned.refresh_from_db()
    assert pinned.ended_at is None
    assert run.coachees_count == 0


def test_only_the_pairs_buddy_plans_sessions_and_records_checks(org: Organization) -> None:
    manager = manager_of(org)
    buddy = make_buddy(manager)
    other_buddy = make_buddy(manager)
    colleague = make_opt_in(org)
    pair = actions.pin_pair(manager, buddy, colleague, reason="Start")
    starts = timezone.now() + dt.timedelta(days=2)

    with pytest.raises(Http404):
        actions.add_session(other_buddy.membership, pair, starts_at=starts)
    session = actions.add_session(buddy.membership, pair, starts_at=starts, notes="Vertraulich")
    assert session.notes == "Vertraulich"
    with pytest.raises(Http404):
        actions.record_profile_check(other_buddy.membership, pair, network="linkedin", passed=["photo"])
    # The colleague edits the goals and campaigns, not the sessions.
    actions.add_campaign(colleague.membership, pair, title="Woche der Nachhaltigkeit")
    with pytest.raises(PermissionDenied):
        actions.add_milestone(colleague.membership, pair, title="Profilfoto")
    # Nor does a colleague who is not part of the pair touch its goals.
    with pytest.raises(Http404):
        actions.update_coaching_plan(make_member(org), pair, goals="Fremd")


def test_a_profile_check_scores_by_weight_and_keeps_the_criteria_it_was_scored_with(
    org: Organization,
) -> None:
    manager = manager_of(org)
    buddy = make_buddy(manager)
    colleague = make_opt_in(org)
    pair = actions.pin_pair(manager, buddy, colleague, reason="Start")

    check = actions.record_profile_check(
        buddy.membership,
        pair,
        network="linkedin",
        passed=["photo", "headline", "about"],
        recommendations="Banner",
    )
    assert check.score == 50  # 15 + 20 + 15 of 100
    headline = ProfileCheckCriterion.objects.get(organization=org, network="linkedin", key="headline")
    actions.update_criterion(manager, headline, weight=60, label="Neu")

    check.refresh_from_db()
    assert check.score == 50
    assert {r["key"]: r["weight"] for r in check.results}["headline"] == 20
    again = actions.record_profile_check(buddy.membership, pair, network="linkedin", passed=["headline"])
    assert again.score == round(60 * 100 / 140)
    with pytest.raises(ActionRefused):
        actions.record_profile_check(buddy.membership, pair, network="linkedin", passed=["nonsense"])


def test_managers_see_coaching_details_only_with_consent(org: Organization) -> None:
    manager = manager_of(org)
    buddy = make_buddy(manager)
    private, shared = make_opt_in(org), make_opt_in(org, share=True)
    private_pair = actions.pin_pair(manager, buddy, private, reason="a")
    shared_pair = actions.pin_pair(manager, buddy, shared, reason="b", over_capacity=False)
    for pair in (private_pair, shared_pair):
        actions.record_profile_check(buddy.membership, pair, network="linkedin", passed=["photo"])

    assert not access.sees_details(manager, private_pair)
    assert access.sees_details(manager, shared_pair)
    assert set(access.check_queryset(manager).values_list("pair_id", flat=True)) == {shared_pair.pk}
    with pytest.raises(Http404):
        access.get_pair_with_details_for(manager, private_pair.pk)
    # The buddy and the colleague see their own.
    assert access.check_queryset(private.membership).get().pair_id == private_pair.pk
    assert access.check_queryset(buddy.membership).count() == 2
    # Withdrawing the consent hides the details again.
    actions.opt_in(shared.membership, languages=["de"], share_details_with_program_managers=False)
    assert not access.check_queryset(manager).exists()


def test_opting_out_ends_the_pair(org: Organization) -> None:
    manager = manager_of(org)
    buddy = make_buddy(manager)
    colleague = make_opt_in(org)
    pair = actions.pin_pair(manager, buddy, colleague, reason="a")

    actions.opt_out(colleague.membership)

    pair.refresh_from_db()
    assert pair.ended_at is not None
    assert ProfileCheck.objects.count() == 0
    assert MatchingRun.objects.count() == 0


def test_the_outsider_seeding_fills_every_buddy_model(db: None) -> None:
    from resonanz.core.tests.outsider_seed import build_organization

    ctx = build_organization("Saat GmbH", "saat", "SAAT")

    pair = ctx.made["buddy.pair"]
    assert pair.is_manual and "SAAT" in pair.override_reason
    assert ctx.made["buddy.check"].score > 0
