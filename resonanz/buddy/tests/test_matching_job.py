"""Large matching runs go to the worker: queued, claimed once, done or failed, one open run at a time.

The request threshold is lowered to one opt-in here, so two colleagues make a "large" programme; the
worker's step is the Huey task as production runs it (immediate in tests), started by the commit.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone, translation

from resonanz.buddy import actions
from resonanz.buddy.actions import matching
from resonanz.buddy.matching import solve
from resonanz.buddy.models import CoachingPlan, MatchingRun, Pair, RunStatus
from resonanz.buddy.tasks import matching_task
from resonanz.buddy.tests.factories import make_buddy, make_opt_in, manager_of
from resonanz.core import actions as core_actions
from resonanz.core.errors import ActionRefused
from resonanz.core.models import AuditRecord, Membership, MembershipRole, Organization

Capture = Callable[..., Any]


@pytest.fixture(autouse=True)
def small_request_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(matching, "MAX_OPT_INS_IN_REQUEST", 1)


def _programme(org: Organization) -> Membership:
    manager = manager_of(org)
    make_buddy(manager, capacity=2)
    make_opt_in(org)
    make_opt_in(org)
    return manager


def _queue(manager: Membership, capture: Capture, **options: Any) -> tuple[MatchingRun, list[Any]]:
    """Start a run and keep the commit's callbacks (the job's message) to deliver them later."""
    with capture(execute=False) as callbacks:
        run = actions.run_matching(manager, **options)
    return run, callbacks


def _deliver(callbacks: list[Any]) -> None:
    for callback in callbacks:
        callback()


def test_a_large_run_is_queued_and_the_worker_stores_its_pairs(
    org: Organization, django_capture_on_commit_callbacks: Capture
) -> None:
    manager = _programme(org)

    run, callbacks = _queue(manager, django_capture_on_commit_callbacks)

    assert run.status == RunStatus.QUEUED and run.is_open
    assert not Pair.objects.filter(organization=org).exists()
    assert AuditRecord.objects.filter(organization=org, action="buddy.matching_queued").count() == 1
    assert len(callbacks) == 1

    _deliver(callbacks)

    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.finished_at is not None and run.error == ""
    assert run.pairs_count == 2 and run.optimal and run.coachees_count == 2
    assert Pair.objects.filter(run=run, ended_at__isnull=True).count() == 2
    assert CoachingPlan.objects.filter(pair__run=run).count() == 2
    record = AuditRecord.objects.get(organization=org, action="buddy.matching_run")
    assert record.actor_id == manager.user_id  # recorded for the manager who started it
    assert record.job_id == f"buddy-matching-{run.pk}"


def test_a_repeated_delivery_does_nothing(
    org: Organization, django_capture_on_commit_callbacks: Capture
) -> None:
    manager = _programme(org)
    run, callbacks = _queue(manager, django_capture_on_commit_callbacks)
    _deliver(callbacks)
    pairs = set(Pair.objects.filter(organization=org).values_list("pk", flat=True))
    records = AuditRecord.objects.filter(organization=org).count()

    matching_task(run.pk)  # the queue delivers the same message again
    matching.run_queued_matching(run.pk)

    assert set(Pair.objects.filter(organization=org).values_list("pk", flat=True)) == pairs
    assert AuditRecord.objects.filter(organization=org).count() == records
    run.refresh_from_db()
    assert run.status == RunStatus.DONE


def test_a_solver_error_fails_the_run_with_a_reason_in_the_starters_language(
    org: Organization, django_capture_on_commit_callbacks: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager = _programme(org)

    def refuses(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("bad instance")

    monkeypatch.setattr(matching, "solve", refuses)
    with translation.override("de"):
        run, callbacks = _queue(manager, django_capture_on_commit_callbacks)
    with translation.override("en"):  # the worker speaks another language; the run keeps the starter's
        _deliver(callbacks)

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.finished_at is not None
    assert run.error == "Die Zuordnung konnte für diese Daten nicht berechnet werden."
    assert not Pair.objects.filter(organization=org).exists()
    assert AuditRecord.objects.filter(organization=org, action="buddy.matching_failed").count() == 1
    # A failed run is closed: the next one may start.
    monkeypatch.setattr(matching, "solve", solve)
    again, more = _queue(manager, django_capture_on_commit_callbacks)
    _deliver(more)
    again.refresh_from_db()
    assert again.status == RunStatus.DONE


def test_an_unexpected_error_fails_the_run_instead_of_leaving_it_running(
    org: Organization, django_capture_on_commit_callbacks: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager = _programme(org)

    def breaks(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("out of memory")

    monkeypatch.setattr(matching, "solve", breaks)
    with translation.override("en"):
        run, callbacks = _queue(manager, django_capture_on_commit_callbacks)
    _deliver(callbacks)

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.error == "The matching stopped unexpectedly; nothing was stored. Please start it again."


def test_a_change_while_the_solver_runs_stores_nothing(
    org: Organization, django_capture_on_commit_callbacks: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager = _programme(org)
    late = make_opt_in(org)  # opts out while the worker solves

    def solve_while_someone_opts_out(*args: Any, **kwargs: Any) -> Any:
        result = solve(*args, **kwargs)
        actions.opt_out(late.membership)
        return result

    monkeypatch.setattr(matching, "solve", solve_while_someone_opts_out)
    with translation.override("en"):
        run, callbacks = _queue(manager, django_capture_on_commit_callbacks)
    _deliver(callbacks)

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "changed while the matching ran" in run.error
    assert not Pair.objects.filter(organization=org).exists()


def test_the_worker_checks_the_starters_rights_again(
    org: Organization, django_capture_on_commit_callbacks: Capture
) -> None:
    manager = _programme(org)
    with translation.override("en"):
        run, callbacks = _queue(manager, django_capture_on_commit_callbacks)
    MembershipRole.objects.filter(membership=manager).delete()  # lost the role before the worker started

    _deliver(callbacks)

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "may no longer run the matching" in run.error
    assert not Pair.objects.filter(organization=org).exists()


def test_while_a_run_is_open_a_second_one_is_refused(
    org: Organization, django_capture_on_commit_callbacks: Capture
) -> None:
    manager = _programme(org)
    _run, _callbacks = _queue(manager, django_capture_on_commit_callbacks)

    with translation.override("de"), pytest.raises(ActionRefused) as refused:
        actions.run_matching(manager)
    with translation.override("de"):
        assert refused.value.messages == [
            "Eine Zuordnung wartet oder läuft gerade. Bitte warten Sie, bis sie fertig ist."
        ]
    assert MatchingRun.objects.filter(organization=org).count() == 1


def test_the_database_holds_at_most_one_open_run_per_organization(
    org: Organization, other_org: Organization
) -> None:
    MatchingRun.objects.create(organization=org, status=RunStatus.RUNNING)
    MatchingRun.objects.create(organization=other_org, status=RunStatus.QUEUED)  # another organization
    MatchingRun.objects.create(organization=org, status=RunStatus.DONE)

    with pytest.raises(IntegrityError), transaction.atomic():
        MatchingRun.objects.create(organization=org, status=RunStatus.QUEUED)


def test_the_sweep_fails_a_run_whose_worker_died_and_a_late_delivery_does_nothing(
    org: Organization, django_capture_on_commit_callbacks: Capture
) -> None:
    manager = _programme(org)
    run, _lost = _queue(manager, django_capture_on_commit_callbacks)
    MatchingRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)  # claimed, then the worker died

    assert matching.fail_stuck_runs(timezone.now() + dt.timedelta(minutes=5)) == 0  # still young
    assert matching.fail_stuck_runs(timezone.now() + matching.STUCK_AFTER + dt.timedelta(minutes=1)) == 1

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.error
    matching.run_queued_matching(run.pk)
    assert not Pair.objects.filter(organization=org).exists()
    assert actions.run_matching(manager).status == RunStatus.QUEUED  # not blocked any more


def test_a_run_over_the_cap_is_refused(org: Organization, monkeypatch: pytest.MonkeyPatch) -> None:
    manager = _programme(org)
    monkeypatch.setattr(matching, "MAX_OPT_INS_PER_RUN", 1)

    with pytest.raises(ActionRefused):
        actions.run_matching(manager)
    assert not MatchingRun.objects.filter(organization=org).exists()


# ---------------------------------------------------------------- the API and the page


def _bearer(member: Membership) -> dict[str, Any]:
    _token, plain = core_actions.create_api_token(member, name="Test", scope="write")
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}", "HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_api_answers_202_with_the_runs_url_and_the_run_shows_its_state(
    org: Organization, django_capture_on_commit_callbacks: Capture
) -> None:
    manager = _programme(org)
    headers = _bearer(manager)
    client = Client()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        answer = client.post(
            "/api/v1/buddy/runs",
            data=json.dumps({"note": "Groß"}),
            content_type="application/json",
            **headers,
        )

    assert answer.status_code == 202, answer.content
    body = answer.json()
    run = MatchingRun.objects.get(organization=org)
    assert body["id"] == run.pk and body["status"] == "queued"
    assert answer["Location"] == body["url"] == f"/api/v1/buddy/runs/{run.pk}"
    assert int(answer["Retry-After"]) > 0
    waiting = client.get(body["url"], **headers).json()
    assert waiting["status"] == "queued" and waiting["pairs"] == []

    second = client.post("/api/v1/buddy/runs", data="{}", content_type="application/json", **headers)
    assert second.status_code == 422 and "queued or running" in second.json()["detail"]

    _deliver(callbacks)
    done = client.get(body["url"], **headers).json()
    assert done["status"] == "done" and len(done["pairs"]) == 2 and done["error"] == ""


def test_the_page_shows_the_running_run_and_polls_until_it_is_done(
    org: Organization, django_capture_on_commit_callbacks: Capture
) -> None:
    manager = _programme(org)
    client = Client()
    client.force_login(manager.user)
    base = f"/o/{org.slug}/buddy/runs/"

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        started = client.post(base, {"note": ""}, HTTP_ACCEPT_LANGUAGE="de")
    run = MatchingRun.objects.get(organization=org)
    assert started.status_code == 302 and started["Location"] == f"{base}{run.pk}/"

    page = client.get(started["Location"]).content.decode()
    state_url = f"{base}{run.pk}/state/"
    assert f'hx-get="{state_url}"' in page and 'hx-trigger="every 2s"' in page
    assert "Die Zuordnung wartet" in page  # in the manager's German
    polled = client.get(state_url, HTTP_HX_REQUEST="true")
    assert polled.status_code == 200 and 'id="run-wait"' in polled.content.decode()
    assert client.get(state_url)["Location"] == f"{base}{run.pk}/"  # without htmx: the page

    _deliver(callbacks)

    finished = client.get(state_url, HTTP_HX_REQUEST="true")
    assert finished.status_code == 204 and finished["HX-Refresh"] == "true"
    result = client.get(f"{base}{run.pk}/").content.decode()
    assert "run-wait" not in result and "nachweislich optimal" in result


def test_another_organizations_run_state_is_a_404(
    org: Organization, other_org: Organization, django_capture_on_commit_callbacks: Capture
) -> None:
    manager = _programme(org)
    run, _callbacks = _queue(manager, django_capture_on_commit_callbacks)
    outsider = manager_of(other_org)
    client = Client()
    client.force_login(outsider.user)

    assert client.get(f"/o/{org.slug}/buddy/runs/{run.pk}/state/", HTTP_HX_REQUEST="true").status_code == 404
    assert (
        client.get(f"/o/{other_org.slug}/buddy/runs/{run.pk}/state/", HTTP_HX_REQUEST="true").status_code
        == 404
    )
