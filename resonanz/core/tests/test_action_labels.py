"""Every action the audit trail records has a readable name (``core.action_labels``).

The codes are found in the source: every ``app.code`` string in a module that writes the trail (codes
passed on to a helper such as ``_record(member, version, "plan.version_approved")`` are found too), and
the codes a few actions build from parts, spelled out here. A new built code that this test does not
know fails it, so that whoever adds one also names its codes.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.utils import translation

from resonanz.core.action_labels import action_label, has_label
from resonanz.publishing.models import DeliveryStatus

ROOT = Path(__file__).resolve().parents[2]
CODE = re.compile(
    r"^(account|audit|api_token|invitation|member|organization|plan|people|content|publishing|competence"
    r"|events|buddy|links)\.[a-z_]*[a-z]$"
)
# Strings of that shape in trail-writing modules that are not trail codes.
NOT_CODES: frozenset[str] = frozenset()

_REFERENCE_MODELS = ("channel", "audience", "topic", "missreason")
_IMPORT_STEPS = ("import_uploaded", "import_mapped", "import_confirmed", "import_discarded")
# Built codes: the call site (module, the code expression as written) and the codes it can make.
BUILT: dict[tuple[str, str], tuple[str, ...]] = {
    ("publishing/delivery.py", "f'publishing.delivery_{status}'"): tuple(
        f"publishing.delivery_{status}"
        for status in (
            DeliveryStatus.SCHEDULED,
            DeliveryStatus.PUBLISHED,
            DeliveryStatus.FAILED,
            DeliveryStatus.NEEDS_ATTENTION,
        )
    ),
    ("competence/actions/catalogue.py", "f'competence.{verb}'"): (
        "competence.updated",
        "competence.activated",
        "competence.deactivated",
    ),
    ("plan/actions/reference.py", "f'plan.{label}_created'"): tuple(
        f"plan.{model}_created" for model in _REFERENCE_MODELS
    ),
    ("plan/actions/reference.py", "f'plan.{label}_{action}'"): tuple(
        f"plan.{model}_{verb}"
        for model in _REFERENCE_MODELS
        for verb in ("updated", "activated", "deactivated")
    ),
    ("core/imports/jobs.py", "f'{kind.name}.{step}'"): tuple(
        f"{kind}.{step}" for kind in ("plan", "people") for step in _IMPORT_STEPS
    ),
}


def _is_trail_write(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "record"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "audit"
    )


def _code_argument(call: ast.Call) -> ast.expr | None:
    if len(call.args) > 2:
        return call.args[2]
    return next((keyword.value for keyword in call.keywords if keyword.arg == "action"), None)


def _trail_codes() -> tuple[set[str], set[tuple[str, str]]]:
    codes: set[str] = set()
    built: set[tuple[str, str]] = set()
    for path in sorted(ROOT.rglob("*.py")):
        if {"tests", "migrations"} & set(path.parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        writes = [node for node in ast.walk(tree) if _is_trail_write(node)]
        if not writes:
            continue
        module = path.relative_to(ROOT).as_posix()
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.match(node.value):
                codes.add(node.value)
        for call in writes:
            argument = _code_argument(call)  # type: ignore[arg-type]
            if isinstance(argument, ast.JoinedStr):
                built.add((module, ast.unparse(argument)))
    return codes - NOT_CODES, built


def test_every_audited_action_has_a_readable_name() -> None:
    codes, built = _trail_codes()
    assert built <= set(BUILT), f"name the codes these call sites build: {sorted(built - set(BUILT))}"
    for site in built:
        codes.update(BUILT[site])

    assert "publishing.delivery_published" in codes  # the scan finds built codes, not only literal ones
    assert sorted(code for code in codes if not has_label(code)) == []


def test_the_worker_s_delivery_outcomes_read_as_words_in_german_too() -> None:
    with translation.override("en"):
        assert action_label("publishing.delivery_published") == "Post published"
    with translation.override("de"):
        assert action_label("publishing.delivery_published") == "Beitrag veröffentlicht"
        assert (
            action_label("publishing.delivery_needs_attention") == "Zustellung muss von Hand geprüft werden"
        )
