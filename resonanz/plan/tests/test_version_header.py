"""The document header of a version: purpose and scope, versioned and frozen like the rows."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import reverse
from django.utils.translation import override
from pypdf import PdfReader

from resonanz.core.errors import ActionRefused
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.plan import actions
from resonanz.plan.actions.exports import export_version
from resonanz.plan.diff import diff_versions
from resonanz.plan.models import PlanVersion
from resonanz.plan.tests.factories import make_plan, make_plan_people
from resonanz.plan.tests.test_api import Caller

PURPOSE = "Die Kommunikation zu Kunden, Mitarbeitenden und Behörden planbar machen."
SCOPE = "Alle Standorte; interne und externe Kommunikation einschließlich sozialer Medien."


def _published_with_header(org: Organization) -> tuple[Membership, Membership, PlanVersion]:
    editor, officer = make_plan_people(org)
    _plan, draft, _rows = make_plan(org, editor)
    actions.update_version_header(editor, draft, purpose=PURPOSE, scope=SCOPE)
    actions.submit_for_review(editor, draft)
    actions.approve_version(officer, draft)
    return editor, officer, actions.publish_version(officer, draft)


def test_a_draft_keeps_its_header_and_the_next_draft_starts_from_it(org: Organization) -> None:
    editor, officer = make_plan_people(org)
    _plan, draft, _rows = make_plan(org, editor)
    other = make_plan_people(org)[0]

    actions.update_version_header(other, draft, purpose=f"  {PURPOSE}  ", scope=SCOPE)

    draft.refresh_from_db()
    assert (draft.purpose, draft.scope) == (PURPOSE, SCOPE)
    assert draft.contributors.filter(pk=other.pk).exists(), "who changes the header may not approve"
    record = AuditRecord.objects.get(action="plan.version_header_changed")
    assert record.after is not None and record.after["purpose"] == PURPOSE
    actions.submit_for_review(editor, draft)
    actions.approve_version(officer, draft)
    published = actions.publish_version(officer, draft)
    following = actions.start_new_draft(editor, published.plan, "Neue Standorte")
    assert (following.purpose, following.scope) == (PURPOSE, SCOPE)


def test_the_header_of_an_approved_version_cannot_change(org: Organization) -> None:
    editor, _officer, published = _published_with_header(org)

    with pytest.raises(ActionRefused):
        actions.update_version_header(editor, published, purpose="heimlich")
    for column in ("purpose", "scope"):
        with pytest.raises(DatabaseError), transaction.atomic():
            PlanVersion.objects.filter(pk=published.pk).update(**{column: "heimlich"})

    published.refresh_from_db()
    assert (published.purpose, published.scope) == (PURPOSE, SCOPE)


@pytest.mark.parametrize(
    "changes",
    [{"purpose": "x" * 5001}, {"scope": 7}, {"title": "Anderer Titel"}],
    ids=["long", "number", "unknown"],
)
def test_bad_header_input_is_refused_and_nothing_is_stored(
    org: Organization, changes: dict[str, object]
) -> None:
    editor, _officer = make_plan_people(org)
    _plan, draft, _rows = make_plan(org, editor)
    records = AuditRecord.objects.count()

    with pytest.raises(ActionRefused):
        actions.update_version_header(editor, draft, **changes)

    draft.refresh_from_db()
    assert (draft.purpose, draft.scope) == ("", "")
    assert AuditRecord.objects.count() == records


def test_the_diff_shows_a_changed_header(
    org: Organization, client_for: Callable[[Membership], Client]
) -> None:
    editor, officer, published = _published_with_header(org)
    draft = actions.start_new_draft(editor, published.plan, "Neuer Geltungsbereich")
    draft = actions.update_version_header(editor, draft, scope="Nur der Standort Köln.")

    diff = diff_versions(published, draft)
    page = client_for(officer).get(
        reverse("plan:plan_diff", args=[org.slug, published.plan_id]) + f"?old={published.pk}&new={draft.pk}"
    )

    assert [(c.field, c.old, c.new) for c in diff.header] == [("scope", SCOPE, "Nur der Standort Köln.")]
    assert not diff.is_empty
    html = page.content.decode()
    assert "Zweck und Geltungsbereich" in html and "Nur der Standort Köln." in html and SCOPE in html


def test_the_plan_page_the_version_page_and_the_pdf_show_the_header(
    org: Organization, client_for: Callable[[Membership], Client]
) -> None:
    _editor, officer, published = _published_with_header(org)
    ambassador = make_plan_people(org)[0]

    plan_page = client_for(ambassador).get(reverse("plan:plan_detail", args=[org.slug, published.plan_id]))
    version_page = client_for(officer).get(reverse("plan:plan_version", args=[org.slug, published.pk]))
    with override("de"):
        content = export_version(officer, published, "pdf").content

    assert PURPOSE in plan_page.content.decode() and SCOPE in plan_page.content.decode()
    assert PURPOSE in version_page.content.decode()
    pages = [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(content)).pages]
    text = " ".join(pages)
    assert "Zweck und Geltungsbereich" in text and PURPOSE in text and "Geltungsbereich" in text
    assert all("Ausdrucke unterliegen nicht dem Änderungsdienst." in page for page in pages), pages


def test_the_draft_page_edits_the_header(
    org: Organization, client_for: Callable[[Membership], Client]
) -> None:
    editor, _officer = make_plan_people(org)
    _plan, draft, _rows = make_plan(org, editor)
    url = reverse("plan:plan_version_header", args=[org.slug, draft.pk])

    saved = client_for(editor).post(url, {"purpose": PURPOSE, "scope": SCOPE})
    refused = client_for(editor).post(url, {"purpose": "x" * 5001, "scope": ""})

    assert saved.status_code == 302
    assert refused.status_code == 400 and "5000" in refused.content.decode().replace(".", "")
    draft.refresh_from_db()
    assert (draft.purpose, draft.scope) == (PURPOSE, SCOPE)


def test_the_api_reads_and_changes_the_header_of_a_draft(org: Organization) -> None:
    editor, officer, published = _published_with_header(org)
    draft = actions.start_new_draft(editor, published.plan, "Zweite Fassung")

    changed = Caller(editor).send("patch", f"/versions/{draft.pk}", {"scope": "Nur Köln."})
    frozen = Caller(editor).send("patch", f"/versions/{published.pk}", {"scope": "Nur Köln."})
    diff = Caller(officer).get(f"/versions/{draft.pk}/diff?compare_to={published.number}")

    assert changed.status_code == 200, changed.content
    assert (changed.json()["purpose"], changed.json()["scope"]) == (PURPOSE, "Nur Köln.")
    assert frozen.status_code == 422 and frozen["Content-Type"].startswith("application/problem+json")
    assert diff.json()["header"] == [{"field": "scope", "old": SCOPE, "new": "Nur Köln."}]
