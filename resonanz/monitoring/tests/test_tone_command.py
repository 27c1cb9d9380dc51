"""``resonanz monitoring tone FILE.jsonl``: one line out per mention, bad lines reported and skipped."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from resonanz.core.tests.processes import clean_env, resonanz
from resonanz.monitoring.management.commands.monitoring import MAX_LINE_BYTES, MAX_TEXT_LENGTH
from resonanz.monitoring.tone import tone

MENTION: dict[str, object] = {"id": "m1", "lang": "de", "text": "Danke für nichts, @Telvana", "network": "x"}


def write(path: Path, *lines: str | Mapping[str, object]) -> Path:
    text = "\n".join(
        line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines
    )
    path.write_text(text + "\n", encoding="utf-8")
    return path


def score(path: Path | str) -> tuple[list[dict[str, object]], str, CommandError | None]:
    out, err = io.StringIO(), io.StringIO()
    error = None
    with translation.override("en"):
        try:
            call_command("monitoring", "tone", str(path), stdout=out, stderr=err)
        except CommandError as raised:
            error = raised
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue(), error


def test_it_writes_the_tone_of_each_mention_in_order(tmp_path: Path) -> None:
    mentions = write(
        tmp_path / "mentions.jsonl",
        MENTION,
        {"id": 2, "lang": "en", "text": "Lovely crew, landed early 😊"},
        {"id": "m3", "lang": "de", "text": "Die Filiale öffnet am Montag."},
    )

    lines, errors, error = score(mentions)

    assert error is None and errors == ""
    assert lines == [
        {"id": "m1", "tone": "negative"},
        {"id": 2, "tone": "positive"},
        {"id": "m3", "tone": "neutral"},
    ]


def test_bad_lines_are_reported_with_their_number_and_the_run_goes_on(tmp_path: Path) -> None:
    mentions = write(
        tmp_path / "mentions.jsonl",
        "{not json",
        MENTION,
        "[1, 2]",
        {"lang": "de", "text": "ohne id"},
        "",
        {"id": "m2", "lang": "de"},
        {"id": "m3", "text": "ohne Sprache"},
        {"id": "m4", "lang": "fr", "text": "Service nul"},
        {"id": "m5", "lang": "de", "text": "a" * (MAX_TEXT_LENGTH + 1)},
        {**MENTION, "id": "last"},
    )

    lines, errors, error = score(mentions)

    assert [line["id"] for line in lines] == ["m1", "last"]
    assert errors.splitlines() == [
        "line 1: not JSON (Expecting property name enclosed in double quotes)",
        "line 3: not a JSON object",
        "line 4: “id” must be a string or a number",
        "line 6: “text” must be a string",
        "line 7: “lang” must be a string",
        "line 8: “lang” must be one of de, en, not “fr”",
        "line 9: “text” is longer than 10000 characters",
    ]
    assert error is not None and error.returncode == 1
    assert "7 lines were not mentions and were skipped" in str(error)


def test_a_line_too_long_to_be_a_mention_is_skipped_unread(tmp_path: Path) -> None:
    mentions = tmp_path / "mentions.jsonl"
    mentions.write_bytes(
        b'{"id": "huge", "lang": "en", "text": "'
        + b"a" * MAX_LINE_BYTES
        + b'"}\n'
        + json.dumps(MENTION).encode()
    )

    lines, errors, error = score(mentions)

    assert lines == [{"id": "m1", "tone": "negative"}]
    assert errors == f"line 1: longer than {MAX_LINE_BYTES} bytes\n"
    assert error is not None and error.returncode == 1


def test_a_line_that_is_not_utf8_is_a_bad_line(tmp_path: Path) -> None:
    mentions = tmp_path / "mentions.jsonl"
    mentions.write_bytes(b'{"id": "x", "lang": "de", "text": "M\xfcll"}\n')

    lines, errors, _ = score(mentions)

    assert (lines, errors) == ([], "line 1: not UTF-8\n")


def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    _, _, error = score(tmp_path / "missing.jsonl")

    assert error is not None and error.returncode == 2
    assert "cannot read" in str(error)


def test_it_scores_the_whole_sample_as_the_scorer_does() -> None:
    sample = Path(__file__).parent / "data" / "tone_heldout.jsonl"
    rows = [json.loads(line) for line in sample.read_text(encoding="utf-8").splitlines()]

    lines, errors, error = score(sample)

    assert error is None and errors == ""
    assert lines == [{"id": row["id"], "tone": tone(row["text"], row["lang"])} for row in rows]


def test_the_console_script_scores_a_file_and_standard_input(tmp_path: Path) -> None:
    env = clean_env(tmp_path / "data")
    mentions = write(tmp_path / "mentions.jsonl", MENTION, "oops")

    from_file = resonanz("monitoring", "tone", str(mentions), env=env)
    from_stdin = resonanz("monitoring", "tone", "-", env=env, stdin=json.dumps(MENTION) + "\n")

    assert from_file.returncode == 1
    assert [json.loads(line) for line in from_file.stdout.splitlines()] == [{"id": "m1", "tone": "negative"}]
    # The script speaks the installation's language (German unless configured otherwise); no traceback.
    assert re.search(r"^(line 2: not JSON|Zeile 2: kein JSON)", from_file.stderr, re.MULTILINE), (
        from_file.stderr
    )
    assert "Traceback" not in from_file.stderr
    assert from_stdin.returncode == 0, from_stdin.stderr
    assert json.loads(from_stdin.stdout) == {"id": "m1", "tone": "negative"}


@pytest.mark.parametrize("args", [["monitoring"], ["monitoring", "tone"]])
def test_the_command_needs_its_verb_and_file(args: list[str]) -> None:
    with pytest.raises(CommandError):
        call_command(*args, stdout=io.StringIO(), stderr=io.StringIO())
