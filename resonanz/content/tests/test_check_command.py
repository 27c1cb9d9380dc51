"""``resonanz content check FILE.jsonl``: one line out per post, bad lines reported and skipped."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from resonanz.content.checks import MAX_TEXT_LENGTH, find_personal_data
from resonanz.content.management.commands.content import MAX_LINE_BYTES
from resonanz.content.tests.pii_sets import DATA
from resonanz.core.tests.processes import clean_env, resonanz

POST: dict[str, object] = {
    "id": "p1",
    "lang": "de",
    "text": "Ruf Jana Koch an: 0171 2345678",
    "allow_list": [],
    "channel": "x",
}


def write(path: Path, *lines: str | Mapping[str, object]) -> Path:
    text = "\n".join(
        line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines
    )
    path.write_text(text + "\n", encoding="utf-8")
    return path


def check(path: Path | str) -> tuple[list[dict[str, object]], str, CommandError | None]:
    out, err = io.StringIO(), io.StringIO()
    error = None
    with translation.override("en"):
        try:
            call_command("content", "check", str(path), stdout=out, stderr=err)
        except CommandError as raised:
            error = raised
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue(), error


def test_it_writes_one_line_per_post_with_the_findings_as_string_offsets(tmp_path: Path) -> None:
    second = {"id": 7, "lang": "en", "text": "Thanks, Emma Thompson!", "allow_list": ["Emma Thompson"]}

    lines, errors, error = check(write(tmp_path / "posts.jsonl", POST, second))

    assert error is None and errors == ""
    assert lines == [
        {
            "id": "p1",
            "findings": [
                {"category": "person_name", "start": 4, "end": 13},
                {"category": "phone", "start": 18, "end": 30},
            ],
        },
        {"id": 7, "findings": []},
    ]


def test_bad_lines_are_reported_with_their_number_and_the_run_goes_on(tmp_path: Path) -> None:
    posts = write(
        tmp_path / "posts.jsonl",
        "{not json",
        POST,
        "[1, 2]",
        {"lang": "de", "text": "ohne id"},
        "",
        {"id": "p2", "lang": "de", "text": 42},
        {"id": "p3", "lang": "de", "text": "x", "allow_list": "Jana Koch"},
        {"id": "p4", "text": "ohne Sprache"},
        {"id": "p5", "lang": "de", "text": "a" * (MAX_TEXT_LENGTH + 1)},
        {**POST, "id": "last"},
    )

    lines, errors, error = check(posts)

    assert [line["id"] for line in lines] == ["p1", "last"]
    assert errors.splitlines() == [
        "line 1: not JSON (Expecting property name enclosed in double quotes)",
        "line 3: not a JSON object",
        "line 4: “id” must be a string or a number",
        "line 6: “text” must be a string",
        "line 7: “allow_list” must be a list of names",
        "line 8: “lang” must be a string",
        "line 9: “text” is longer than 100000 characters",
    ]
    assert error is not None and error.returncode == 1
    assert "7 lines were not posts and were skipped" in str(error)


def test_a_line_too_long_to_be_a_post_is_skipped_unread(tmp_path: Path) -> None:
    posts = tmp_path / "posts.jsonl"
    posts.write_bytes(
        b'{"id": "huge", "text": "' + b"a" * MAX_LINE_BYTES + b'"}\n' + json.dumps(POST).encode()
    )

    lines, errors, error = check(posts)

    assert [line["id"] for line in lines] == ["p1"]
    assert errors == f"line 1: longer than {MAX_LINE_BYTES} bytes\n"
    assert error is not None and error.returncode == 1


def test_a_line_that_is_not_utf8_is_a_bad_line(tmp_path: Path) -> None:
    posts = tmp_path / "posts.jsonl"
    posts.write_bytes(b'{"id": "x", "lang": "de", "text": "M\xfcller"}\n')

    lines, errors, _ = check(posts)

    assert (lines, errors) == ([], "line 1: not UTF-8\n")


def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    _, _, error = check(tmp_path / "missing.jsonl")

    assert error is not None and error.returncode == 2
    assert "cannot read" in str(error)


def test_it_reports_what_the_approval_checks_find() -> None:
    posts = [json.loads(line) for line in (DATA / "pii_posts.jsonl").read_text(encoding="utf-8").splitlines()]

    lines, errors, error = check(DATA / "pii_posts.jsonl")

    assert error is None and errors == ""
    assert lines == [
        {
            "id": post["id"],
            "findings": [
                f.as_json() for f in find_personal_data(post["text"], post["lang"], post["allow_list"])
            ],
        }
        for post in posts
    ]


def test_the_console_script_checks_a_file_and_standard_input(tmp_path: Path) -> None:
    env = clean_env(tmp_path / "data")
    posts = write(tmp_path / "posts.jsonl", POST, "oops")

    from_file = resonanz("content", "check", str(posts), env=env)
    from_stdin = resonanz("content", "check", "-", env=env, stdin=json.dumps(POST) + "\n")

    assert from_file.returncode == 1
    assert [json.loads(line)["id"] for line in from_file.stdout.splitlines()] == ["p1"]
    # The script speaks the installation's language (German unless configured otherwise).
    assert re.search(r"^(line 2: not JSON|Zeile 2: kein JSON)", from_file.stderr, re.MULTILINE), (
        from_file.stderr
    )
    assert from_stdin.returncode == 0, from_stdin.stderr
    assert json.loads(from_stdin.stdout)["findings"][1] == {"category": "phone", "start": 18, "end": 30}


@pytest.mark.parametrize("args", [["content"], ["content", "check"]])
def test_the_command_needs_its_verb_and_file(args: list[str]) -> None:
    with pytest.raises(CommandError):
        call_command(*args, stdout=io.StringIO(), stderr=io.StringIO())
