"""The demo's events: the course's twelve days tied to the training and attended by the buddies, other
events past and to come with waiting lists and attendance, and policies most members acknowledged."""

from __future__ import annotations

from pytest_django import DjangoAssertNumQueries

from resonanz.competence.demo import load_competence_demo
from resonanz.competence.models import Training
from resonanz.core.demo import DOMAIN
from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member, make_organization
from resonanz.events.demo import COURSE_TITLE, load_events_demo
from resonanz.events.models import Acknowledgement, Event, PolicyDocument, Registration, RegistrationStatus

S = RegistrationStatus


def _demo_organization() -> tuple[Organization, list[Membership]]:
    organization = make_organization("Rheinblick Consulting GmbH", slug="rheinblick")
    members = [
        make_member(organization, ["communications_manager"], email=f"kommunikation@{DOMAIN}"),
        make_member(organization, ["quality_officer"], email=f"qb@{DOMAIN}"),
        make_member(organization, ["buddy"], email=f"buddy@{DOMAIN}"),
        make_member(organization, ["ambassador"], email=f"botschafterin@{DOMAIN}"),
    ]
    members += [make_member(organization, ["ambassador", "buddy"]) for _ in range(21)]
    members += [make_member(organization, ["ambassador"]) for _ in range(100)]
    load_competence_demo(organization, members)
    return organization, members


def test_the_demo_ties_the_course_days_to_the_training_and_fills_events_and_policies(
    db: None, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    organization, members = _demo_organization()

    with django_assert_max_num_queries(60):  # bulk writes: the same few queries for any number of people
        load_events_demo(organization, members)
    load_events_demo(organization, members)  # a second run keeps the events as they are

    course = Training.objects.get(organization=organization, title=COURSE_TITLE)
    days = Event.objects.filter(training=course).order_by("starts_at")
    assert days.count() == 12
    assert course.ends_on is not None
    assert course.starts_on <= days[0].starts_at.date() and days[11].starts_at.date() <= course.ends_on
    assert all(day.starts_at.weekday() < 5 for day in days)
    attended = Registration.objects.filter(event__training=course, status=S.ATTENDED)
    assert attended.count() >= 12 * 20 * 0.8
    assert attended.values("membership").distinct().count() == 20

    others = Event.objects.filter(organization=organization, training__isnull=True)
    assert others.count() >= 6
    assert Registration.objects.filter(event__in=others, status=S.WAITING).exists()
    assert Registration.objects.filter(event__in=others, status=S.NO_SHOW).exists()
    ambassador = members[3]
    assert Registration.objects.filter(membership=ambassador, status=S.REGISTERED).exists()
    assert Registration.objects.filter(membership=ambassador, status=S.WAITING).exists()
    for registration in Registration.objects.filter(status=S.WAITING):
        assert registration.waiting_position is not None

    guideline = PolicyDocument.objects.get(organization=organization, version_label="2.0")
    assert guideline.supersedes is not None and guideline.supersedes.published_at is not None
    current = set(Acknowledgement.objects.filter(document=guideline).values_list("membership", flat=True))
    older = set(
        Acknowledgement.objects.filter(document=guideline.supersedes).values_list("membership", flat=True)
    )
    assert len(current) > len(members) / 2
    assert older - current, "some acknowledged only the outdated version"
    quality = PolicyDocument.objects.get(organization=organization, kind="quality_policy")
    assert Acknowledgement.objects.filter(document=quality).count() > len(members) * 0.7
    dates = Acknowledgement.objects.filter(document=quality).values_list("acknowledged_at", flat=True)
    assert quality.published_at is not None and min(dates) >= quality.published_at


def test_an_organization_other_than_the_consultancy_gets_no_demo_events(db: None) -> None:
    organization = make_organization("Nordlicht Logistik AG")
    load_events_demo(organization, [make_member(organization)])
    assert not Event.objects.filter(organization=organization).exists()
