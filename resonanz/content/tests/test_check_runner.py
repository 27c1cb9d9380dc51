"""The check runner: lengths, guideline rules, personal data, images, plan and competence; results
store codes and parameters and are put in words in the reader's language."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from resonanz.competence import actions as competence_actions
from resonanz.competence.tests.factories import LINKEDIN, competence_named, quality_officer
from resonanz.content.actions.checks import run_checks
from resonanz.content.actions.guidelines import add_guideline_rule
from resonanz.content.actions.posts import create_post
from resonanz.content.check_messages import describe, shown
from resonanz.content.checks import guideline
from resonanz.content.checks.runner import plan_results
from resonanz.content.models import Post, PostCheckRun, RuleKind, Severity
from resonanz.core.errors import ActionRefused
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.tests.factories import make_member
from resonanz.plan import actions as plan_actions
from resonanz.plan.models import Channel


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


@pytest.fixture
def writer(org: Organization) -> Membership:
    return make_member(org, ["communications_manager"], full_name="Anna Autorin")


def _post(writer: Membership, **variants: str) -> Post:
    return create_post(writer, "Beitrag", variants or {"bluesky": "Guten Morgen."})


def _codes(run: PostCheckRun) -> list[tuple[str, str, str | None]]:
    return [(r["check"], r["code"], r.get("network")) for r in run.results]


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        ("Bär", "Der BAER kommt", True),
        ("Baer", "der bär kommt", True),
        ("Straße", "Die STRASSE", True),
        ("billig", "billiger", False),
        ("billig", "unbillig", False),
        ("super günstig", "SUPER   GUENSTIG!", True),
        ("#mitarbeiter", "Text #Mitarbeiter.", True),
        ("a.b", "axb", False),
    ],
)
def test_rules_match_whole_words_whatever_the_case_and_umlaut_spelling(
    pattern: str, text: str, found: bool
) -> None:
    assert bool(guideline.find(pattern, text)) is found


def test_a_clean_post_is_only_unplanned(writer: Membership) -> None:
    run = run_checks(writer, _post(writer))

    assert _codes(run) == [("plan", "unplanned", None)]
    assert (run.blocking, run.warnings, run.revision) == (0, 0, 1)
    assert AuditRecord.objects.filter(action="content.checks_run").count() == 1


def test_a_text_over_the_network_limit_blocks(writer: Membership) -> None:
    run = run_checks(writer, _post(writer, x="a" * 281, linkedin="a" * 281, webhook="a" * 5000))

    assert ("length", "too_long", "x") in _codes(run)
    assert run.blocking == 1
    assert describe(run.results[0]) == "The text has 281 characters; X allows 280. Shorten it."


def test_guideline_rules_report_their_severity_and_offsets(writer: Membership) -> None:
    add_guideline_rule(writer, RuleKind.CONFIDENTIAL_NAME, "Projekt Möwe", Severity.BLOCK, "Noch geheim.")
    add_guideline_rule(writer, RuleKind.FORBIDDEN_WORD, "billig", Severity.WARN)
    text = "Bald kommt PROJEKT MOEWE – billig!"

    run = run_checks(writer, _post(writer, bluesky=text))

    blocking = next(r for r in run.results if r["code"] == "confidential_name")
    assert text[blocking["start"] : blocking["end"]] == "PROJEKT MOEWE"
    assert (run.blocking, run.warnings) == (1, 1)
    assert describe(blocking) == "“Projekt Möwe” is a confidential project name. Noch geheim."


def test_the_disclosure_is_required_on_employees_posts_only(writer: Membership) -> None:
    add_guideline_rule(writer, RuleKind.REQUIRED_DISCLOSURE, "#mitarbeiter", Severity.BLOCK)
    ordinary = _post(writer, bluesky="Tolles Team", mastodon="Tolles Team")
    own = create_post(
        writer,
        "Eigener",
        {"bluesky": "Tolles Team", "mastodon": "Tolles Team #Mitarbeiter"},
        is_employee_post=True,
    )

    assert run_checks(writer, ordinary).blocking == 0
    run = run_checks(writer, own)
    assert [r.get("network") for r in run.results if r["code"] == "missing_disclosure"] == ["bluesky"]


def test_personal_data_warns_but_colleagues_names_are_allowed(writer: Membership, org: Organization) -> None:
    make_member(org, ["ambassador"], full_name="Jana Schneider")
    run = run_checks(writer, _post(writer, bluesky="Danke an Jana Schneider! Fragen: max.mustermann@gmx.de"))

    found = [(r["code"], r["severity"]) for r in run.results if r["check"] == "personal_data"]
    assert found == [("email", "warn")]
    assert "e-mail address" in describe(next(r for r in run.results if r["check"] == "personal_data"))
    assert "max.mustermann" not in str(run.results)


def test_a_second_run_of_the_same_revision_replaces_the_first(writer: Membership) -> None:
    post = _post(writer)
    run_checks(writer, post)
    add_guideline_rule(writer, RuleKind.FORBIDDEN_WORD, "Morgen")

    run = run_checks(writer, post)

    assert PostCheckRun.objects.filter(post=post).count() == 1
    assert run.blocking == 1


def test_an_ambassador_checks_only_their_own_posts(writer: Membership, org: Organization) -> None:
    ambassador = make_member(org, ["ambassador"])

    with pytest.raises(ActionRefused):
        run_checks(ambassador, _post(writer))


def test_senders_without_the_required_competence_are_warned_of(writer: Membership, org: Organization) -> None:
    linkedin = Channel.objects.get(organization=org, name="LinkedIn")
    competence_actions.require_for_channel(
        quality_officer(org), channel=linkedin, competence=competence_named(org, LINKEDIN)
    )
    sender = make_member(org, ["ambassador"], full_name="Sven Sender")
    plan = plan_actions.create_plan(writer, identifier="KP-9", title="Plan")
    row = plan_actions.add_row(
        writer, plan.versions.get(), description="B", channels=[linkedin], senders=[sender]
    )
    post = _post(writer)
    post.plan_row = row

    results = plan_results(post)

    assert [(r["severity"], r["code"]) for r in results] == [("warn", "missing_competence")]
    assert "Sven Sender" not in str(results)
    assert shown(results)[0]["message"] == (
        f"Sven Sender, a sender of the plan row, lacks “{LINKEDIN}”, which LinkedIn requires."
    )


def test_results_are_told_in_german(writer: Membership) -> None:
    run = run_checks(writer, _post(writer))

    with translation.override("de"):
        assert "Ungeplant" in describe(run.results[0])
