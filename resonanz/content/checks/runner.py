"""Every check of one post revision, as a list of results stored in its ``PostCheckRun``.

A result is ``{"check", "severity", "code", "params", "network"?, "start"?, "end"?}``: the code and its
parameters, never a sentence, so a result is shown in the reader's language (``describe``), and never
the matched text itself (it may be personal data), only offsets into the variant. Checks:

* ``length``: each variant within its network's limit (blocks);
* ``guideline``: the organization's active rules (their own severity); the disclosure rule only on
  employees' own posts, where each variant must contain it;
* ``personal_data``: per variant (warns), members' names allowed;
* ``images``: every image has alternative text (blocks);
* ``plan``: a post without a plan row is unplanned (a note);
* ``competence``: the plan row's senders hold what its channels require (warns).

The work is bounded: variants are at most ``MAX_VARIANT_CHARS`` long, there are at most five, and an
organization has at most ``MAX_RULES`` rules.

``run_for_text`` runs the text checks (length, guideline, personal data) on one text for one network: an
ambassador's personalised text of a shared post (``resonanz.advocacy``).
"""

from __future__ import annotations

from typing import Any

from resonanz.competence.gating import violations_for
from resonanz.content.checks import guideline
from resonanz.content.checks.findings import TextTooLong
from resonanz.content.checks.limits import Network, check_length
from resonanz.content.checks.personal_data import find_personal_data
from resonanz.content.models import MAX_RULES, GuidelineRule, Post, PostImage, PostVariant, RuleKind, Severity
from resonanz.core.models import Membership

Result = dict[str, Any]
MAX_ALLOWED_NAMES = 10_000
MAX_RESULTS_PER_CHECK = 200
BLOCK, WARN, INFO = Severity.BLOCK.value, Severity.WARN.value, Severity.INFO.value


def _result(check: str, severity: str, code: str, network: str | None = None, **params: Any) -> Result:
    result: Result = {"check": check, "severity": severity, "code": code, "params": params}
    if network is not None:
        result["network"] = network
    return result


def _spanned(result: Result, start: int, end: int) -> Result:
    result["start"], result["end"] = start, end
    return result


def length_results(variants: list[PostVariant]) -> list[Result]:
    results = []
    for variant in variants:
        if variant.network not in Network.values:
            continue  # a webhook has no length limit
        checked = check_length(variant.text, Network(variant.network))
        if checked.too_many_bytes:
            results.append(_result("length", BLOCK, "too_many_bytes", variant.network))
        elif not checked.fits:
            results.append(
                _result(
                    "length", BLOCK, "too_long", variant.network, length=checked.length, limit=checked.limit
                )
            )
    return results


def guideline_results(
    post: Post, variants: list[PostVariant], *, employee: bool | None = None
) -> list[Result]:
    """The guideline's findings; the disclosure rule applies when ``employee`` (default: the post is an
    employee's own post)."""
    employee = post.is_employee_post if employee is None else employee
    rules = GuidelineRule.objects.filter(organization_id=post.organization_id, is_active=True).order_by(
        "kind", "pattern"
    )[:MAX_RULES]
    results = []
    for rule in rules:
        params = {"pattern": rule.pattern, "note": rule.message}
        if rule.kind == RuleKind.REQUIRED_DISCLOSURE:
            if employee:
                results += [
                    _result("guideline", rule.severity, "missing_disclosure", variant.network, **params)
                    for variant in variants
                    if not guideline.find(rule.pattern, variant.text)
                ]
            continue
        for variant in variants:
            for start, end in guideline.find(rule.pattern, variant.text)[:MAX_RESULTS_PER_CHECK]:
                results.append(
                    _spanned(
                        _result("guideline", rule.severity, rule.kind, variant.network, **params), start, end
                    )
                )
    return results


def member_names(post: Post) -> list[str]:
    """The organization's members' names: naming a colleague is no finding."""
    return [
        name
        for name in Membership.objects.filter(organization_id=post.organization_id, is_active=True)
        .values_list("user__full_name", flat=True)
        .order_by("pk")[:MAX_ALLOWED_NAMES]
        if name
    ]


def personal_data_results(post: Post, variants: list[PostVariant]) -> list[Result]:
    allowed = member_names(post)
    results = []
    for variant in variants:
        try:
            findings = find_personal_data(variant.text, post.language, allowed)
        except TextTooLong:  # the model bounds variants far below; never a reason to fail a check run
            continue
        for finding in findings[:MAX_RESULTS_PER_CHECK]:
            result = _result("personal_data", WARN, finding.category.value, variant.network)
            results.append(_spanned(result, finding.start, finding.end))
    return results


def image_results(post: Post) -> list[Result]:
    return [
        _result("images", BLOCK, "missing_alt_text", number=position + 1)
        for position, alt_text in PostImage.objects.filter(post=post).values_list("position", "alt_text")
        if not alt_text.strip()
    ]


def plan_results(post: Post) -> list[Result]:
    row = post.plan_row
    if row is None:
        return [_result("plan", INFO, "unplanned")]
    return [
        _result(
            "competence",
            WARN,
            "expired_competence" if violation.expired_on else "missing_competence",
            sender=violation.sender_id,
            competence=violation.competence_name,
            channel=violation.channel_name,
            expired_on=violation.expired_on.isoformat() if violation.expired_on else None,
        )
        for violation in violations_for(row)[:MAX_RESULTS_PER_CHECK]
    ]


def run_all(post: Post) -> list[Result]:
    """Every result for the post as it is now (see the module's docstring)."""
    variants = list(PostVariant.objects.filter(post=post).order_by("network"))
    results: list[Result] = []
    if not variants:
        results.append(_result("post", BLOCK, "no_variant"))
    results += length_results(variants)
    results += guideline_results(post, variants)
    results += personal_data_results(post, variants)
    results += image_results(post)
    results += plan_results(post)
    return results


def run_for_text(post: Post, network: str, text: str, *, employee: bool = True) -> list[Result]:
    """The text checks (length, guideline, personal data) of one ``text`` for one ``network``, as if it
    were the post's variant there: an ambassador's personalised text of a shared post. ``employee``: the
    text goes out on an employee's own account, so the guideline's disclosure rule applies."""
    variants = [PostVariant(post=post, network=network, text=text)]
    return (
        length_results(variants)
        + guideline_results(post, variants, employee=employee)
        + personal_data_results(post, variants)
    )


def counts(results: list[Result]) -> tuple[int, int]:
    """How many results block approval and how many warn."""
    blocking = sum(1 for result in results if result["severity"] == BLOCK)
    return blocking, sum(1 for result in results if result["severity"] == WARN)
