"""Transitions of a version on its page, the version history and the diff of two versions."""

from __future__ import annotations

import pytest
from django.utils import translation

from resonanz.core.models import Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan import actions
from resonanz.plan.models import PlanVersion, VersionComment, VersionStatus
from resonanz.plan.tests.page_helpers import Office, de, htmx, make_office, signed_in
from resonanz.plan.views.diff_display import changed_line


@pytest.fixture
def office(org: Organization) -> Office:
    return make_office(org)


@pytest.fixture
def draft(office: Office) -> PlanVersion:
    return actions.start_new_draft(office.manager, office.plan, "Ergänzungen")


def _status(version: PlanVersion) -> str:
    version.refresh_from_db()
    return version.status


def test_submitting_an_incomplete_draft_names_each_row_and_its_open_questions(
    office: Office, draft: PlanVersion
) -> None:
    actions.add_row(office.manager, draft, description="Nur eine Idee")

    response = signed_in(office.manager).post(office.url(f"versions/{draft.pk}/submit/"))

    text = response.content.decode()
    assert response.status_code == 400
    assert de("The draft cannot be submitted yet:") in text
    questions = ", ".join(de(q) for q in ("what", "when", "with whom", "how", "who"))
    assert questions in text, "the refusal lists all five open questions of row 3"
    assert "Nur eine Idee" in text
    assert _status(draft) == VersionStatus.DRAFT


def test_the_draft_goes_through_review_to_publication(office: Office, draft: PlanVersion) -> None:
    manager, officer = signed_in(office.manager), signed_in(office.officer)

    submitted = manager.post(office.url(f"versions/{draft.pk}/submit/"))
    assert submitted.status_code == 302 and _status(draft) == VersionStatus.IN_REVIEW
    approved = officer.post(office.url(f"versions/{draft.pk}/approve/"), {"approve-comment": "Passt so."})
    assert approved.status_code == 302 and _status(draft) == VersionStatus.APPROVED
    published = officer.post(office.url(f"versions/{draft.pk}/publish/"))

    assert published.status_code == 302
    assert published["Location"] == office.url(f"{office.plan.pk}/")
    assert _status(draft) == VersionStatus.PUBLISHED
    assert _status(office.published) == VersionStatus.SUPERSEDED
    assert VersionComment.objects.filter(version=draft, body="Passt so.").exists()


def test_the_author_cannot_approve_their_own_version(org: Organization) -> None:
    office = make_office(org)
    draft = actions.start_new_draft(office.officer, office.plan, "Die QB ändert selbst")
    actions.submit_for_review(office.officer, draft)

    page = signed_in(office.officer).get(office.url(f"versions/{draft.pk}/"))
    response = signed_in(office.officer).post(
        office.url(f"versions/{draft.pk}/approve/"), {"approve-comment": ""}
    )

    refusal = de("You worked on this version, so someone else has to review and approve it.")
    assert refusal in page.content.decode(), "the page warns before the attempt"
    assert response.status_code == 400
    assert refusal in response.content.decode()
    assert _status(draft) == VersionStatus.IN_REVIEW


def test_returning_a_draft_needs_a_comment(office: Office, draft: PlanVersion) -> None:
    actions.submit_for_review(office.manager, draft)
    officer = signed_in(office.officer)

    empty = officer.post(office.url(f"versions/{draft.pk}/reject/"), {"reject-comment": "  "})
    assert empty.status_code == 400 and _status(draft) == VersionStatus.IN_REVIEW
    assert 'id="id_reject-comment-error"' in empty.content.decode()
    returned = officer.post(office.url(f"versions/{draft.pk}/reject/"), {"reject-comment": "Zeile 3 fehlt."})

    assert returned.status_code == 302 and _status(draft) == VersionStatus.DRAFT
    page = signed_in(office.manager).get(office.url(f"versions/{draft.pk}/")).content.decode()
    assert "Zeile 3 fehlt." in page


@pytest.mark.parametrize("step", ["approve", "reject", "publish"])
def test_a_communications_manager_may_not_approve_return_or_publish(
    office: Office, draft: PlanVersion, step: str
) -> None:
    actions.submit_for_review(office.manager, draft)

    response = signed_in(office.manager).post(
        office.url(f"versions/{draft.pk}/{step}/"), {"reject-comment": "x"}
    )

    assert response.status_code == 403
    assert _status(draft) == VersionStatus.IN_REVIEW


def test_a_step_at_the_wrong_time_is_refused_with_a_message(office: Office, draft: PlanVersion) -> None:
    response = signed_in(office.officer).post(office.url(f"versions/{draft.pk}/publish/"))

    assert response.status_code == 400
    expected = de(
        "Version %(number)s has the status “%(status)s”; this step is not possible now.",
        number=draft.number,
        status=de("draft"),
    )
    assert expected in response.content.decode()
    assert _status(draft) == VersionStatus.DRAFT


def test_a_new_draft_needs_a_reason(office: Office) -> None:
    client = signed_in(office.manager)

    empty = client.post(office.url(f"{office.plan.pk}/new-draft/"), {"change_reason": ""})
    assert empty.status_code == 400 and office.plan.versions.count() == 1
    started = client.post(office.url(f"{office.plan.pk}/new-draft/"), {"change_reason": "Neue Kanäle"})
    second = client.post(office.url(f"{office.plan.pk}/new-draft/"), {"change_reason": "Noch einer"})

    draft = office.plan.versions.get(status=VersionStatus.DRAFT)
    assert started.status_code == 302 and started["Location"] == office.url(f"versions/{draft.pk}/")
    assert draft.change_reason == "Neue Kanäle" and draft.rows.count() == 2
    assert second.status_code == 400
    assert (
        de("This plan already has a version in progress; finish or publish it first.")
        in second.content.decode()
    )


def test_comments_are_added_by_editors_and_approvers_only(office: Office, draft: PlanVersion) -> None:
    added = signed_in(office.manager).post(
        office.url(f"versions/{draft.pk}/comment/"), {"note-comment": "Bitte prüfen"}
    )
    empty = signed_in(office.manager).post(office.url(f"versions/{draft.pk}/comment/"), {"note-comment": ""})
    auditor = signed_in(office.auditor).post(
        office.url(f"versions/{draft.pk}/comment/"), {"note-comment": "Hm"}
    )

    assert added.status_code == 302
    assert empty.status_code == 400
    assert auditor.status_code == 403
    assert list(draft.comments.values_list("body", flat=True)) == ["Bitte prüfen"]


def test_the_history_shows_the_document_control_record(office: Office, draft: PlanVersion) -> None:
    actions.submit_for_review(office.manager, draft)
    actions.reject_version(office.officer, draft, "Noch nicht")

    response = signed_in(office.auditor).get(office.url(f"{office.plan.pk}/versions/"))
    text = response.content.decode()

    assert response.status_code == 200
    assert "KP-01 v1" in text and "KP-01 v2" in text
    for name in (office.manager.user.full_name, office.officer.user.full_name):
        assert name in text
    assert "Ergänzungen" in text and "Noch nicht" in text
    assert signed_in(office.ambassador).get(office.url(f"{office.plan.pk}/versions/")).status_code == 403


def test_the_diff_shows_added_removed_and_changed_rows_in_words(office: Office, draft: PlanVersion) -> None:
    one, two = draft.rows.order_by("position")
    actions.update_row(office.manager, one, description="Eintrag 1 neu", rrule="FREQ=MONTHLY;BYDAY=1MO")
    actions.delete_row(office.manager, two)
    actions.add_row(office.manager, draft, description="Ganz neu")

    response = signed_in(office.auditor).get(
        office.url(f"{office.plan.pk}/diff/"), {"old": office.published.pk, "new": draft.pk}
    )
    text = response.content.decode()

    assert response.status_code == 200
    for label in ("Added", "Removed", "Changed"):
        assert de(label) in text, "each change is named in words, not shown by colour alone"
    assert "<del>" in text and "<ins>" in text
    assert "Eintrag 1 neu" in text and "Ganz neu" in text and "Eintrag 2" in text
    assert "am ersten Montag des Monats" in text and "jeden zweiten Dienstag" in text
    assert "FREQ=" not in text, "a reader sees the rule in words, never its RFC 5545 text"


def test_the_diff_says_that_two_custom_rules_which_read_alike_differ() -> None:
    with translation.override("de"):
        line = changed_line("rrule", "FREQ=MONTHLY;BYMONTHDAY=1,15", "FREQ=MONTHLY;BYMONTHDAY=2,16")

    assert line.old == "monatlich, nach eigener Regel"
    assert line.new == de("%(value)s (changed in detail)", value="monatlich, nach eigener Regel")
    assert line.new != line.old


def test_the_diff_defaults_to_the_version_before_and_refuses_unknown_ids(
    office: Office, draft: PlanVersion
) -> None:
    actions.add_row(office.manager, draft, description="Ganz neu")
    client = signed_in(office.manager)

    default = client.get(office.url(f"{office.plan.pk}/diff/"))
    unknown = client.get(office.url(f"{office.plan.pk}/diff/"), {"old": "999999", "new": "abc"})
    fragment = client.get(
        office.url(f"{office.plan.pk}/diff/"),
        {"old": office.published.pk, "new": draft.pk},
        **htmx("diff-results"),
    )

    assert default.status_code == 200 and "Ganz neu" in default.content.decode()
    assert unknown.status_code == 400
    assert de("The chosen version does not exist; the default is shown instead.") in unknown.content.decode()
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode()


def test_a_member_of_another_organization_cannot_submit(
    office: Office, draft: PlanVersion, other_org: Organization
) -> None:
    stranger = make_member(other_org, ["communications_manager", "quality_officer"])

    response = signed_in(stranger).post(f"/o/{other_org.slug}/plan/versions/{draft.pk}/submit/")

    assert response.status_code == 404
    assert _status(draft) == VersionStatus.DRAFT
