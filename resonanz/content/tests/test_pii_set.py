"""The checker's precision and recall on the labelled German/English posts.

The tuning set (448 posts, 231 of them clean) was written before the checker was tuned; the held-out set
(100 posts, half clean) after, and the checker was not tuned on it. The figures are printed per category
(``pytest -s``); span-level: a finding is right when a gold span of its category overlaps it.
"""

from __future__ import annotations

import json

import pytest

from resonanz.content.checks import Category, find_personal_data
from resonanz.content.tests.pii_sets import SETS, build, evaluate, read_jsonl


def check(posts: list[dict[str, object]]) -> dict[str, list[dict[str, object]]]:
    return {
        str(post["id"]): [
            finding.as_json()
            for finding in find_personal_data(str(post["text"]), str(post["lang"]), post["allow_list"])  # type: ignore[arg-type]
        ]
        for post in posts
    }


@pytest.mark.parametrize("jsonl_name", list(SETS))
def test_the_json_lines_are_the_marked_up_sources(jsonl_name: str) -> None:
    built = [json.loads(json.dumps(post.as_json())) for post in build(jsonl_name)]

    assert read_jsonl(jsonl_name) == built, "run: python -m resonanz.content.tests.pii_sets"


def test_the_tuning_set_has_at_least_400_posts_half_of_them_clean_with_every_category() -> None:
    posts = read_jsonl("pii_posts.jsonl")
    clean = [post for post in posts if not post["gold"]]
    categories = {span["category"] for post in posts for span in post["gold"]}  # type: ignore[attr-defined]

    assert len(posts) >= 400
    assert len(clean) >= len(posts) / 2
    assert {post["lang"] for post in posts} == {"de", "en"}
    assert categories == {category.value for category in Category}


def test_the_checker_reaches_f1_090_and_flags_at_most_5_percent_of_clean_posts() -> None:
    posts = read_jsonl("pii_posts.jsonl")

    result = evaluate(posts, check(posts))

    print("\ntuning set\n" + result.table() + "\n" + "\n".join(result.mistakes))
    assert result.overall.f1 >= 0.90
    assert result.clean_flagged_rate <= 0.05


def test_the_held_out_set_is_reported_and_meets_the_same_bar() -> None:
    posts = read_jsonl("pii_posts_holdout.jsonl")

    result = evaluate(posts, check(posts))

    print("\nheld-out set\n" + result.table() + "\n" + "\n".join(result.mistakes))
    assert len(posts) >= 100
    assert result.overall.f1 >= 0.90
    assert result.clean_flagged_rate <= 0.05
