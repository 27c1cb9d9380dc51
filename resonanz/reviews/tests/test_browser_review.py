"""The improvement loop in a real browser, in German: an overdue plan review raises an incident, the
quality officer records its containment, cause and a corrective action, and the management-review PDF
lists the incident and the action."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone
from pypdf import PdfReader

from resonanz.core.tests.factories import make_member, make_organization
from resonanz.core.tests.test_browser import (  # noqa: F401  (fixtures used by name)
    Watch,
    _chromium,
    _session_cookie,
    in_browser,
    in_language,
    live_db,
)
from resonanz.plan import actions as plan_actions
from resonanz.plan.models import CommunicationPlan
from resonanz.quality.actions.deviations import open_deviation_incidents
from resonanz.quality.models import DeviationKind, Incident, IncidentAction

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("live_db"),
]
ACTION = "Überprüfungstermine des Plans im Teamkalender eintragen"


def _de(message: str) -> str:
    return in_language("de", message)


def _squashed(text: str) -> str:
    """Text without spaces and hyphens: a cell of the PDF may break a long word at the line's end."""
    return re.sub(r"[\s\u00ad-]", "", text)


def test_an_overdue_plan_review_becomes_an_incident_that_the_management_review_pdf_lists(
    live_server: Any,
) -> None:
    organization = make_organization("Nordlicht Kommunikation GmbH")
    officer = make_member(organization, ["quality_officer"], full_name="Quirin Qualität")
    plan = plan_actions.create_plan(officer, identifier="KP-01", title="Kommunikationsplan Nordlicht")
    today = timezone.localdate(timezone=organization.zone)
    # The plan's review fell due three days ago (set directly: no action moves a due date into the past).
    CommunicationPlan.objects.filter(pk=plan.pk).update(next_review_due=today - dt.timedelta(days=3))

    assert open_deviation_incidents(organization) == 1  # the hourly job, one step
    incident = Incident.objects.get(organization=organization, deviation_kind=DeviationKind.REVIEW_OVERDUE)
    base = f"{live_server.url}/o/{organization.slug}"
    cookie = _session_cookie(live_server, officer)
    watch = Watch()

    def scenario(context: BrowserContext) -> dict[str, Any]:
        watch.attach(context)
        context.add_cookies([cookie])
        seen: dict[str, Any] = {}
        page = context.new_page()
        page.goto(f"{base}/quality/incidents/{incident.pk}/")
        seen["lang"] = page.get_attribute("html", "lang")
        page.get_by_label(_de("What was done at once to limit the effects?")).fill(
            "Überprüfung für diese Woche angesetzt."
        )
        with page.expect_navigation():
            page.get_by_role("button", name=_de("Record containment")).click()
        page.get_by_label(_de("Why did it happen?")).fill("Der Überprüfungstermin stand in keinem Kalender.")
        page.get_by_label(_de("Cause category")).select_option("method")
        with page.expect_navigation():
            page.get_by_role("button", name=_de("Record cause analysis")).click()
        action_form = page.locator(f"form[action$='/incidents/{incident.pk}/actions/']")
        action_form.get_by_label(_de("Corrective action")).fill(ACTION)
        action_form.get_by_label(_de("Responsible")).select_option(str(officer.pk))
        action_form.get_by_label(_de("Due")).fill((today + dt.timedelta(days=14)).isoformat())
        with page.expect_navigation():
            page.get_by_role("button", name=_de("Assign corrective action")).click()
        seen["incident_page"] = page.inner_text("main")

        page.goto(f"{base}/reviews/")
        page.get_by_label(_de("Title")).fill("Managementbewertung 2026")
        page.get_by_label(_de("Period from")).fill((today - dt.timedelta(days=30)).isoformat())
        page.get_by_label(_de("Period to")).fill(today.isoformat())
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        seen["review_page"] = page.inner_text("main")
        with page.expect_download() as download:
            page.get_by_role("link", name=_de("Download the PDF")).click()
        seen["pdf"] = download.value.path().read_bytes()
        return seen

    seen = in_browser(scenario)

    assert seen["lang"] == "de"
    assert IncidentAction.objects.filter(incident=incident, title=ACTION).exists()
    assert ACTION in seen["incident_page"]
    assert _de("c) Performance and effectiveness of the quality management system") in seen["review_page"]
    reader = PdfReader(io.BytesIO(seen["pdf"]))
    text = " ".join(" ".join((page.extract_text() or "") for page in reader.pages).split())
    assert f"#{incident.number}" in text
    assert _squashed(incident.title) in _squashed(text) and "KP01" in _squashed(text)
    assert _squashed(ACTION) in _squashed(text)
    assert "4. Korrekturmaßnahmen und ihre Wirksamkeit" in text
    watch.assert_clean()
