"""Schema-driven fuzzing of the whole API with schemathesis, in-process against the WSGI application.

Every operation of /api/v1/openapi.json gets schemathesis' coverage cases (boundaries, wrong types,
missing fields, other methods and content types) plus a few random requests, valid and invalid, sent
with a write token of an administrator who holds every role. Each response must not be a 5xx and must
match the schema: documented status code, content type, headers and body; invalid input must be refused.

``RESONANZ_FUZZ_EXAMPLES`` raises the number of random requests per operation for a deeper run.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, models, transaction
from hypothesis import HealthCheck, settings
from schemathesis.generation.meta import CoverageScenario, TestPhase

from resonanz.core import actions
from resonanz.core.models import AuditRecord
from resonanz.core.tests.factories import make_member, make_organization
from resonanz.core.tests.outsider_seed import SeedContext, build_organization
from resonanz.wsgi import application

EXAMPLES_PER_OPERATION = int(os.environ.get("RESONANZ_FUZZ_EXAMPLES", "5"))
# The coverage phase sends every field as each wrong JSON type, and valid bodies in every combination
# of values; pydantic treats all wrong types alike and most combinations take the same path, so a
# few of each keep the suite fast without losing a code path.
COVERAGE_CAPS = {
    CoverageScenario.INCORRECT_TYPE: ("field", 1),
    CoverageScenario.VALID_OBJECT: ("operation", 6),
    CoverageScenario.OBJECT_REQUIRED_AND_OPTIONAL: ("operation", 4),
}

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# Unknown query parameters are ignored, as HTTP APIs commonly do (unknown body members are refused,
# which test_api.py checks). The token is sent by the test, not generated (ignored_auth checks 401s).
schema.config.generation.update(
    max_examples=EXAMPLES_PER_OPERATION,
    deterministic=True,
    allow_extra_parameters=False,
    with_security_parameters=False,
)
schema.config.phases.coverage.unexpected_methods = {"put", "delete"}
# Valid data may still be refused for business reasons (an e-mail already a member, an unknown time
# zone, the last administrator): that is a 422 by design. Valid data must never be a 400, 405 or 415.
schema.config.checks.positive_data_acceptance.expected_statuses = [
    *schema.config.checks.positive_data_acceptance.expected_statuses,
    "422",
]
_sent: Counter[tuple[str, ...]] = Counter()


@dataclass
class World:
    seeded: SeedContext
    token: str
    # Ids per model name ("membership", "communicationplan", ...): the caller's own objects first,
    # then another organization's, which must stay out of reach (404).
    ids: dict[str, list[int]]


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """One organization with one of everything (the outsider walk's seeders), built once per module.

    Each operation's test runs in a savepoint inside this module's transaction, so what one operation
    changes is gone for the next, and nothing is left in the database afterwards.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        seeded = build_organization("Fuzz GmbH", "fuzz-gmbh", "FZ")
        # Generated PATCHes may switch on mandatory two-factor authentication; the caller has it.
        actions.enable_two_factor(seeded.admin.user, "not-a-real-secret", 1)
        _token, plain = actions.create_api_token(seeded.admin, name="fuzz", scope="write")
        other = make_organization("Other AG")
        other_member = make_member(other, ["admin"])
        ids: dict[str, list[int]] = defaultdict(list)
        for obj in [seeded.admin, *seeded.members.values(), *seeded.made.values(), other_member]:
            if isinstance(obj, models.Model):
                ids[obj._meta.model_name or ""].append(obj.pk)
        ids["auditrecord"] = [
            *AuditRecord.objects.filter(organization=seeded.organization).values_list("pk", flat=True)[:3],
            *AuditRecord.objects.filter(organization=other).values_list("pk", flat=True)[:1],
        ]
        yield World(seeded, plain, dict(ids))
        transaction.set_rollback(True)


@pytest.fixture
def connections_kept_open(db: None) -> Iterator[None]:
    # The WSGI handler closes "old" database connections before and after each request; inside the
    # test's transaction that would close it. Django's test client switches this off the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _worth_sending(case: Any) -> bool:
    phase = case.meta.phase if case.meta is not None else None
    if phase is None or phase.name != TestPhase.COVERAGE or phase.data.scenario not in COVERAGE_CAPS:
        return True
    per, cap = COVERAGE_CAPS[phase.data.scenario]
    key = (case.method, case.path, phase.data.scenario, phase.data.description if per == "field" else "")
    _sent[key] += 1
    return _sent[key] <= cap


def _point_at_real_objects(case: Any, world: World) -> None:
    """Most generated ids become real ones, so the handlers behind the 404 run too.

    Path parameters are named ``<model_name>_id`` (``communication_plan_id`` for CommunicationPlan).
    """
    for name, value in (case.path_parameters or {}).items():
        text = str(value)
        choices = world.ids.get(name.removesuffix("_id").replace("_", ""))
        if choices and text.isdigit() and len(text) < 10 and int(text) % 4 != 3:
            case.path_parameters[name] = choices[int(text) % len(choices)]


@schema.parametrize()
@settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_conforms_to_its_schema(case: Any, world: World, connections_kept_open: None) -> None:
    if not _worth_sending(case):
        return
    _point_at_real_objects(case, world)
    case.call_and_validate(headers={"Authorization": f"Bearer {world.token}"})
