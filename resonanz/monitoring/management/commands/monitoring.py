"""``resonanz monitoring tone FILE.jsonl`` and ``replay FILE.jsonl``: tone and alarms of any stream."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import datetime
from typing import IO, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from resonanz.monitoring.alarm import AlarmDetector, Mention
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


def parse_stream_mention(line: bytes) -> Mention:
    """A mention of a replayed stream; its language may be any (only German and English get a tone)."""
    mention = parse_object(line)
    mention_id = parse_id(mention)
    for key in ("network", "author", "lang", "text", "created_at"):
        if not isinstance(mention.get(key), str):
            raise BadLine(_("“%(key)s” must be a string") % {"key": key})
    if len(mention["text"]) > MAX_TEXT_LENGTH:
        raise BadLine(_("“text” is longer than %(limit)s characters") % {"limit": MAX_TEXT_LENGTH})
    try:
        created_at = datetime.fromisoformat(mention["created_at"])
    except ValueError:
        raise BadLine(_("“created_at” is not an ISO 8601 time")) from None
    if created_at.tzinfo is None:
        raise BadLine(_("“created_at” has no time zone offset"))
    return Mention(
        mention_id, mention["network"], mention["author"], created_at, mention["lang"], mention["text"]
    )


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

        replay = sub.add_parser(
            "replay",
            help="run a stream of mentions through the shitstorm alarm, as if they arrived live",
            description='Read one mention per line in time order, {"id", "network", "author", "created_at": '
            'ISO time with offset, "lang", "text"} (other keys ignored), and write one line per alarm, '
            '{"at", "reason": "spike"|"slow_burn", "voices", "expected", "negative_share"}. Bad lines, and '
            "mentions from before the hour already counted, are reported on standard error with their "
            "number and skipped; the exit status is then 1.",
        )
        replay.add_argument(
            "file", metavar="FILE.jsonl", help="the mentions, one JSON object per line ('-': stdin)"
        )
        replay.add_argument(
            "--timezone", default="Europe/Berlin", help="the organization's time zone (default Europe/Berlin)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        run: Callable[[IO[bytes]], None] = self.score_mentions
        if options["verb"] == "replay":
            try:
                timezone = ZoneInfo(options["timezone"])
            except (ZoneInfoNotFoundError, ValueError):
                raise CommandError(
                    _("unknown time zone: %(zone)s") % {"zone": options["timezone"]}, returncode=2
                ) from None

            def run(stream: IO[bytes]) -> None:
                self.replay_mentions(stream, timezone)

        name = options["file"]
        if name == "-":
            run(sys.stdin.buffer)
            return
        try:
            stream = open(name, "rb")  # noqa: SIM115 - closed below
        except OSError as error:
            raise CommandError(
                _("%(file)s: cannot read: %(error)s") % {"file": name, "error": error.strerror}, returncode=2
            ) from None
        with stream:
            run(stream)

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

    def replay_mentions(self, stream: IO[bytes], timezone: ZoneInfo) -> None:
        detector = AlarmDetector(timezone)
        bad = 0
        for number, line in read_lines(stream, MAX_LINE_BYTES):
            if line is not None and not line.strip():
                continue
            try:
                if line is None:
                    raise BadLine(_("longer than %(limit)s bytes") % {"limit": MAX_LINE_BYTES})
                mention = parse_stream_mention(line)
                if detector.hours and detector.hour_of(mention.created_at).start < detector.hours[-1].start:
                    raise BadLine(
                        _("earlier than the hour already counted (the stream must be in time order)")
                    )
            except BadLine as error:
                bad += 1
                self.stderr.write(_("line %(number)s: %(problem)s") % {"number": number, "problem": error})
                continue
            for alarm in detector.feed(mention):
                self.stdout.write(json.dumps(alarm.as_json()))
        if bad:
            message = ngettext(
                "%(count)s line was not a mention and was skipped",
                "%(count)s lines were not mentions and were skipped",
                bad,
            )
            raise CommandError(message % {"count": bad}, returncode=1)
