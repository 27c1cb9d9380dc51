"""The events part of the demo: the twelve days of Rheinblick's in-house Social Media Manager course with
the university, tied to that training and attended by the buddies; workshops, webinars and meet-ups
past and to come, with registrations, waiting lists and attendance; and the social media guideline and
the quality policy as published versions, acknowledged by most members (some only the older guideline).

Dates are relative to today (the course follows competence's demo period). Written with
``bulk_create``, so the demo stays fast; registered in ``core.demo.DEMO_LOADERS`` after competence's
part, whose course it ties the dates to. Only the consultancy gets events, and only once.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from resonanz.competence.models import Training, TrainingParticipation
from resonanz.core.demo import CONSULTANCY_SLUG, DOMAIN
from resonanz.core.models import Membership, Organization
from resonanz.events.models import (
    Acknowledgement,
    Event,
    EventKind,
    PolicyDocument,
    PolicyKind,
    Registration,
    RegistrationStatus,
)

COURSE_TITLE = "Social Media Manager – Inhouse-Lehrgang"
SEMINAR_TITLE = "LinkedIn für Corporate Influencer"
UNIVERSITY_PLACE = "TH Köln, Campus Deutz, Betzdorfer Straße 2, Köln"
HEAD_OFFICE = "Rheinblick Consulting, Zentrale, Konferenzraum Rhein, Köln"
ONLINE = "https://meet.rheinblick-consulting.example/"

MODULES = (
    "Auftakt: Strategie und Ziele",
    "Zielgruppen und Personas",
    "Redaktionsplanung und Themenfindung",
    "Texten für LinkedIn und Fachnetzwerke",
    "Bild, Video und Barrierefreiheit",
    "Recht: Urheberrecht, Impressum, Datenschutz",
    "Community-Management und Moderation",
    "Krisenkommunikation in sozialen Netzwerken",
    "Corporate Influencer und Employee Advocacy",
    "Kennzahlen und Auswertung",
    "Kampagnen im Team planen",
    "Abschlussprüfung und Zertifikatsübergabe",
)


@dataclass(frozen=True)
class DemoEvent:
    title: str
    kind: str
    in_days: int  # from today; negative: in the past
    hour: int
    hours: int
    capacity: int
    place: str
    online: bool
    registered: int  # how many register (beyond the capacity: the waiting list)
    description: str


EVENTS = (
    DemoEvent(
        "Webinar: Das LinkedIn-Profil in 30 Minuten",
        EventKind.WEBINAR,
        -45,
        12,
        1,
        100,
        "",
        True,
        64,
        "Foto, Überschrift, Info-Abschnitt: was ein Profil für Fachleute glaubwürdig macht.",
    ),
    DemoEvent(
        "Meet-up der Social Media Buddies",
        EventKind.MEETUP,
        -70,
        17,
        3,
        25,
        "Rheinblick Consulting, Frankfurt am Main, Taunusanlage 8",
        False,
        19,
        "Erfahrungen aus den ersten Coachings, Fragen an die Kommunikation, danach Abendessen.",
    ),
    DemoEvent(
        "Workshop: Beiträge über Kundenprojekte – was geht, was nicht?",
        EventKind.WORKSHOP,
        -20,
        10,
        4,
        16,
        HEAD_OFFICE,
        False,
        19,
        "Freigaben, Vertraulichkeit und gute Beispiele: Projekterfahrung teilen, ohne Kundendaten.",
    ),
    DemoEvent(
        "Webinar: Die neue Social-Media-Richtlinie 2.0 – Fragen und Antworten",
        EventKind.WEBINAR,
        5,
        13,
        1,
        200,
        "",
        True,
        82,
        "Was sich gegenüber Version 1.0 geändert hat, mit Zeit für Ihre Fragen.",
    ),
    DemoEvent(
        "Workshop: Fachbeiträge schreiben, die gelesen werden",
        EventKind.WORKSHOP,
        9,
        9,
        6,
        12,
        "Rheinblick Consulting, Düsseldorf, Königsallee 60",
        False,
        17,
        "Vom Projektergebnis zum Beitrag: Aufbau, Einstieg, Länge, Bilder. Bitte eine Idee mitbringen.",
    ),
    DemoEvent(
        "Webinar: Barrierefreie Beiträge mit Alternativtexten",
        EventKind.WEBINAR,
        16,
        12,
        1,
        150,
        "",
        True,
        48,
        "Alternativtexte, Emojis, Hashtags in Binnenmajuskeln: so erreichen Beiträge alle.",
    ),
    DemoEvent(
        "Workshop: Krisenkommunikation in sozialen Netzwerken – Planspiel",
        EventKind.WORKSHOP,
        30,
        9,
        7,
        14,
        HEAD_OFFICE,
        False,
        9,
        "Ein Shitstorm in Echtzeit: Rollen, Freigabewege, erste Antworten, Abstimmung mit der QB.",
    ),
    DemoEvent(
        "Meet-up der Social Media Buddies",
        EventKind.MEETUP,
        44,
        17,
        3,
        25,
        "Rheinblick Consulting, Hamburg, Am Sandtorkai 41",
        False,
        15,
        "Halbjahresrückblick des Programms und Themen für die nächsten Kampagnen.",
    ),
)

GUIDELINE_1 = """Social-Media-Richtlinie der Rheinblick Consulting GmbH, Version 1.0

1. Sie sprechen für sich selbst. Wenn Sie über Themen Ihrer Arbeit schreiben, machen Sie kenntlich, dass
Sie bei Rheinblick arbeiten und Ihre eigene Meinung äußern.
2. Vertraulichkeit: Kundennamen, Projektdetails und interne Zahlen veröffentlichen Sie nur mit Freigabe.
3. Respekt: keine abwertenden Äußerungen über Kundinnen, Kunden, Mitbewerber oder Kolleginnen und Kollegen.
4. Bei Anfragen der Presse oder bei Kritik am Unternehmen wenden Sie sich an die Unternehmenskommunikation."""

GUIDELINE_2 = (
    GUIDELINE_1.replace("Version 1.0", "Version 2.0")
    + """
5. Personenbezogene Daten: Fotos und Namen von Personen veröffentlichen Sie nur mit deren Einwilligung.
6. Barrierefreiheit: Bilder erhalten einen Alternativtext.
7. Künstliche Intelligenz: Texte und Bilder, die Sie mit KI erstellt haben, prüfen Sie vor der
Veröffentlichung selbst und kennzeichnen sie, wo das Netzwerk es verlangt.
8. Die Social Media Buddies helfen Ihnen gern: beim Profil, beim ersten Beitrag und bei Kampagnen."""
)

QUALITY_POLICY = """Qualitätspolitik der Rheinblick Consulting GmbH, Version 3.0

Wir beraten so, dass unsere Kundinnen und Kunden messbar besser werden. Dazu
- verstehen wir zuerst die Anforderungen und den Kontext unserer Kundinnen und Kunden (ISO 9001, 4.2),
- vereinbaren wir für jedes Projekt überprüfbare Ziele und werten sie gemeinsam aus,
- sichern wir die Kompetenz unserer Beraterinnen und Berater durch Schulungen und Nachweise (7.2),
- kommunizieren wir intern und extern geplant, nachvollziehbar und ehrlich (7.4),
- lernen wir aus Fehlern und Beschwerden und verbessern unser Managementsystem fortlaufend (10.3)."""


def load_events_demo(organization: Organization, members: list[Membership]) -> None:
    if organization.slug != CONSULTANCY_SLUG or Event.objects.filter(organization=organization).exists():
        return
    rng = random.Random(7_3)
    now = timezone.now()
    zone = organization.zone
    today = now.astimezone(zone).date()
    by_email = {member.user.email: member for member in members}
    ambassador = by_email.get(f"botschafterin@{DOMAIN}")
    login_buddy = by_email.get(f"buddy@{DOMAIN}")

    def at(day: dt.date, hour: int) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour), tzinfo=zone)

    events: list[Event] = []
    seats: list[tuple[int, list[Membership], bool]] = []  # event index, people, whether attendance counts

    course = Training.objects.filter(organization=organization, title=COURSE_TITLE).first()
    if course is not None and course.ends_on is not None:
        students = _participants(course)
        step = (course.ends_on - course.starts_on) / (len(MODULES) - 1)
        for number, module in enumerate(MODULES, start=1):
            day = course.starts_on + step * (number - 1)
            day -= dt.timedelta(days=max(0, day.weekday() - 4))  # a weekday
            events.append(
                Event(
                    organization=organization,
                    training=course,
                    title=f"Social Media Manager, Modul {number}: {module}",
                    kind=EventKind.TRAINING_DATE,
                    starts_at=at(day, 9),
                    ends_at=at(day, 17),
                    place=UNIVERSITY_PLACE if number % 3 else HEAD_OFFICE,
                    capacity=max(22, len(students)),
                    registration_open=False,
                    description="Präsenztag des Inhouse-Lehrgangs mit der TH Köln.",
                )
            )
            seats.append((len(events) - 1, students, True))
    seminar = Training.objects.filter(organization=organization, title=SEMINAR_TITLE).first()
    if seminar is not None:
        attendees = _participants(seminar)
        events.append(
            Event(
                organization=organization,
                training=seminar,
                title="Seminar: LinkedIn für Corporate Influencer",
                kind=EventKind.TRAINING_DATE,
                starts_at=at(seminar.starts_on, 9),
                ends_at=at(seminar.starts_on, 16),
                place=HEAD_OFFICE,
                capacity=max(24, len(attendees)),
                registration_open=False,
                description="Eintägiges Seminar der Rheinblick Academy.",
            )
        )
        seats.append((len(events) - 1, attendees, True))

    colleagues = list(members)
    for spec in EVENTS:
        day = today + dt.timedelta(days=spec.in_days)
        events.append(
            Event(
                organization=organization,
                title=spec.title,
                kind=spec.kind,
                starts_at=at(day, spec.hour),
                ends_at=at(day, spec.hour + spec.hours),
                place=spec.place,
                online_url=f"{ONLINE}{len(events) + 1:04d}" if spec.online else "",
                capacity=spec.capacity,
                registration_open=spec.in_days > 0,
                description=spec.description,
            )
        )
        people = rng.sample(colleagues, min(spec.registered, len(colleagues)))
        # The demo's logins show a place and a waiting list on their events page.
        for login in (ambassador, login_buddy):
            if login is not None and spec.in_days > 0 and login not in people:
                people.insert(0 if spec.registered <= spec.capacity else len(people), login)
        seats.append((len(events) - 1, people, spec.in_days < 0))
    Event.objects.bulk_create(events)

    registrations: list[Registration] = []
    for index, people, past in seats:
        event = events[index]
        for position, person in enumerate(people):
            if position >= event.capacity:
                registrations.append(
                    Registration(
                        event=event,
                        membership=person,
                        status=RegistrationStatus.WAITING,
                        waiting_position=position - event.capacity + 1,
                    )
                )
                continue
            status = RegistrationStatus.REGISTERED
            if past:
                came = rng.random() < 0.9
                status = RegistrationStatus.ATTENDED if came else RegistrationStatus.NO_SHOW
            registrations.append(Registration(event=event, membership=person, status=status))
    Registration.objects.bulk_create(registrations, batch_size=500)
    _policies(organization, members, rng, now)


def _participants(training: Training) -> list[Membership]:
    return list(
        Membership.objects.filter(
            pk__in=TrainingParticipation.objects.filter(training=training).values("membership_id")
        ).order_by("pk")
    )


def _policies(
    organization: Organization, members: list[Membership], rng: random.Random, now: dt.datetime
) -> None:
    """The guideline 1.0 (replaced) and 2.0, and the quality policy; acknowledged by most members."""
    first = PolicyDocument.objects.create(
        organization=organization,
        kind=PolicyKind.SOCIAL_MEDIA_GUIDELINE,
        title="Social-Media-Richtlinie",
        version_label="1.0",
        text=GUIDELINE_1,
        published_at=now - dt.timedelta(days=540),
    )
    second = PolicyDocument.objects.create(
        organization=organization,
        kind=PolicyKind.SOCIAL_MEDIA_GUIDELINE,
        title="Social-Media-Richtlinie",
        version_label="2.0",
        text=GUIDELINE_2,
        supersedes=first,
        published_at=now - dt.timedelta(days=60),
    )
    quality = PolicyDocument.objects.create(
        organization=organization,
        kind=PolicyKind.QUALITY_POLICY,
        title="Qualitätspolitik",
        version_label="3.0",
        text=QUALITY_POLICY,
        published_at=now - dt.timedelta(days=300),
    )
    acknowledgements: list[Acknowledgement] = []
    days: dict[tuple[int, int], list[int]] = {}  # (document, days ago) -> membership ids
    for member in members:
        draw = rng.random()
        read_first = draw < 0.72
        read_second = draw < 0.58 or 0.72 <= draw < 0.86
        for document, read, latest in ((first, read_first, 520), (second, read_second, 55)):
            if read:
                ago = latest - rng.randint(0, 40)
                acknowledgements.append(
                    Acknowledgement(
                        document=document, membership=member, version_label=document.version_label
                    )
                )
                days.setdefault((document.pk, ago // 10 * 10), []).append(member.pk)
        if rng.random() < 0.83:
            ago = 290 - rng.randint(0, 60)
            acknowledgements.append(
                Acknowledgement(document=quality, membership=member, version_label=quality.version_label)
            )
            days.setdefault((quality.pk, ago // 10 * 10), []).append(member.pk)
    Acknowledgement.objects.bulk_create(acknowledgements, batch_size=1000)
    # When each was acknowledged (the field is set on creation): one update per ten days of a document.
    for (document_id, ago), membership_ids in days.items():
        Acknowledgement.objects.filter(document_id=document_id, membership_id__in=membership_ids).update(
            acknowledged_at=now - dt.timedelta(days=ago, hours=rng.randint(0, 9))
        )


def register() -> None:
    from resonanz.core.demo import DEMO_LOADERS

    if load_events_demo not in DEMO_LOADERS:
        DEMO_LOADERS.append(load_events_demo)
