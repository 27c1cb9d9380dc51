"""The management review: the input pack holds every input of 9.3.2 a)–f) with real figures, outputs of
one review come back under a) of the next, holding freezes the pack, an empty period says so, bad
periods are refused with a message, the PDF holds the sections, and other organizations find nothing."""

from __future__ import annotations

import datetime as dt
import functools
import io
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from pypdf import PdfReader

from resonanz.audits import summary as audit_summaries
from resonanz.competence.actions.trainings import create_training
from resonanz.core.errors import ActionRefused
from resonanz.core.models import Membership, Organization
from resonanz.core.roles import Role
from resonanz.core.tests.factories import ApiCaller, make_member
from resonanz.objectives import actions as objective_actions
from resonanz.quality import actions as quality_actions
from resonanz.quality.tests.factories import add_action, make_analysed
from resonanz.reviews import actions
from resonanz.reviews.models import ManagementReview, ReviewStatus
from resonanz.reviews.pack import build_pack, pack_of
from resonanz.risks import actions as risk_actions

pytestmark = pytest.mark.django_db
Caller = functools.partial(ApiCaller, api="/api/v1/reviews", language="de")
PARTS_OF_C = (
    "c_feedback",
    "c_objectives",
    "c_process",
    "c_nonconformities",
    "c_corrective",
    "c_monitoring",
    "c_audits",
    "c_providers",
)


def pdf_text(content: bytes) -> str:
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def _today(org: Organization) -> dt.date:
    return timezone.localdate(timezone=org.zone)


@pytest.fixture
def officer(org: Organization) -> Membership:
    return make_member(org, [Role.QUALITY_OFFICER], full_name="Quirin Qualität")


def prepare(officer: Membership, days: int = 60, **values: Any) -> ManagementReview:
    today = _today(officer.organization)
    fields: dict[str, Any] = {
        "title": "Managementbewertung 2026",
        "period_start": today - dt.timedelta(days=days),
        "period_end": today,
    }
    fields.update(values)
    return actions.create_review(officer, **fields)


def hold(officer: Membership, review: ManagementReview) -> ManagementReview:
    return actions.hold_review(
        officer,
        review,
        held_on=_today(officer.organization),
        minutes="Die Leitung bewertet das System als wirksam.",
        chair=officer,
        participants=[officer],
    )


def _audit(number: int = 3) -> audit_summaries.AuditSummary:
    return audit_summaries.AuditSummary(
        number=number,
        title="Internes Audit Kommunikation",
        planned_on=None,
        completed_on=dt.date.today(),
        status="completed",
        items_total=12,
        nonconformities=2,
        observations=1,
        incident_numbers=(7,),
    )


def seed_period(officer: Membership) -> None:
    """One record (or more) for every input, all within the last 60 days."""
    org = officer.organization
    today = _today(org)
    risk_actions.create_risk(
        officer,
        kind="risk",
        title="Plattform sperrt Konto",
        likelihood=2,
        impact=5,
        owner=officer,
        review_interval_months=6,
    )
    risk_actions.create_risk(
        officer,
        kind="opportunity",
        title="Fachmesse als Bühne",
        likelihood=4,
        impact=3,
        owner=officer,
        review_interval_months=6,
    )
    reviewed = risk_actions.create_risk(
        officer,
        kind="risk",
        title="Shitstorm nach Beitrag",
        likelihood=3,
        impact=4,
        owner=officer,
        review_interval_months=6,
    )
    risk_actions.review_risk(officer, reviewed, effective=True, likelihood_after=2, impact_after=4)
    quality_actions.open_incident(officer, title="Beschwerde über Antwortzeit", source="social_complaint")
    incident = make_analysed(officer)
    add_action(officer, incident)
    objective = objective_actions.create_objective(
        officer,
        title="Antwortzeit unter 4 Stunden",
        owner=officer,
        metric_key="",
        unit="Stunden",
        baseline=Decimal(8),
        target=Decimal(4),
        direction="at_most",
        starts_on=today - dt.timedelta(days=30),
        deadline=today + dt.timedelta(days=60),
        evaluation_method="Stichprobe",
        frequency="monthly",
    )
    objective_actions.record_entry(officer, objective, day=today, value=Decimal(5))
    create_training(officer, title="Social-Media-Grundlagen", format="seminar", starts_on=today)


def test_the_pack_contains_every_input_a_to_f(officer: Membership, monkeypatch: pytest.MonkeyPatch) -> None:
    """GIVEN an earlier review with outputs and records of every kind in the period
    WHEN the next review's pack is read
    THEN it has the sections a)–f), c) with each of its seven topics, and the figures of the records."""
    org = officer.organization
    today = _today(org)
    monkeypatch.setattr(audit_summaries, "audit_summary", lambda *args: [_audit()])
    earlier = prepare(
        officer,
        title="Bewertung 2025",
        period_start=today - dt.timedelta(days=400),
        period_end=today - dt.timedelta(days=300),
    )
    late = actions.add_output(
        officer,
        earlier,
        kind="improvement",
        text="Freigabe vereinfachen",
        owner=officer,
        due_on=today - dt.timedelta(days=1),
    )
    finished = actions.add_output(
        officer,
        earlier,
        kind="resource",
        text="Zweite Stelle im Social-Media-Team",
        owner=officer,
        due_on=today,
    )
    hold(officer, earlier)
    actions.complete_output(officer, finished)
    seed_period(officer)
    review = prepare(officer, issues_changes="Neue EU-Plattformregeln", resource_notes="Budget knapp")

    pack = build_pack(review, today)

    assert [section.key for section in pack.sections] == ["a", "b", "c", "d", "e", "f"]
    assert tuple(part.key for part in pack.section("c").parts) == PARTS_OF_C

    def figures(key: str) -> dict[str, Any]:
        return {figure.key: figure.value for figure in pack.part(key).figures}

    assert figures("a_outputs") == {"outputs_done": 1, "outputs_open": 1, "outputs_overdue": 1}
    assert {(entry.text, entry.status) for entry in pack.part("a_outputs").entries} == {
        (late.text, "overdue"),
        (finished.text, "done"),
    }
    assert pack.part("b_issues").text == "Neue EU-Plattformregeln"
    assert figures("b_issues") == {"new_risks": 2, "new_opportunities": 1}
    assert figures("c_feedback")["complaints"] == 1
    assert figures("c_objectives")["objectives"] == 1
    assert pack.part("c_objectives").entries[0].text == "Antwortzeit unter 4 Stunden"
    assert figures("c_nonconformities")["incidents_opened"] == 2
    assert sum(bar.value for bar in pack.part("c_nonconformities").bars) == 2
    assert figures("c_corrective")["actions_open"] == 1
    assert pack.part("c_corrective").entries[0].text == "Vertretungsregel für Freigaben festlegen"
    assert figures("c_audits")["audits"] == 1 and figures("c_audits")["audit_nonconformities"] == 2
    assert "plan.executed_rate" in figures("c_process") and "alarms" in figures("c_monitoring")
    assert pack.part("d_resources").text == "Budget knapp" and figures("d_resources")["trainings"] == 1
    assert figures("e_risks") == {
        "risk_reviews": 1,
        "risk_reviews_effective": 1,
        "risk_reviews_not_effective": 0,
    }
    assert figures("f_improvement")["opportunities"] == 1
    assert not pack.empty


def test_outputs_of_a_review_are_followed_up_under_a_in_the_next(
    officer: Membership, client_for: Any
) -> None:
    org = officer.organization
    today = _today(org)
    first = prepare(
        officer, period_start=today - dt.timedelta(days=120), period_end=today - dt.timedelta(days=61)
    )
    output = actions.add_output(
        officer,
        first,
        kind="change",
        text="Leitfaden um Krisenfälle ergänzen",
        owner=officer,
        due_on=today + dt.timedelta(days=10),
    )
    actions.close_review(officer, hold(officer, first))
    second = prepare(officer)

    page = client_for(officer).get(f"/o/{org.slug}/reviews/{second.pk}/").content.decode()
    assert "Leitfaden um Krisenfälle ergänzen" in page and f"#{first.number}" in page

    actions.complete_output(officer, output)
    pack = build_pack(second, today)
    assert [(entry.text, entry.status) for entry in pack.part("a_outputs").entries] == [(output.text, "done")]
    with pytest.raises(ActionRefused):
        actions.add_output(officer, first, kind="change", text="Noch etwas", owner=officer, due_on=today)


def test_holding_a_review_freezes_its_pack(officer: Membership) -> None:
    """GIVEN a held review WHEN an incident of its period is opened afterwards
    THEN the held review's pack still shows what was presented, and the review takes no more changes."""
    review = prepare(officer)
    make_analysed(officer)
    held = hold(officer, review)
    assert held.status == ReviewStatus.HELD and held.pack is not None

    make_analysed(officer, title="Noch ein Vorfall")

    frozen = pack_of(ManagementReview.objects.get(pk=held.pk), _today(officer.organization))
    assert {figure.key: figure.value for figure in frozen.part("c_nonconformities").figures}[
        "incidents_opened"
    ] == 1
    assert build_pack(held, _today(officer.organization)).part("c_nonconformities").figures[0].value == 2
    with pytest.raises(ActionRefused):
        actions.update_review(officer, held, title="Anders")
    with pytest.raises(ActionRefused):
        hold(officer, held)


def test_a_period_without_records_says_so_in_every_section(officer: Membership, client_for: Any) -> None:
    org = officer.organization
    review = prepare(officer, period_start=dt.date(2019, 1, 1), period_end=dt.date(2019, 12, 31))
    pack = build_pack(review, _today(org))
    assert pack.empty and all(part.empty for section in pack.sections for part in section.parts)

    page = client_for(officer).get(f"/o/{org.slug}/reviews/{review.pk}/").content.decode()
    assert 'id="empty-pack"' in page and "Für diesen Zeitraum liegen keine Aufzeichnungen vor" in page
    assert page.count("Nichts in diesem Zeitraum.") == 12  # every part but the providers' own note
    assert "Keine externen Anbieter" in page


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2026-03-01", "2026-02-01", "Das Ende des Zeitraums liegt vor seinem Beginn."),
        ("2024-01-01", "2026-01-01", "Bitte wählen Sie einen Zeitraum von höchstens einem Jahr."),
        ("0001-01-01", "0001-02-01", "Bitte geben Sie ein Datum zwischen 1970 und 2200 ein."),
        ("9999-01-01", "9999-12-31", "Bitte geben Sie ein Datum zwischen 1970 und 2200 ein."),
        ("2026-13-01", "2026-12-31", "Bitte geben Sie ein gültiges Datum ein."),
    ],
)
def test_a_bad_period_is_refused_with_a_message_and_nothing_is_saved(
    officer: Membership, client_for: Any, start: str, end: str, message: str
) -> None:
    org = officer.organization
    response = client_for(officer).post(
        f"/o/{org.slug}/reviews/", {"title": "Bewertung", "period_start": start, "period_end": end}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    answer = Caller(officer).send(
        "post", "", {"title": "Bewertung", "period_start": start, "period_end": end}
    )
    assert answer.status_code in (400, 422), answer.content
    assert not ManagementReview.objects.exists()


def test_the_pdf_holds_every_section_the_minutes_and_the_outputs(
    officer: Membership, client_for: Any
) -> None:
    org = officer.organization
    seed_period(officer)
    review = prepare(officer)
    actions.add_output(
        officer,
        review,
        kind="resource",
        text="Zusätzliche Schulung für Buddies",
        owner=officer,
        due_on=_today(org) + dt.timedelta(days=30),
    )
    hold(officer, review)

    response = client_for(officer).get(f"/o/{org.slug}/reviews/{review.pk}/pdf/")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for heading in (
        "a) Stand der Maßnahmen",
        "b) Veränderungen",
        "c) Leistung und Wirksamkeit",
        "d) Angemessenheit der Ressourcen",
        "e) Wirksamkeit der Maßnahmen",
        "f) Möglichkeiten",
    ):
        assert heading in text, heading
    assert "Vertretungsregel für Freigaben festlegen" in text
    assert (
        "Zusätzliche Schulung für Buddies" in text and "Die Leitung bewertet das System als wirksam." in text
    )


def test_other_organizations_and_readers_without_the_right_get_nothing(
    officer: Membership, other_org: Organization, client_for: Any
) -> None:
    review = prepare(officer)
    outsider = make_member(other_org, [Role.QUALITY_OFFICER])
    org = officer.organization
    client = client_for(outsider)
    for path in ("", f"{review.pk}/", f"{review.pk}/pdf/"):
        assert client.get(f"/o/{org.slug}/reviews/{path}").status_code == 404
    assert client_for(outsider).get(f"/o/{other_org.slug}/reviews/{review.pk}/").status_code == 404
    assert Caller(outsider).get(f"/{review.pk}").status_code == 404
    auditor = make_member(org, [Role.AUDITOR])
    assert client_for(auditor).get(f"/o/{org.slug}/reviews/{review.pk}/").status_code == 200
    assert client_for(auditor).post(f"/o/{org.slug}/reviews/{review.pk}/hold/").status_code == 403
    ambassador = make_member(org, [Role.AMBASSADOR])
    assert client_for(ambassador).get(f"/o/{org.slug}/reviews/").status_code == 403


def test_the_api_prepares_holds_and_reads_a_review(officer: Membership) -> None:
    caller = Caller(officer)
    today = _today(officer.organization)
    created = caller.send(
        "post",
        "",
        {
            "title": "Bewertung per API",
            "period_start": str(today - dt.timedelta(days=30)),
            "period_end": str(today),
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert [section["key"] for section in body["pack"]["sections"]] == ["a", "b", "c", "d", "e", "f"]
    review_id = body["id"]
    output = caller.send(
        "post",
        f"/{review_id}/outputs",
        {"kind": "improvement", "text": "Mehr Video", "owner_id": officer.pk, "due_on": str(today)},
    )
    assert output.status_code == 201, output.content
    held = caller.send(
        "post", f"/{review_id}/hold", {"held_on": str(today), "minutes": "Protokoll", "chair_id": officer.pk}
    )
    assert held.status_code == 200, held.content
    assert held.json()["status"] == "held"
    done = caller.send("post", f"/outputs/{output.json()['id']}/done")
    assert done.json()["status"] == "done"
    assert caller.get("").json()["items"][0]["id"] == review_id


def test_outputs_are_recorded_in_place_with_htmx(officer: Membership, client_for: Any) -> None:
    org = officer.organization
    review = prepare(officer)
    response = client_for(officer).post(
        f"/o/{org.slug}/reviews/{review.pk}/outputs/",
        {"kind": "change", "text": "Prozess anpassen", "owner": officer.pk, "due_on": "2027-01-31"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="outputs",
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert content.startswith('<section id="outputs"') and "Prozess anpassen" in content
    refused = client_for(officer).post(
        f"/o/{org.slug}/reviews/{review.pk}/outputs/",
        {"kind": "change", "text": "", "owner": officer.pk, "due_on": "2027-01-31"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="outputs",
    )
    assert refused.status_code == 400 and review.outputs.count() == 1


def test_the_quality_start_page_links_the_reviews_for_readers(officer: Membership, client_for: Any) -> None:
    org = officer.organization
    assert f"/o/{org.slug}/reviews/" in client_for(officer).get(f"/o/{org.slug}/quality/").content.decode()
    ambassador = make_member(org, [Role.AMBASSADOR])
    assert (
        f"/o/{org.slug}/reviews/"
        not in client_for(ambassador).get(f"/o/{org.slug}/quality/").content.decode()
    )


def test_held_reviews_are_the_evidence_of_clause_9_3(officer: Membership) -> None:
    from resonanz.reviews.evidence import held_reviews
    from resonanz.standards.evidence import keys_for

    review = prepare(officer)
    assert held_reviews(officer) == []
    hold(officer, review)
    items = held_reviews(officer)
    assert [item.date for item in items] == [_today(officer.organization)]
    assert "Managementbewertung 2026" in items[0].label and items[0].url.endswith(f"/reviews/{review.pk}/")
    assert all("reviews.held" in keys_for("iso9001", number) for number in ("9.3", "9.3.1", "9.3.2", "9.3.3"))
    assert held_reviews(make_member(officer.organization, [Role.AMBASSADOR])) == []


def test_a_review_is_recorded_as_held_once_it_took_place_after_its_period(officer: Membership) -> None:
    review = prepare(
        officer,
        period_start=_today(officer.organization) - dt.timedelta(days=10),
        period_end=_today(officer.organization) + dt.timedelta(days=5),
    )
    with pytest.raises(ActionRefused) as refused:
        hold(officer, review)
    assert refused.value.field == "held_on"
    with pytest.raises(ActionRefused):
        actions.hold_review(
            officer,
            review,
            held_on=_today(officer.organization) + dt.timedelta(days=6),
            minutes="x",
            chair=officer,
        )
    assert ManagementReview.objects.get(pk=review.pk).status == ReviewStatus.DRAFT
