"""The German demo: a Köln consultancy of about 800 consultants and two client companies it advises.

Names are generated (Faker, fixed seed), so every run builds the same people. Loading is idempotent:
an existing demo organization is left as it is. Later apps add their demo data through ``DEMO_LOADERS``.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from faker import Faker

from resonanz.core import actions
from resonanz.core.models import Membership, Organization, User
from resonanz.core.roles import Role

DEMO_PASSWORD = "resonanz-demo"  # noqa: S105  (printed for the demo on purpose)
CONSULTANCY_SLUG = "rheinblick"
DOMAIN = "rheinblick-consulting.example"

UNITS = [
    ("Strategie & Transformation", 170),
    ("Qualitäts- und Prozessmanagement", 150),
    ("IT- und Digitalberatung", 190),
    ("Nachhaltigkeit & ESG", 90),
    ("Personal & Organisation", 100),
    ("Marketing & Kommunikation", 40),
    ("Zentrale Dienste", 45),
]
LOCATIONS = [
    ("Köln (Zentrale)", 0.34),
    ("Düsseldorf", 0.14),
    ("Frankfurt am Main", 0.14),
    ("München", 0.13),
    ("Hamburg", 0.12),
    ("Berlin", 0.09),
    ("Leipzig", 0.04),
]
TITLES = ["Consultant", "Senior Consultant", "Managing Consultant", "Principal", "Partnerin", "Partner"]
TITLE_WEIGHTS = [0.34, 0.3, 0.18, 0.1, 0.04, 0.04]


@dataclass(frozen=True)
class DemoLogin:
    role: Role
    email: str
    full_name: str
    unit: str
    job_title: str


DEMO_LOGINS = [
    DemoLogin(
        Role.QUALITY_OFFICER,
        f"qb@{DOMAIN}",
        "Katharina Wetzlar",
        "Qualitäts- und Prozessmanagement",
        "Qualitätsmanagementbeauftragte",
    ),
    DemoLogin(Role.ADMIN, f"admin@{DOMAIN}", "Jürgen Offermann", "Zentrale Dienste", "Leiter IT-Betrieb"),
    DemoLogin(
        Role.COMMUNICATIONS_MANAGER,
        f"kommunikation@{DOMAIN}",
        "Aylin Demir",
        "Marketing & Kommunikation",
        "Leiterin Unternehmenskommunikation",
    ),
    DemoLogin(
        Role.BUDDY,
        f"buddy@{DOMAIN}",
        "Lukas Brenner",
        "IT- und Digitalberatung",
        "Senior Consultant, Social Media Buddy",
    ),
    DemoLogin(
        Role.AMBASSADOR, f"botschafterin@{DOMAIN}", "Miriam Hoffmann", "Nachhaltigkeit & ESG", "Consultant"
    ),
    DemoLogin(
        Role.DATA_PROTECTION_OFFICER,
        f"datenschutz@{DOMAIN}",
        "Dr. Stefan Kranz",
        "Zentrale Dienste",
        "Datenschutzbeauftragter",
    ),
    DemoLogin(
        Role.AUDITOR,
        f"auditor@{DOMAIN}",
        "Sabine Lorenz",
        "Qualitäts- und Prozessmanagement",
        "Interne Auditorin",
    ),
    DemoLogin(
        Role.WORKS_COUNCIL,
        f"betriebsrat@{DOMAIN}",
        "Thomas Kallweit",
        "Strategie & Transformation",
        "Vorsitzender des Betriebsrats",
    ),
]


@dataclass(frozen=True)
class DemoClient:
    slug: str
    name: str
    domain: str
    units: tuple[str, ...]
    locations: tuple[str, ...]
    size: int


CLIENTS = [
    DemoClient(
        slug="bergmann-praezision",
        name="Bergmann Präzisionstechnik GmbH",
        domain="bergmann-praezision.example",
        units=("Geschäftsführung", "Fertigung", "Qualitätssicherung", "Vertrieb", "Personal"),
        locations=("Solingen", "Remscheid"),
        size=40,
    ),
    DemoClient(
        slug="nordlicht-pflege",
        name="Nordlicht Pflegedienste gGmbH",
        domain="nordlicht-pflege.example",
        units=(
            "Geschäftsführung",
            "Ambulante Pflege",
            "Stationäre Pflege",
            "Qualitätsmanagement",
            "Verwaltung",
        ),
        locations=("Hamburg", "Lübeck", "Kiel"),
        size=30,
    ),
]

# Later apps append loaders: ``loader(organization, members)`` adds their demo data to an organization.
DEMO_LOADERS: list[Callable[[Organization, list[Membership]], None]] = []


def _ascii(text: str) -> str:
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = text.replace("Ä", "Ae").replace("Ö", "Oe").replace("Ü", "Ue")
    normalized = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in normalized.lower() if ch.isalnum() or ch in ".-")


# Faker's German surnames include historical feminine forms nobody carries today.
OLD_FEMININE_SURNAMES = frozenset({"Ditschlerin", "Kostolzin", "Schlauchin", "Schottin"})


def reads_as_a_surname(last: str) -> bool:
    """Whether a German reader takes ``last`` for a surname: Faker's list also holds particles after
    the name ("Dussen van", "auch Schlauchin"), two names joined by a space, "Koch II" and old
    feminine forms ("Ditschlerin")."""
    return " " not in last and last[:1].isupper() and last not in OLD_FEMININE_SURNAMES


def _surname(fake: Faker) -> str:
    last = fake.last_name()
    while not reads_as_a_surname(last):
        last = fake.last_name()
    return last


def _people(fake: Faker, count: int, domain: str, taken: set[str]) -> list[tuple[str, str, str]]:
    """(given name, family name, e-mail): a double given name such as “Hans Jörg” stays the given name."""
    people: list[tuple[str, str, str]] = []
    while len(people) < count:
        first, last = fake.first_name(), _surname(fake)
        local = f"{_ascii(first)}.{_ascii(last)}"
        email = f"{local}@{domain}"
        suffix = 2
        while email in taken:
            email = f"{local}{suffix}@{domain}"
            suffix += 1
        taken.add(email)
        people.append((first, last, email))
    return people


def _demo_user(login: DemoLogin) -> None:
    if not User.objects.filter(email=login.email).exists():
        User.objects.create_user(login.email, DEMO_PASSWORD, full_name=login.full_name, language="de")


def load_demo(stdout: Callable[[str], None] = print) -> Organization:
    """Create the demo organizations unless they exist; return the consultancy."""
    existing = Organization.objects.filter(slug=CONSULTANCY_SLUG).first()
    if existing is not None:
        return existing
    fake = Faker("de_DE")
    fake.seed_instance(7405)
    rng = random.Random(7405)
    with transaction.atomic():
        for login in DEMO_LOGINS:
            _demo_user(login)
        founder = User.objects.get(email=DEMO_LOGINS[1].email)
        # The demo is set up by the operator's command, not founded by one of its people.
        consultancy = actions.create_organization(
            None, name="Rheinblick Consulting GmbH", slug=CONSULTANCY_SLUG, time_zone="Europe/Berlin"
        )
        admin = actions.add_member(
            None,
            consultancy,
            email=founder.email,
            full_name=founder.full_name,
            roles=[Role.ADMIN],
            job_title=DEMO_LOGINS[1].job_title,
            unit=DEMO_LOGINS[1].unit,
            location="Köln (Zentrale)",
        )
        members = [admin]
        for login in DEMO_LOGINS:
            if login.role == Role.ADMIN:
                continue
            members.append(
                actions.add_member(
                    admin,
                    consultancy,
                    email=login.email,
                    full_name=login.full_name,
                    roles=[login.role],
                    job_title=login.job_title,
                    unit=login.unit,
                    location="Köln (Zentrale)",
                )
            )
        taken = {login.email for login in DEMO_LOGINS}
        location_names = [name for name, _ in LOCATIONS]
        location_weights = [weight for _, weight in LOCATIONS]
        for unit, size in UNITS:
            for given_name, family_name, email in _people(fake, size - 1, DOMAIN, taken):
                roles = [Role.AMBASSADOR]
                if rng.random() < 0.04:
                    roles.append(Role.BUDDY)
                members.append(
                    actions.add_member(
                        admin,
                        consultancy,
                        email=email,
                        full_name=f"{given_name} {family_name}",
                        given_name=given_name,
                        family_name=family_name,
                        roles=roles,
                        language="en" if rng.random() < 0.06 else "de",
                        job_title=rng.choices(TITLES, TITLE_WEIGHTS)[0],
                        unit=unit,
                        location=rng.choices(location_names, location_weights)[0],
                        send_invitation=False,
                    )
                )
        for loader in DEMO_LOADERS:
            loader(consultancy, members)
        stdout(f"  {consultancy.name}: {len(members)} members")

        quality_officer = User.objects.get(email=DEMO_LOGINS[0].email)
        for client in CLIENTS:
            organization = actions.create_organization(None, name=client.name, slug=client.slug)
            client_admin = actions.add_member(
                None,
                organization,
                email=quality_officer.email,
                full_name=quality_officer.full_name,
                roles=[Role.ADMIN, Role.QUALITY_OFFICER],
                job_title="Beraterin (Rheinblick Consulting)",
            )
            client_members = [client_admin]
            actions.add_member(
                client_admin,
                organization,
                email=DEMO_LOGINS[6].email,
                full_name=DEMO_LOGINS[6].full_name,
                roles=[Role.AUDITOR],
                job_title="Auditorin (Rheinblick Consulting)",
            )
            units = list(client.units)
            locations = list(client.locations)
            for index, (given_name, family_name, email) in enumerate(
                _people(fake, client.size, client.domain, taken)
            ):
                role = (
                    [Role.COMMUNICATIONS_MANAGER]
                    if index == 0
                    else [Role.WORKS_COUNCIL]
                    if index == 1
                    else [Role.AMBASSADOR]
                )
                client_members.append(
                    actions.add_member(
                        client_admin,
                        organization,
                        email=email,
                        full_name=f"{given_name} {family_name}",
                        given_name=given_name,
                        family_name=family_name,
                        roles=role,
                        unit=rng.choice(units),
                        location=rng.choice(locations),
                        send_invitation=False,
                    )
                )
            for loader in DEMO_LOADERS:
                loader(organization, client_members)
            stdout(f"  {organization.name}: {len(client_members) + 1} members")
    return consultancy
