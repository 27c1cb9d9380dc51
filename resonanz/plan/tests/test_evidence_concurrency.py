"""Two people mark the same occurrence done at the same moment: PostgreSQL records it once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client

from resonanz.core import actions as core_actions
from resonanz.core.models import Organization
from resonanz.plan.actions import evidence as evidence_module
from resonanz.plan.models import Evidence
from resonanz.plan.tests.page_helpers import make_office


def test_two_simultaneous_clicks_record_an_occurrence_once(
    committing_db: None, org: Organization, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN two members who both see an occurrence as open
    WHEN both mark it done at once, each request on its own database connection
    THEN one record is kept and the other request gets the translated refusal."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time; the race needs PostgreSQL")
    office = make_office(org, rows=1)
    row = office.published.rows.get()
    tokens = [
        core_actions.create_api_token(member, name="Test", scope="write")[1]
        for member in (office.manager, office.buddy)
    ]
    # Both requests have checked that the occurrence is planned before either goes on, so both find
    # it open: only the database can keep the second one out.
    both_checked = threading.Barrier(2, timeout=20)
    check_planned = evidence_module._check_planned

    def check_then_wait(*args: Any) -> None:
        check_planned(*args)
        both_checked.wait()

    monkeypatch.setattr(evidence_module, "_check_planned", check_then_wait)
    answers: list[tuple[int, dict[str, Any]]] = []

    def mark_done(token: str) -> Callable[[], None]:
        def request() -> None:
            try:
                response = Client().post(
                    f"/api/v1/plan/rows/{row.pk}/evidence",
                    data={"planned_for": "2026-01-20T09:00:00+01:00", "note": "erledigt"},
                    content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {token}",
                    HTTP_ACCEPT_LANGUAGE="de",
                )
                answers.append((response.status_code, response.json()))
            finally:
                connections.close_all()

        return request

    threads = [threading.Thread(target=mark_done(token)) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(status for status, _body in answers) == [201, 422]
    (refusal,) = [body for status, body in answers if status == 422]
    assert "bereits als erledigt markiert" in str(refusal)
    assert Evidence.objects.filter(row_key=row.row_key).count() == 1
