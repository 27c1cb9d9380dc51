"""``run_for_text``: the text checks of one text for one network (a shared post's personalised text)."""

from __future__ import annotations

from resonanz.content.actions.guidelines import add_guideline_rule
from resonanz.content.checks.runner import run_for_text
from resonanz.content.models import RuleKind, Severity
from resonanz.content.tests.factories import make_post
from resonanz.core.models import Organization
from resonanz.core.tests.factories import make_member


def test_one_text_is_checked_for_length_guideline_and_disclosure(org: Organization) -> None:
    manager = make_member(org, ["communications_manager"])
    add_guideline_rule(manager, RuleKind.FORBIDDEN_WORD, "garantiert", Severity.BLOCK)
    add_guideline_rule(manager, RuleKind.REQUIRED_DISCLOSURE, "#mitarbeiter", Severity.WARN)
    post = make_post(manager)  # not an employee's own post: the disclosure rule applies to shares anyway

    results = run_for_text(post, "bluesky", "Garantiert gut! " * 30)

    codes = sorted((result["check"], result["code"]) for result in results)
    assert ("length", "too_long") in codes
    assert ("guideline", "forbidden_word") in codes
    assert ("guideline", "missing_disclosure") in codes
    assert run_for_text(post, "bluesky", "Gut #mitarbeiter") == []
    assert run_for_text(post, "bluesky", "Gut", employee=False) == []
