"""The demo plans: Rheinblick's own (two published versions and a draft) and a small one per client."""

from __future__ import annotations

import pytest

from resonanz.core.demo import DEMO_LOADERS, DEMO_LOGINS
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.roles import Role
from resonanz.core.tests.factories import make_member, make_organization
from resonanz.plan.access import rows_of
from resonanz.plan.completeness import missing_answers
from resonanz.plan.demo import CONSULTANCY_SLUG, load_plan_demo
from resonanz.plan.models import CommunicationPlan, Evidence, VersionComment, VersionStatus, WhenKind


def demo_members(organization: Organization) -> list[Membership]:
    """The demo logins that act in the plan, in the order the core demo makes them."""
    wanted = [login for login in DEMO_LOGINS if login.role != Role.ADMIN]
    return [
        make_member(
            organization, [login.role], email=f"{organization.slug}.{login.email}", full_name=login.full_name
        )
        for login in wanted
    ]


@pytest.fixture
def consultancy(db: None) -> tuple[Organization, list[Membership]]:
    organization = make_organization("Rheinblick Consulting GmbH", slug=CONSULTANCY_SLUG)
    return organization, demo_members(organization)


def test_the_demo_loader_is_registered() -> None:
    assert load_plan_demo in DEMO_LOADERS


def test_the_consultancy_gets_two_published_versions_and_a_draft(
    consultancy: tuple[Organization, list[Membership]],
) -> None:
    organization, members = consultancy

    load_plan_demo(organization, members)

    plan = CommunicationPlan.objects.get(organization=organization)
    versions = list(plan.versions.order_by("number"))
    assert [v.status for v in versions] == [
        VersionStatus.SUPERSEDED,
        VersionStatus.PUBLISHED,
        VersionStatus.DRAFT,
    ]
    published = versions[1]
    rows = list(rows_of(published))
    assert 35 <= len(rows) <= 45
    assert all(not missing_answers(row) for row in rows), "every published row answers all five questions"
    assert published.author_name == "Aylin Demir" and published.approver_name == "Katharina Wetzlar"
    assert {row.when_kind for row in rows} == {WhenKind.RECURRENCE, WhenKind.FIXED, WhenKind.TRIGGER}
    descriptions = " ".join(row.description for row in rows)
    for expected in (
        "Kundennewsletter",
        "LinkedIn-Fachbeiträge",
        "Quartalsbericht",
        "Betriebsversammlung",
        "Pressemitteilungen",
        "Intranet-News",
        "Zertifizierungsstelle",
        "Mitarbeiterbefragung",
        "Instagram",
        "Krisenkommunikation",
    ):
        assert expected in descriptions, expected
    quarterly = next(row for row in rows if row.description.startswith("Quartalsbericht"))
    assert quarterly.rrule == "FREQ=MONTHLY;BYMONTH=1,4,7,10;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1"


def test_the_demo_plan_has_history_comments_and_evidence(
    consultancy: tuple[Organization, list[Membership]],
) -> None:
    organization, members = consultancy

    load_plan_demo(organization, members)

    plan = CommunicationPlan.objects.get(organization=organization)
    first, second, draft = plan.versions.order_by("number")
    assert second.change_reason and draft.change_reason
    assert (
        draft.rows.count() != second.rows.count()
        or draft.rows.filter(description__contains="Podcast").exists()
    )
    assert VersionComment.objects.filter(version=first, kind="rejection").exists()
    assert VersionComment.objects.filter(version=draft).exists()
    evidence = Evidence.objects.filter(plan=plan)
    assert evidence.count() >= 5 and all(item.planned_for is not None for item in evidence)
    assert AuditRecord.objects.filter(organization=organization, action="plan.version_published").count() == 2


def test_a_client_company_gets_a_smaller_published_plan(db: None) -> None:
    organization = make_organization("Bergmann Präzisionstechnik GmbH")
    officer = make_member(organization, [Role.ADMIN, Role.QUALITY_OFFICER])
    members = [
        officer,
        make_member(organization, [Role.COMMUNICATIONS_MANAGER]),
        make_member(organization, [Role.WORKS_COUNCIL]),
    ]

    load_plan_demo(organization, members)

    plan = CommunicationPlan.objects.get(organization=organization)
    version = plan.versions.get()
    assert version.status == VersionStatus.PUBLISHED and 5 <= version.rows.count() < 20
    assert version.approver == officer and version.author != officer


def test_loading_the_demo_plan_twice_changes_nothing(
    consultancy: tuple[Organization, list[Membership]],
) -> None:
    organization, members = consultancy
    load_plan_demo(organization, members)
    records = AuditRecord.objects.filter(organization=organization).count()

    load_plan_demo(organization, members)

    assert CommunicationPlan.objects.filter(organization=organization).count() == 1
    assert AuditRecord.objects.filter(organization=organization).count() == records


def test_every_action_in_the_demo_trail_has_a_german_name(
    consultancy: tuple[Organization, list[Membership]],
) -> None:
    from django.utils import translation

    from resonanz.core.action_labels import action_label, has_label

    organization, members = consultancy
    load_plan_demo(organization, members)
    codes = set(AuditRecord.objects.filter(organization=organization).values_list("action", flat=True))

    assert {"plan.row_added", "plan.version_published", "member.added"} <= codes
    assert sorted(code for code in codes if not has_label(code)) == []
    with translation.override("de"):
        assert action_label("plan.row_added") == "Zeile hinzugefügt"
        assert action_label("plan.version_published") == "Version veröffentlicht"
