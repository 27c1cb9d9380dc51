"""The competence part of the demo: Rheinblick's in-house Social Media Manager course with a university,
a LinkedIn seminar, an e-learning on data protection, their certificates, requirements and checks.

Dates are relative to today, so the matrix always shows some certificates running out soon and one
that has run out. Written with ``bulk_create``: the demo loads in seconds. Registered in
``resonanz.core.demo.DEMO_LOADERS``.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from resonanz.competence.models import (
    Certificate,
    ChannelRequirement,
    Competence,
    EffectivenessCheck,
    EffectivenessResult,
    ParticipationStatus,
    RoleRequirement,
    Training,
    TrainingFormat,
    TrainingParticipation,
)
from resonanz.core.models import Membership, Organization
from resonanz.core.roles import Role
from resonanz.plan.models import Channel

CONSULTANCY_SLUG = "rheinblick"
UNIVERSITY = "Technische Hochschule Köln"
BUDDIES = 20
E_LEARNERS = 300

SMM = "Social Media Manager (zertifiziert)"
LINKEDIN = "Für das Unternehmen auf LinkedIn posten"
CRISIS = "Krisenkommunikation"
PRIVACY = "Datenschutz-Grundlagen"
QUALITY = "Qualitätsbeauftragte/r"


def _course_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """February to June of the last year whose course has ended by today."""
    year = today.year if today >= dt.date(today.year, 7, 1) else today.year - 1
    return dt.date(year, 2, 2), dt.date(year, 6, 26)


def _roles(members: list[Membership]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for membership in Membership.objects.filter(pk__in=[m.pk for m in members]).prefetch_related(
        "role_assignments"
    ):
        found[membership.pk] = {assignment.role for assignment in membership.role_assignments.all()}
    return found


def load_competence_demo(organization: Organization, members: list[Membership]) -> None:
    if organization.slug != CONSULTANCY_SLUG or Training.objects.filter(organization=organization).exists():
        return
    rng = random.Random(7_2)
    today = timezone.localdate()
    catalogue = {
        competence.name: competence for competence in Competence.objects.filter(organization=organization)
    }
    if not {SMM, LINKEDIN, CRISIS, PRIVACY, QUALITY} <= set(catalogue):
        return  # the catalogue was renamed: leave the demo's competence part out
    roles = _roles(members)
    buddies = [m for m in members if Role.BUDDY in roles.get(m.pk, set())][:BUDDIES]
    by_role = {role: [m for m in members if role in roles.get(m.pk, set())] for role in Role.values}

    RoleRequirement.objects.bulk_create(
        RoleRequirement(organization=organization, role=role, competence=catalogue[name])
        for role, name in (
            (Role.BUDDY, SMM),
            (Role.BUDDY, LINKEDIN),
            (Role.COMMUNICATIONS_MANAGER, LINKEDIN),
            (Role.COMMUNICATIONS_MANAGER, CRISIS),
            (Role.QUALITY_OFFICER, QUALITY),
            (Role.AMBASSADOR, PRIVACY),
        )
    )
    linkedin = Channel.objects.filter(organization=organization, name="LinkedIn").first()
    if linkedin is not None:
        ChannelRequirement.objects.create(
            organization=organization, channel=linkedin, competence=catalogue[LINKEDIN]
        )

    starts, ends = _course_period(today)
    course = Training.objects.create(
        organization=organization,
        title="Social Media Manager – Inhouse-Lehrgang",
        provider=UNIVERSITY,
        format=TrainingFormat.IN_HOUSE_COURSE,
        starts_on=starts,
        ends_on=ends,
        description=(
            "Zwölf Präsenztage über fünf Monate mit der TH Köln: Strategie, Redaktionsplanung, Recht, "
            "Community-Management, Auswertung; Abschlussprüfung und Zertifikat der Hochschule."
        ),
    )
    course.competences.set([catalogue[SMM], catalogue[LINKEDIN]])
    seminar_day = today - dt.timedelta(days=200)
    seminar = Training.objects.create(
        organization=organization,
        title="LinkedIn für Corporate Influencer",
        provider="Rheinblick Academy",
        format=TrainingFormat.SEMINAR,
        starts_on=seminar_day,
        ends_on=seminar_day,
        description="Eintägiges Seminar: Profil, Tonalität, Richtlinie, Freigaben, Umgang mit Kommentaren.",
    )
    seminar.competences.set([catalogue[LINKEDIN]])
    elearning = Training.objects.create(
        organization=organization,
        title="Datenschutz in der Kommunikation (E-Learning)",
        provider="Rheinblick Academy",
        format=TrainingFormat.E_LEARNING,
        starts_on=today - dt.timedelta(days=600),
        description="45 Minuten mit Abschlusstest; alle zwei Jahre zu wiederholen.",
    )
    elearning.competences.set([catalogue[PRIVACY]])

    participations = [
        TrainingParticipation(
            training=course, membership=buddy, status=ParticipationStatus.COMPLETED, completed_on=ends
        )
        for buddy in buddies
    ]
    certificates: list[Certificate] = []
    for index, buddy in enumerate(buddies):
        certificates.append(
            Certificate(
                organization=organization,
                membership=buddy,
                competence=catalogue[SMM],
                training=course,
                issued_on=ends,
                expires_on=ends + dt.timedelta(days=3 * 365),
                issuer=UNIVERSITY,
            )
        )
        # The LinkedIn permission is renewed yearly: a few run out soon, one has run out.
        if index < 4:
            issued = today - dt.timedelta(days=365 - 12 - 9 * index)
        elif index == 4:
            issued = today - dt.timedelta(days=365 + 21)
        else:
            issued = ends
        certificates.append(
            Certificate(
                organization=organization,
                membership=buddy,
                competence=catalogue[LINKEDIN],
                training=course if issued == ends else None,
                issued_on=issued,
                expires_on=issued + dt.timedelta(days=365),
                issuer=UNIVERSITY if issued == ends else "Rheinblick Academy",
            )
        )
    buddy_ids = {buddy.pk for buddy in buddies}
    ambassadors = [person for person in by_role[Role.AMBASSADOR] if person.pk not in buddy_ids]
    seminar_people = [
        *by_role[Role.COMMUNICATIONS_MANAGER],
        *rng.sample(ambassadors, min(18, len(ambassadors))),
    ]
    for person in seminar_people:
        participations.append(
            TrainingParticipation(
                training=seminar,
                membership=person,
                status=ParticipationStatus.COMPLETED,
                completed_on=seminar_day,
            )
        )
        certificates.append(
            Certificate(
                organization=organization,
                membership=person,
                competence=catalogue[LINKEDIN],
                training=seminar,
                issued_on=seminar_day,
                expires_on=seminar_day + dt.timedelta(days=365),
                issuer="Rheinblick Academy",
            )
        )
    learners = rng.sample(members, min(E_LEARNERS, len(members)))
    for person in learners:
        done = today - dt.timedelta(days=rng.randint(20, 760))
        participations.append(
            TrainingParticipation(
                training=elearning, membership=person, status=ParticipationStatus.COMPLETED, completed_on=done
            )
        )
        certificates.append(
            Certificate(
                organization=organization,
                membership=person,
                competence=catalogue[PRIVACY],
                training=elearning,
                issued_on=done,
                expires_on=done + dt.timedelta(days=730),
                issuer="Rheinblick Academy",
            )
        )
    for officer in by_role[Role.QUALITY_OFFICER]:
        certificates.append(
            Certificate(
                organization=organization,
                membership=officer,
                competence=catalogue[QUALITY],
                issued_on=dt.date(2019, 11, 8),
                issuer="DGQ Deutsche Gesellschaft für Qualität",
            )
        )
    for manager in by_role[Role.COMMUNICATIONS_MANAGER]:
        certificates.append(
            Certificate(
                organization=organization,
                membership=manager,
                competence=catalogue[CRISIS],
                issued_on=today - dt.timedelta(days=410),
                expires_on=today + dt.timedelta(days=320),
                issuer="Deutsche Presseakademie",
            )
        )
    TrainingParticipation.objects.bulk_create(participations, ignore_conflicts=True)
    Certificate.objects.bulk_create(certificates, batch_size=500)

    assessor = by_role[Role.QUALITY_OFFICER][0] if by_role[Role.QUALITY_OFFICER] else None
    EffectivenessCheck.objects.bulk_create(
        [
            EffectivenessCheck(
                training=course,
                planned_on=ends + dt.timedelta(days=90),
                method=(
                    "Auswertung der Beiträge der Buddies, Befragung der betreuten Kolleginnen und Kollegen"
                ),
                result=EffectivenessResult.EFFECTIVE,
                notes="Reichweite der Beiträge der Buddies deutlich über der des Unternehmenskontos; "
                "18 von 20 Buddies betreuen aktiv Kolleginnen und Kollegen.",
                assessed_by=assessor,
                assessed_on=ends + dt.timedelta(days=95),
            ),
            EffectivenessCheck(
                training=seminar,
                planned_on=seminar_day + dt.timedelta(days=120),
                method="Stichprobe von 20 Beiträgen gegen die Social-Media-Richtlinie",
                result=EffectivenessResult.PARTLY,
                notes="Richtlinie eingehalten; Freigaben für Kundennamen wurden zweimal vergessen.",
                assessed_by=assessor,
                assessed_on=seminar_day + dt.timedelta(days=125),
            ),
            EffectivenessCheck(
                training=elearning,
                planned_on=today + dt.timedelta(days=45),
                method="Auswertung der Datenschutzvorfälle in der Kommunikation seit Einführung",
            ),
        ]
    )


def register() -> None:
    from resonanz.core.demo import DEMO_LOADERS

    if load_competence_demo not in DEMO_LOADERS:
        DEMO_LOADERS.append(load_competence_demo)
