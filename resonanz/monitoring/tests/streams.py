"""Synthetic mention streams for the alarm tests and the replay benchmark.

Background: a workday and a quieter weekend/holiday profile in Berlin time, with about one negative
mention in eight, each text made unique by a nonsense word (consonants only, so no lexicon entry can
match it), as real mentions are mostly different texts.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from resonanz.monitoring.alarm import Mention
from resonanz.monitoring.holidays import is_german_holiday

BERLIN = ZoneInfo("Europe/Berlin")
WORKDAY = [1, 1, 0.5, 0.5, 0.5, 1, 2, 4, 6, 8, 8, 8, 7, 8, 8, 8, 7, 6, 5, 5, 4, 3, 2, 1]

NEGATIVE = [
    ("de", "Nie wieder Telvana, der Kundenservice ist eine Katastrophe"),
    ("de", "Telvana ist eine Frechheit, seit Tagen kein Netz"),
    ("de", "Total enttäuscht von Telvana, keiner hilft"),
    ("de", "Boykott Telvana, die Preiserhöhung ist Abzocke"),
    ("en", "Worst service ever from Telvana, never again"),
    ("en", "Telvana is a joke, still waiting for my refund"),
]
NEUTRAL = [
    ("de", "Telvana eröffnet einen neuen Shop am Markt"),
    ("de", "Wann kommt der Glasfaserausbau von Telvana in die Weststadt"),
    ("de", "Telvana stellt neue Tarife vor"),
    ("en", "Telvana is opening a store downtown"),
    ("en", "Does Telvana offer a student plan"),
]
POSITIVE = [
    ("de", "Danke Telvana, Techniker war pünktlich und freundlich"),
    ("de", "Super Service bei Telvana, alles schnell erledigt"),
    ("de", "Telvana hat mir toll geholfen, gerne wieder"),
    ("en", "Great support from Telvana, problem solved quickly"),
    ("en", "Love the new Telvana app, really easy to use"),
]
CONSONANTS = "bcdfghjklmnpqrstvwxz"


class Stream:
    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.serial = 0

    def word(self) -> str:
        return "".join(self.rng.choice(CONSONANTS) for _ in range(7))

    def mention(self, at: datetime, kind: str, author: str | None = None, text: str | None = None) -> Mention:
        self.serial += 1
        pool = {"negative": NEGATIVE, "neutral": NEUTRAL, "positive": POSITIVE}[kind]
        lang, body = self.rng.choice(pool)
        body = text if text is not None else f"{body} {self.word()} {self.word()}"
        return Mention(
            id=f"m{self.serial}",
            network="bsky",
            author=author or f"user{self.rng.randrange(10**9)}",
            created_at=at.astimezone(UTC),
            lang=lang,
            text=body,
        )

    def count(self, rate: float) -> int:
        return max(0, round(self.rng.gauss(rate, math.sqrt(rate)))) if rate > 0 else 0

    def hour(self, start: datetime, voices: int, negative_share: float, kind: str = "mixed") -> list[Mention]:
        """``voices`` mentions by distinct authors spread over the hour from ``start``."""
        mentions = []
        for _ in range(voices):
            at = start + timedelta(seconds=self.rng.randrange(3600))
            if self.rng.random() < negative_share:
                chosen = "negative"
            elif kind != "mixed":
                chosen = kind
            else:
                chosen = "positive" if self.rng.random() < 0.4 else "neutral"
            mentions.append(self.mention(at, chosen))
        return sorted(mentions, key=lambda mention: mention.created_at)

    def background(
        self, first: date, days: int, scale: float = 1.0, negative_share: float = 0.12
    ) -> Iterator[Mention]:
        """Ordinary days in Berlin time, from midnight of ``first``, day by day and hour by hour."""
        for offset in range(days):
            day = first + timedelta(days=offset)
            factor = 1.0 if day.weekday() < 5 and not is_german_holiday(day) else 0.5
            for local_hour, rate in enumerate(WORKDAY):
                start = datetime(day.year, day.month, day.day, local_hour, tzinfo=BERLIN)
                # 02:00 does not exist on the spring DST day; zoneinfo moves it on an hour, so skip.
                if start.astimezone(UTC).astimezone(BERLIN).hour != local_hour:
                    continue
                yield from self.hour(start, self.count(rate * factor * scale), negative_share)
