"""The quality API: list, detail, create and the workflow's steps; problem+json refusals; 404 outside."""

from __future__ import annotations

import datetime as dt

import pytest

from resonanz.core.models import Organization
from resonanz.core.tests.factories import ApiCaller, make_member
from resonanz.quality.models import Incident, Status
from resonanz.quality.tests.factories import make_analysed, make_officer

pytestmark = pytest.mark.django_db


def test_an_incident_goes_through_the_api(org: Organization) -> None:
    officer = make_officer(org)
    api = ApiCaller(officer, "/api/v1/quality")
    created = api.send(
        "post", "/incidents", {"title": "Beschwerde", "source": "social_complaint", "checklist": ["A"]}
    )
    assert created.status_code == 201, created.content
    incident_id = created.json()["id"]
    assert created.json()["number"] == 1 and created.json()["checklist"] == [{"text": "A", "done": False}]
    assert (
        api.send("post", f"/incidents/{incident_id}/containment", {"containment": "Geantwortet."}).status_code
        == 200
    )
    analysed = api.send(
        "post", f"/incidents/{incident_id}/analysis", {"whys": ["Unklar"], "cause_category": "method"}
    )
    assert analysed.json()["status"] == Status.ANALYSED
    due = (dt.date.today() + dt.timedelta(days=5)).isoformat()
    action = api.send(
        "post",
        f"/incidents/{incident_id}/corrective-actions",
        {"title": "Leitfaden", "owner_id": officer.pk, "due_date": due},
    )
    assert action.status_code == 201
    mine = api.get("/corrective-actions/mine").json()
    assert [item["title"] for item in mine["items"]] == ["Leitfaden"]
    done = api.send("post", f"/corrective-actions/{action.json()['id']}/done", {"note": "Geschrieben."})
    assert done.status_code == 200
    detail = api.get(f"/incidents/{incident_id}").json()
    assert detail["status"] == Status.CHECKING and len(detail["effectiveness_checks"]) == 1
    listed = api.get("/incidents", q="Beschwerde").json()
    assert [item["id"] for item in listed["items"]] == [incident_id]


def test_closing_without_a_check_is_a_problem_answer(org: Organization) -> None:
    officer = make_officer(org)
    incident = make_analysed(officer)
    api = ApiCaller(officer, "/api/v1/quality", language="en")
    refused = api.send("post", f"/incidents/{incident.pk}/effectiveness", {"effective": True})
    assert refused.status_code == 422
    assert refused["Content-Type"].startswith("application/problem+json")
    assert "effectiveness check" in refused.json()["detail"]
    assert Incident.objects.get(pk=incident.pk).status == Status.ANALYSED


def test_other_organizations_get_404_and_readers_cannot_write(
    org: Organization, other_org: Organization
) -> None:
    incident = make_analysed(make_officer(org))
    stranger = ApiCaller(make_officer(other_org), "/api/v1/quality")
    assert stranger.get(f"/incidents/{incident.pk}").status_code == 404
    auditor = ApiCaller(make_member(org, ["auditor"]), "/api/v1/quality")
    assert auditor.get(f"/incidents/{incident.pk}").status_code == 200
    assert auditor.send("post", f"/incidents/{incident.pk}/grade", {"grade": "major"}).status_code == 403
