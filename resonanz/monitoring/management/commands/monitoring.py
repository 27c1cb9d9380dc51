"""``resonanz monitoring tone FILE.jsonl``: the offline tone of any set of mentions."""

from __future__ import annotations

import json
import sys
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from resonanz.monitoring.jsonl import BadLine, parse_id, parse_object, read_lines
from resonanz.monitoring.tone import LANGUAGES, tone

MAX_TEXT_LENGTH = 10_000
# A text of MAX_TEXT_LENGTH characters takes up to 6 bytes each when JSON-escaped, plus id and lang.
MAX_LINE_BYTES = 6 * MAX_TEXT_LENGTH + 1_000


def parse_mention(line: bytes) -> tuple[str | int, str, str]:
    mention = parse_object(line)
    mention_id = parse_id(mention)
    lang, text = mention.get("lang"), mention.get("text")
    if not isinstance(lang, str):
        raise BadLine(_("“lang” must be a string"))
    if lang not in LANGUAGES:
        raise BadLine(
            _("“lang” must be one of %(languages)s, not “%(lang)s”")
            % {"languages": ", ".join(LANGUAGES), "lang": lang[:20]}
        )
    if not isinstance(text, str):
        raise BadLine(_("“text” must be a string"))
    if len(text) > MAX_TEXT_LENGTH:
        raise BadLine(_("“text” is longer than %(limit)s characters") % {"limit": MAX_TEXT_LENGTH})
    return mention_id, lang, text


class Command(BaseCommand):
    help = "Score the tone of mentions, offline."
    # Offline and without the database: nothing for the system checks to look at.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        score = sub.add_parser(
            "tone",
            help="score the tone of a file of mentions, German or English",
            description='Read one mention per line, {"id", "lang": "de"|"en", "text"} (other keys ignored), '
            'and write one line per mention, {"id", "tone": "negative"|"neutral"|"positive"}. A line that '
            "is not such a mention (not JSON, a key missing, another language, a text over "
            f"{MAX_TEXT_LENGTH} characters) is reported on standard error with its number and skipped; "
            "the exit status is then 1.",
        )
        score.add_argument(
            "file", metavar="FILE.jsonl", help="the mentions, one JSON object per line ('-': stdin)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["file"]
        if name == "-":
            self.score_mentions(sys.stdin.buffer)
            return
        try:
            stream = open(name, "rb")  # noqa: SIM115 - closed below
        except OSError as error:
            raise CommandError(
                _("%(file)s: cannot read: %(error)s") % {"file": name, "error": error.strerror}, returncode=2
            ) from None
        with stream:
            self.score_mentions(stream)

    def score_mentions(self, stream: IO[bytes]) -> None:
        bad = 0
        for number, line in read_lines(stream, MAX_LINE_BYTES):
            if line is not None and not line.strip():
                continue
            try:
                if line is None:
                    raise BadLine(_("longer than %(limit)s bytes") % {"limit": MAX_LINE_BYTES})
                mention_id, lang, text = parse_mention(line)
            except BadLine as error:
                bad += 1
                self.stderr.write(_("line %(number)s: %(problem)s") % {"number": number, "problem": error})
                continue
            self.stdout.write(json.dumps({"id": mention_id, "tone": tone(text, lang)}, ensure_ascii=False))
        if bad:
            message = ngettext(
                "%(count)s line was not a mention and was skipped",
                "%(count)s lines were not mentions and were skipped",
                bad,
            )
            raise CommandError(message % {"count": bad}, returncode=1)
