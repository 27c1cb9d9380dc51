"""``resonanz content check FILE.jsonl``: the personal-data check of any set of posts, offline."""

from __future__ import annotations

import json
import sys
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from resonanz.content.checks import MAX_TEXT_LENGTH, find_personal_data

# One line holds one post: its text (at most MAX_TEXT_LENGTH characters, up to 6 bytes each when
# JSON-escaped) and its allow-list. Longer lines are skipped unread, so memory stays bounded.
MAX_LINE_BYTES = 8 * MAX_TEXT_LENGTH
MAX_ALLOW_LIST = 10_000
READ_CHUNK = 1 << 16


class BadLine(ValueError):
    pass


def read_lines(stream: IO[bytes]) -> Any:
    """Yield (line number, bytes or None when the line is too long) without holding a long line."""
    number = 0
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while True:  # skip the rest of the line
                rest = stream.readline(READ_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
        else:
            yield number, line


def parse_post(line: bytes) -> tuple[Any, str, str, list[str]]:
    try:
        post = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        raise BadLine(_("not UTF-8")) from None
    except json.JSONDecodeError as error:
        raise BadLine(_("not JSON (%(error)s)") % {"error": error.msg}) from None
    if not isinstance(post, dict):
        raise BadLine(_("not a JSON object"))
    post_id = post.get("id")
    if isinstance(post_id, bool) or not isinstance(post_id, str | int):
        raise BadLine(_("“id” must be a string or a number"))
    lang, text, allow_list = post.get("lang"), post.get("text"), post.get("allow_list", [])
    if not isinstance(lang, str):
        raise BadLine(_("“lang” must be a string"))
    if not isinstance(text, str):
        raise BadLine(_("“text” must be a string"))
    if len(text) > MAX_TEXT_LENGTH:
        raise BadLine(_("“text” is longer than %(limit)s characters") % {"limit": MAX_TEXT_LENGTH})
    if not isinstance(allow_list, list) or not all(isinstance(name, str) for name in allow_list):
        raise BadLine(_("“allow_list” must be a list of names"))
    if len(allow_list) > MAX_ALLOW_LIST:
        raise BadLine(_("“allow_list” has more than %(limit)s names") % {"limit": MAX_ALLOW_LIST})
    return post_id, lang, text, allow_list


class Command(BaseCommand):
    help = "Check posts for personal data."
    # Offline and without the database: nothing for the system checks to look at.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        check = sub.add_parser(
            "check",
            help="check a file of posts for personal data",
            description='Read one post per line, {"id", "lang", "text", "allow_list": [names]} (other keys '
            'ignored), and write one line per post, {"id", "findings": [{"category", "start", "end"}]}, '
            "with start and end as Python string offsets. A line that is not such a post is reported on "
            "standard error with its number and skipped; the exit status is then 1.",
        )
        check.add_argument(
            "file", metavar="FILE.jsonl", help="the posts, one JSON object per line ('-': stdin)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["file"]
        if name == "-":
            self.check_posts(sys.stdin.buffer)
            return
        try:
            stream = open(name, "rb")  # noqa: SIM115 - closed below
        except OSError as error:
            raise CommandError(
                _("%(file)s: cannot read: %(error)s") % {"file": name, "error": error.strerror}, returncode=2
            ) from None
        with stream:
            self.check_posts(stream)

    def check_posts(self, stream: IO[bytes]) -> None:
        bad = 0
        for number, line in read_lines(stream):
            if line is not None and not line.strip():
                continue
            try:
                if line is None:
                    raise BadLine(_("longer than %(limit)s bytes") % {"limit": MAX_LINE_BYTES})
                post_id, lang, text, allow_list = parse_post(line)
            except BadLine as error:
                bad += 1
                self.stderr.write(_("line %(number)s: %(problem)s") % {"number": number, "problem": error})
                continue
            findings = [finding.as_json() for finding in find_personal_data(text, lang, allow_list)]
            self.stdout.write(json.dumps({"id": post_id, "findings": findings}, ensure_ascii=False))
        if bad:
            message = ngettext(
                "%(count)s line was not a post and was skipped",
                "%(count)s lines were not posts and were skipped",
                bad,
            )
            raise CommandError(message % {"count": bad}, returncode=1)
