"""The quality pages: the list with its search, the incident page with the next step's form, one's own
actions; odd input gets a form error, never a 500; other organizations see nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from resonanz.core.models import Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.quality import actions
from resonanz.quality.models import Incident, IncidentAction, Status
from resonanz.quality.tests.factories import add_action, make_analysed, make_officer

pytestmark = pytest.mark.django_db
Clients = Callable[[Membership], Client]


def _url(org: Organization, path: str = "") -> str:
    return f"/o/{org.slug}/quality/{path}"


def test_an_incident_is_opened_contained_analysed_and_given_an_action_from_its_page(
    org: Organization, client_for: Clients
) -> None:
    officer = make_officer(org)
    owner = make_member(org, ["ambassador"])
    client = client_for(officer)
    response = client.post(
        _url(org, "incidents/new/"),
        {
            "title": "Falsche Zahl im Post",
            "source": "social_complaint",
            "grade": "major",
            "checklist": "A\nB",
        },
    )
    incident = Incident.objects.get(organization=org)
    assert response.status_code == 302 and response["Location"].endswith(f"/incidents/{incident.pk}/")
    base = _url(org, f"incidents/{incident.pk}/")
    assert client.post(base + "contain/", {"containment": "Post korrigiert."}).status_code == 302
    analysed = client.post(base + "analyse/", {"why_1": "Zahl nicht geprüft", "cause_category": "method"})
    assert analysed.status_code == 302
    due = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    added = client.post(
        base + "actions/", {"title": "Vier-Augen-Prinzip", "owner": owner.pk, "due_date": due}
    )
    assert added.status_code == 302
    incident.refresh_from_db()
    assert incident.status == Status.ACTIONS and incident.grade == "major"
    page = client.get(base).content.decode()
    assert "Vier-Augen-Prinzip" in page and "Zahl nicht geprüft" in page

    # The owner marks it done from the quality start page, which lists their open actions.
    mine = client_for(owner).get(_url(org)).content.decode()
    assert "Vier-Augen-Prinzip" in mine
    action = IncidentAction.objects.get(incident=incident)
    done = client_for(owner).post(_url(org, f"actions/{action.pk}/done/"), {"note": "Eingeführt."})
    assert done.status_code == 302
    assert Incident.objects.get(pk=incident.pk).status == Status.CHECKING


def test_a_step_out_of_order_shows_the_refusal_and_changes_nothing(
    org: Organization, client_for: Clients
) -> None:
    officer = make_officer(org)
    incident = actions.open_incident(officer, title="Vorfall")
    response = client_for(officer).post(
        _url(org, f"incidents/{incident.pk}/analyse/"), {"why_1": "Warum", "cause_category": "people"}
    )
    assert response.status_code == 400
    assert "Sofortmaßnahme" in response.content.decode()
    assert Incident.objects.get(pk=incident.pk).status == Status.OPEN


def test_odd_input_is_a_form_error(org: Organization, client_for: Clients) -> None:
    officer = make_officer(org)
    incident = make_analysed(officer)
    client = client_for(officer)
    base = _url(org, f"incidents/{incident.pk}/")
    assert (
        client.post(base + "actions/", {"title": "x", "owner": "abc", "due_date": "9999-99-99"}).status_code
        == 400
    )
    assert client.post(base + "grade/", {"grade": "catastrophic"}).status_code == 400
    assert client.post(base + "checklist/", {"index": "zwölf"}).status_code == 400
    assert client.post(_url(org, "incidents/new/"), {"title": "", "source": "x"}).status_code == 400
    assert not IncidentAction.objects.exists()


def test_the_search_finds_words_and_the_page_lists_similar_cases(
    org: Organization, client_for: Clients
) -> None:
    officer = make_officer(org)
    earlier = make_analysed(officer, title="Freigabe übersprungen beim Newsletter")
    make_analysed(officer, title="Tippfehler im Impressum")
    current = actions.open_incident(officer, title="Newsletter ohne Freigabe verschickt")
    client = client_for(officer)
    listed = client.get(_url(org, "incidents/"), {"q": "newsletter"}).content.decode()
    assert "Freigabe übersprungen" in listed and "Tippfehler" not in listed
    page = client.get(_url(org, f"incidents/{current.pk}/")).content.decode()
    similar = page[page.index('id="similar-title"') :]
    assert earlier.title in similar and "Tippfehler" not in similar


def test_the_auditor_reads_but_gets_no_forms(org: Organization, client_for: Clients) -> None:
    officer = make_officer(org)
    incident = make_analysed(officer)
    auditor = make_member(org, ["auditor"])
    page = client_for(auditor).get(_url(org, f"incidents/{incident.pk}/"))
    assert (
        page.status_code == 200
        and "<form" not in page.content.decode().split("<main", 1)[-1].split("</main>")[0]
    )
    assert (
        client_for(auditor).post(_url(org, f"incidents/{incident.pk}/grade/"), {"grade": "major"}).status_code
        == 403
    )


def test_the_works_council_and_an_ambassador_see_no_incidents(org: Organization, client_for: Clients) -> None:
    officer = make_officer(org)
    incident = make_analysed(officer)
    for roles in (["works_council"], ["ambassador"]):
        client = client_for(make_member(org, roles))
        assert client.get(_url(org, "incidents/")).status_code == 403
        assert client.get(_url(org, f"incidents/{incident.pk}/")).status_code == 403


def test_other_organizations_get_404(org: Organization, other_org: Organization, client_for: Clients) -> None:
    officer = make_officer(org)
    incident = make_analysed(officer)
    action = add_action(officer, incident)
    stranger = client_for(make_officer(other_org))
    assert stranger.get(f"/o/{other_org.slug}/quality/incidents/{incident.pk}/").status_code == 404
    assert (
        stranger.post(f"/o/{other_org.slug}/quality/actions/{action.pk}/done/", {"note": "x"}).status_code
        == 404
    )
    assert stranger.get(_url(org, "incidents/")).status_code == 404


def test_a_colleague_cannot_complete_someone_elses_action(org: Organization, client_for: Clients) -> None:
    officer = make_officer(org)
    action = add_action(officer, make_analysed(officer), make_member(org, ["ambassador"]))
    colleague = client_for(make_member(org, ["ambassador"]))
    assert colleague.post(_url(org, f"actions/{action.pk}/done/"), {"note": "x"}).status_code == 404
    assert IncidentAction.objects.get(pk=action.pk).status == "open"


def test_the_quality_start_page_leads_to_each_register_its_reader_may_read(
    org: Organization, client_for: Clients
) -> None:
    officer = client_for(make_officer(org)).get(_url(org), headers={"Accept-Language": "de"})
    page = officer.content.decode()
    for link in ("quality/incidents/", "objectives/", "risks/", "standards/"):
        assert f'href="/o/{org.slug}/{link}"' in page
    assert "Qualitätsziele" in page and "Risiken und Chancen" in page

    # The works council reads objectives and the risk matrix (counts), not incidents, risks or clauses.
    council = client_for(make_member(org, ["works_council"])).get(_url(org)).content.decode()
    assert f'href="/o/{org.slug}/objectives/"' in council
    assert f'href="/o/{org.slug}/risks/matrix/"' in council
    for hidden in ("quality/incidents/", "risks/", "standards/"):
        assert f'href="/o/{org.slug}/{hidden}"' not in council


def test_a_search_for_a_superscript_digit_finds_nothing_instead_of_failing(
    org: Organization, client_for: Clients
) -> None:
    """ "²" is a digit to ``str.isdigit`` but no number to ``int``: it is searched as a word."""
    response = client_for(make_officer(org)).get(_url(org, "incidents/"), {"q": "#² ³"})
    assert response.status_code == 200
