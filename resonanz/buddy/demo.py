"""The buddy programme of the demo consultancy: 20 buddies, 100 colleagues who opted in, one matching run
(about 80 pairs) and coaching plans with sessions, milestones, a campaign and profile checks over time.

The matching runs through its action, like a programme manager would run it; the coaching data after it
is written in bulk, so the demo stays fast. Registered in ``core.demo.DEMO_LOADERS`` by the app's
``ready()``; only the consultancy gets a programme, and one that has buddies is left as it is.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from resonanz.buddy import actions
from resonanz.buddy.models import (
    BuddyProfile,
    CampaignStatus,
    CoachingOptIn,
    CoachingPlan,
    CoachingSession,
    Milestone,
    Pair,
    ProfileCheck,
    ProfileCheckCriterion,
    TopicCampaign,
)
from resonanz.buddy.scoring import score_of
from resonanz.core.demo import CONSULTANCY_SLUG, DOMAIN
from resonanz.core.models import Membership, MembershipRole, Organization
from resonanz.core.roles import Role
from resonanz.plan.models import Topic

BUDDIES = 20
OPT_INS = 100
CAPACITY = 4
GOALS = (
    "Sichtbar werden als Ansprechperson für {topic} auf LinkedIn; ein eigener Beitrag im Monat.",
    "Profil überarbeiten und zu {topic} regelmäßig kommentieren; erste eigene Fachbeiträge.",
    "Erfahrungen aus Projekten zu {topic} teilen, ohne Kundendaten; Netzwerk in der Branche ausbauen.",
)
MILESTONES = (
    "Profilfoto und Überschrift überarbeitet",
    "Erster eigener Beitrag veröffentlicht",
    "Zehn Fachkontakte ergänzt",
)
RECOMMENDATIONS = (
    "Überschrift auf die eigene Expertise zuspitzen; im Info-Abschnitt zwei Projektbeispiele nennen.",
    "Empfohlene Inhalte ergänzen (Fachartikel, Vortrag); regelmäßiger posten, etwa alle zwei Wochen.",
    "Hintergrundbild zum Thema wählen; Beiträge auch auf Englisch für internationale Kontakte.",
)


def register() -> None:
    from resonanz.core.demo import DEMO_LOADERS

    if load_buddy_demo not in DEMO_LOADERS:
        DEMO_LOADERS.append(load_buddy_demo)


def _roles(organization: Organization) -> dict[int, set[str]]:
    """Every member's roles in one query (``Membership.roles`` would ask once per member)."""
    roles: dict[int, set[str]] = {}
    for membership_id, role in MembershipRole.objects.filter(
        membership__organization=organization
    ).values_list("membership_id", "role"):
        roles.setdefault(membership_id, set()).add(role)
    return roles


def load_buddy_demo(organization: Organization, members: list[Membership]) -> None:
    if (
        organization.slug != CONSULTANCY_SLUG
        or BuddyProfile.objects.filter(organization=organization).exists()
    ):
        return
    rng = random.Random(1414)
    roles = _roles(organization)
    manager = next(m for m in members if Role.COMMUNICATIONS_MANAGER in roles.get(m.pk, ()))
    login_buddy = next(m for m in members if m.user.email == f"buddy@{DOMAIN}")
    colleague = next(m for m in members if m.user.email == f"botschafterin@{DOMAIN}")
    topics = list(Topic.objects.filter(organization=organization, is_active=True).order_by("position"))
    others = [m for m in members if Role.BUDDY in roles.get(m.pk, ()) and m.pk != login_buddy.pk]
    buddies = [login_buddy, *others[: BUDDIES - 1]]
    buddy_ids = {m.pk for m in buddies}
    profiles = BuddyProfile.objects.bulk_create(
        BuddyProfile(
            organization=organization,
            membership=buddy,
            capacity=CAPACITY,
            languages=["de", "en"] if index % 3 else ["de"],
            time_zone="Europe/Berlin",
            introduction="Social-Media-Buddy aus dem Kurs „Social Media Manager (zertifiziert)“.",
        )
        for index, buddy in enumerate(buddies)
    )
    through = BuddyProfile.topics.through
    through.objects.bulk_create(
        through(buddyprofile_id=profile.pk, topic_id=topic.pk)
        for profile in profiles
        for topic in rng.sample(topics, k=min(3, len(topics)))
    )
    candidates = [
        m
        for m in members
        if m.pk not in buddy_ids and roles.get(m.pk) == {Role.AMBASSADOR.value} and m.pk != colleague.pk
    ]
    chosen = [colleague, *rng.sample(candidates, k=min(OPT_INS - 1, len(candidates)))]
    now = timezone.now()
    opt_ins = CoachingOptIn.objects.bulk_create(
        CoachingOptIn(
            organization=organization,
            membership=member,
            languages=["en"] if member.user.language == "en" else ["de"],
            time_zone="Europe/Berlin",
            prefers_other_unit=rng.random() < 0.2,
            wishes="Mehr Sichtbarkeit für mein Fachthema.",
            share_details_with_program_managers=index % 5 in (1, 2),
            consent_changed_at=now if index % 5 in (1, 2) else None,
        )
        for index, member in enumerate(chosen)
    )
    CoachingOptIn.topics.through.objects.bulk_create(
        CoachingOptIn.topics.through(coachingoptin_id=opt_in.pk, topic_id=topic.pk)
        for opt_in in opt_ins
        for topic in rng.sample(topics, k=min(2, len(topics)))
    )
    actions.run_matching(manager, note="Erste Zuordnung nach dem Kurs")
    # The demo's colleague is coached by the demo's buddy, so both logins show a coaching plan.
    own = Pair.objects.filter(coachee=colleague, ended_at__isnull=True).first()
    if own is None or own.buddy_id != login_buddy.pk:
        actions.pin_pair(
            manager,
            profiles[0],
            opt_ins[0],
            reason="Wunsch der Kollegin: gleiche Beratungspraxis",
            over_capacity=True,
        )
    _coaching(organization, rng, topics)


def _coaching(organization: Organization, rng: random.Random, topics: list[Topic]) -> None:
    pairs = list(Pair.objects.filter(organization=organization, ended_at__isnull=True).order_by("pk"))
    today = timezone.localdate()
    now = timezone.now()
    topic_names = [topic.name for topic in topics] or ["Fachwissen"]
    plans = {plan.pair_id: plan for plan in CoachingPlan.objects.filter(pair__in=pairs)}
    for index, pair in enumerate(pairs):
        plan = plans.get(pair.pk)
        if plan is not None:
            plan.goals = GOALS[index % len(GOALS)].format(topic=topic_names[index % len(topic_names)])
    CoachingPlan.objects.bulk_update(list(plans.values()), ["goals"])
    sessions = []
    milestones = []
    campaigns = []
    for index, pair in enumerate(pairs):
        start = now.replace(minute=0, second=0, microsecond=0)
        for weeks in (-8, -4, 1 + index % 2):
            sessions.append(
                CoachingSession(
                    pair=pair,
                    starts_at=start + dt.timedelta(weeks=weeks, hours=rng.randint(-3, 3)),
                    topic="Profil-Check und nächste Schritte" if weeks < 0 else "Beitragsideen",
                    notes="Vertraulich im Tandem besprochen." if weeks < 0 else "",
                )
            )
        for number, title in enumerate(MILESTONES):
            due = today + dt.timedelta(days=7 * (number * 3 - 3) + index % 5)
            milestones.append(
                Milestone(
                    pair=pair,
                    title=title,
                    due_on=due,
                    done_on=due if due < today - dt.timedelta(days=3) else None,
                )
            )
        if index % 3 == 0 and topics:
            campaigns.append(
                TopicCampaign(
                    pair=pair,
                    topic=topics[index % len(topics)],
                    title=f"Themenwoche {topics[index % len(topics)].name}",
                    starts_on=today + dt.timedelta(days=14),
                    ends_on=today + dt.timedelta(days=28),
                    status=CampaignStatus.PLANNED,
                )
            )
    CoachingSession.objects.bulk_create(sessions)
    Milestone.objects.bulk_create(milestones)
    TopicCampaign.objects.bulk_create(campaigns)
    criteria = list(
        ProfileCheckCriterion.objects.filter(
            organization=organization, network="linkedin", is_active=True
        ).order_by("position")
    )
    checks = []
    for index, pair in enumerate(pairs):
        rounds = 3 if index % 2 == 0 else 1
        held = rng.randint(1, 3)
        for round_number in range(rounds):
            held = min(len(criteria), held + (0 if round_number == 0 else rng.randint(1, 3)))
            results = [
                {"key": c.key, "label": c.label, "weight": c.weight, "passed": position < held}
                for position, c in enumerate(criteria)
            ]
            checks.append(
                ProfileCheck(
                    organization=organization,
                    pair=pair,
                    membership_id=pair.coachee_id,
                    network="linkedin",
                    checked_by_id=pair.buddy_id,
                    checked_on=today - dt.timedelta(days=60 - 28 * round_number),
                    score=score_of(results),
                    results=results,
                    recommendations=RECOMMENDATIONS[(index + round_number) % len(RECOMMENDATIONS)],
                )
            )
    ProfileCheck.objects.bulk_create(checks)
