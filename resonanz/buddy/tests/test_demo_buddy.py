"""The demo's buddy programme: 20 buddies, 100 opt-ins, one optimal run, coaching and scores over time."""

from __future__ import annotations

from collections import Counter

from resonanz.buddy.demo import load_buddy_demo
from resonanz.buddy.models import BuddyProfile, CoachingOptIn, MatchingRun, Pair, ProfileCheck
from resonanz.core.demo import DOMAIN
from resonanz.core.tests.factories import make_member, make_organization


def test_the_demo_programme_pairs_about_eighty_and_shows_scores_over_time(db: None) -> None:
    organization = make_organization("Rheinblick Consulting GmbH", slug="rheinblick")
    members = [
        make_member(organization, ["communications_manager"], email=f"kommunikation@{DOMAIN}"),
        make_member(organization, ["buddy"], email=f"buddy@{DOMAIN}"),
        make_member(organization, ["ambassador"], email=f"botschafterin@{DOMAIN}"),
    ]
    members += [make_member(organization, ["ambassador", "buddy"]) for _ in range(22)]
    members += [make_member(organization, ["ambassador"]) for _ in range(110)]

    load_buddy_demo(organization, members)
    load_buddy_demo(organization, members)  # a second run keeps the programme as it is

    assert BuddyProfile.objects.filter(organization=organization).count() == 20
    assert CoachingOptIn.objects.filter(organization=organization, is_active=True).count() == 100
    run = MatchingRun.objects.get(organization=organization)
    assert run.optimal and 75 <= run.pairs_count <= 85
    own = Pair.objects.get(coachee=members[2], ended_at__isnull=True)
    assert own.buddy_id == members[1].pk, "the demo's buddy coaches the demo's colleague"
    per_person = Counter(
        ProfileCheck.objects.filter(organization=organization).values_list("membership_id", flat=True)
    )
    assert max(per_person.values()) == 3
    scores = list(
        ProfileCheck.objects.filter(membership=own.coachee)
        .order_by("checked_on")
        .values_list("score", flat=True)
    )
    assert scores == sorted(scores)
