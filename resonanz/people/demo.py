"""The demo's people: every member gets a profile (languages, time zone, 1–3 expertise topics, programme
role from their roles) and about 40 % a LinkedIn address. Written in bulk: ~800 members in well under a
second. Registered with ``core.demo`` after the plan's part, whose topics it uses.
"""

from __future__ import annotations

import random
import unicodedata

from resonanz.core.models import Membership, MembershipRole, Organization
from resonanz.core.roles import Role
from resonanz.people.models import Network, Profile, ProgramRole, SocialProfile
from resonanz.plan.models import Topic

# Languages besides German, with how often a consultant names them.
EXTRA_LANGUAGES = (("en", 0.85), ("fr", 0.15), ("es", 0.08), ("nl", 0.06), ("it", 0.05), ("pl", 0.03))
TIME_ZONES = (
    ("Europe/Berlin", 0.93),
    ("Europe/Vienna", 0.03),
    ("Europe/Zurich", 0.03),
    ("Europe/London", 0.01),
)
LINKEDIN_SHARE = 0.4


def _program_role(roles: set[str]) -> str:
    if Role.BUDDY in roles:
        return ProgramRole.BUDDY
    if Role.AMBASSADOR in roles:
        return ProgramRole.AMBASSADOR
    return ProgramRole.NONE


def _slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(char if char.isalnum() else " " for char in plain).split())


def load_people_demo(organization: Organization, members: list[Membership]) -> None:
    rng = random.Random(f"people-{organization.slug}")
    topics = list(Topic.objects.filter(organization=organization, is_active=True).order_by("pk"))
    zones = [zone for zone, _share in TIME_ZONES]
    zone_weights = [share for _zone, share in TIME_ZONES]
    ids = [member.pk for member in members]
    roles: dict[int, set[str]] = {pk: set() for pk in ids}
    for membership_id, role in MembershipRole.objects.filter(membership_id__in=ids).values_list(
        "membership_id", "role"
    ):
        roles[membership_id].add(role)
    names = dict(Membership.objects.filter(pk__in=ids).values_list("pk", "user__full_name"))
    made: list[tuple[Membership, Profile, list[Topic]]] = []
    for member in members:
        languages = {"de", *(code for code, share in EXTRA_LANGUAGES if rng.random() < share)}
        chosen = rng.sample(topics, k=min(len(topics), rng.randint(1, 3))) if topics else []
        profile = Profile(
            membership=member,
            languages=sorted(languages),
            time_zone=rng.choices(zones, zone_weights)[0],
            program_role=_program_role(roles[member.pk]),
        )
        made.append((member, profile, chosen))
    Profile.objects.bulk_create([profile for _member, profile, _topics in made], ignore_conflicts=True)
    saved = {profile.membership_id: profile for profile in Profile.objects.filter(membership_id__in=ids)}
    through = Profile.expertise_topics.through
    links = []
    socials = []
    for member, _profile, chosen in made:
        profile = saved[member.pk]
        links += [through(profile_id=profile.pk, topic_id=topic.pk) for topic in chosen]
        if rng.random() < LINKEDIN_SHARE:
            handle = f"https://www.linkedin.com/in/{_slug(str(names[member.pk]))}-{member.pk}"
            socials.append(SocialProfile(profile=profile, network=Network.LINKEDIN, handle=handle))
    through.objects.bulk_create(links, ignore_conflicts=True)
    SocialProfile.objects.bulk_create(socials, ignore_conflicts=True)


def register() -> None:
    from resonanz.core.demo import DEMO_LOADERS

    if load_people_demo not in DEMO_LOADERS:
        DEMO_LOADERS.append(load_people_demo)
