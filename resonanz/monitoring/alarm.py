"""The shitstorm early warning: mentions in time order in, alarms out. Pure Python, no database.

Per hour of the organization's local time it counts *voices*: distinct authors, after collapsing
near-duplicate texts (a bot burst of one text is one voice, one angry author posting forty times is one
voice), and how many of those voices are negative. Two alarms:

- **spike**: the voices of the running hour leave the baseline — median and MAD of the same hour of day
  (±1 hour) on days of the same kind (workday, or weekend and German public holiday) over the previous
  four weeks; below a median of ``MIN_VOLUME`` a Poisson test instead, since MAD means nothing at
  three posts an hour — **and** the hour's negative share is high and above its usual level. Volume
  without negative tone (a positive viral day) is no alarm.
- **slow burn**: over the last hour, or two, … or day (``BURN_WINDOWS``), the negative share is
  significantly above the share of the two weeks before the last day (a binomial test), at any
  volume — the tone turning before the volume does.

Both are checked with every mention, so an alarm fires during the hour it becomes true.
"""

from __future__ import annotations

import math
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import islice
from statistics import median
from typing import Literal
from zoneinfo import ZoneInfo

from resonanz.monitoring.holidays import is_german_holiday
from resonanz.monitoring.tone import LANGUAGES, tone

Reason = Literal["spike", "slow_burn"]
HOUR = timedelta(hours=1)

HISTORY = timedelta(days=28)
# Hours of history before the volume test speaks at all (a cold start is no spike).
MIN_HISTORY_HOURS = 24
MIN_SLOT_VALUES = 12
MIN_VOLUME = 5.0  # below this median per hour the Poisson test decides
SPIKE_SIGMAS = 4.0
SPIKE_P = 1e-4
MIN_ALARM_VOICES = 5  # fewer voices than this are never a shitstorm, whatever the baseline
NEGATIVE_SHARE = 0.35  # an hour's negative share must reach this, and exceed the usual one by
NEGATIVE_LIFT = 0.2
BURN_WINDOWS = (1, 2, 3, 4, 5, 6, 12, 24)  # hours back from now
BURN_BASELINE = timedelta(days=14)
# The usual share leaves out the last day, so a burn does not raise its own baseline.
BURN_GAP = timedelta(days=1)
BURN_P = 1e-5  # strict: the test runs again with every mention, over eight windows
BURN_LIFT = 0.15
MIN_BURN_NEGATIVE = 8
DEFAULT_NEGATIVE_SHARE = 0.15  # until there is history to measure it
MIN_USUAL_VOICES = 200  # voices the usual negative share needs before the slow-burn test speaks
COOLDOWN = timedelta(hours=12)
DUPLICATE_WINDOW = timedelta(hours=24)

_NOISE = re.compile(r"https?://\S+|www\.\S+|[@#]\w+|\d+|[^\w\s]")


@dataclass(frozen=True)
class Mention:
    id: str | int
    network: str
    author: str
    created_at: datetime
    lang: str
    text: str


@dataclass(frozen=True)
class Alarm:
    at: datetime
    reason: Reason
    voices: int
    expected: float
    negative_share: float

    def as_json(self) -> dict[str, object]:
        return {
            "at": self.at.isoformat(),
            "reason": self.reason,
            "voices": self.voices,
            "expected": round(self.expected, 2),
            "negative_share": round(self.negative_share, 3),
        }


@dataclass
class Hour:
    start: datetime  # UTC instant of the local hour's start
    workday: bool
    local_hour: int
    voices: set[str] = field(default_factory=set)
    negative: set[str] = field(default_factory=set)


def fingerprint(text: str) -> str:
    """The text without links, handles, tags, numbers and punctuation: bot copies share it."""
    return " ".join(_NOISE.sub(" ", text.lower()).split())


def poisson_at_least(count: int, rate: float) -> float:
    """P(X >= count) for X ~ Poisson(rate)."""
    term, below = math.exp(-rate), 0.0
    for value in range(count):
        below += term
        term *= rate / (value + 1)
    return max(0.0, 1.0 - below)


def binomial_at_least(count: int, trials: int, share: float) -> float:
    """P(X >= count) for X ~ Binomial(trials, share), in logarithms so thousands of trials stay cheap."""
    if count <= 0:
        return 1.0
    if share <= 0:
        return 0.0
    if share >= 1:
        return 1.0
    log_share, log_rest = math.log(share), math.log1p(-share)
    total = 0.0
    for value in range(count, trials + 1):
        log_term = (
            math.lgamma(trials + 1)
            - math.lgamma(value + 1)
            - math.lgamma(trials - value + 1)
            + value * log_share
            + (trials - value) * log_rest
        )
        term = math.exp(log_term)
        total += term
        if term < total * 1e-12:
            break  # past the peak the terms only shrink: the rest no longer counts
    return min(total, 1.0)


class AlarmDetector:
    """Feed mentions in time order; each call returns the alarms that mention set off."""

    def __init__(self, timezone: ZoneInfo, scorer: Callable[[str, str], str] = tone) -> None:
        self.timezone = timezone
        self.scorer = scorer
        self.hours: deque[Hour] = deque()
        self.seen_texts: dict[str, datetime] = {}
        self.last_alarm: dict[Reason, datetime] = {}
        self._baseline: tuple[datetime, list[int], float | None] | None = None

    def hour_of(self, moment: datetime) -> Hour:
        local = moment.astimezone(self.timezone)
        start_local = local.replace(minute=0, second=0, microsecond=0)
        day = start_local.date()
        workday = day.weekday() < 5 and not is_german_holiday(day)
        return Hour(start_local.astimezone(UTC), workday, start_local.hour)

    def feed(self, mention: Mention) -> list[Alarm]:
        current = self._advance(mention.created_at)
        self._count(current, mention)
        return list(self._check(current, mention.created_at))

    def _advance(self, moment: datetime) -> Hour:
        """The hour bucket of ``moment``, opening the empty hours in between (they count as zero)."""
        target = self.hour_of(moment)
        if self.hours and target.start <= self.hours[-1].start:
            return self.hours[-1]  # a little late within the running hour, or out of order: count it now
        if self.hours:
            gap = self.hours[-1].start + HOUR
            while gap < target.start and target.start - gap < HISTORY:
                self.hours.append(self.hour_of(gap))
                gap += HOUR
        self.hours.append(target)
        while self.hours[0].start < target.start - HISTORY:
            self.hours.popleft()
        if len(self.seen_texts) > 10_000:
            cutoff = target.start - DUPLICATE_WINDOW
            self.seen_texts = {text: at for text, at in self.seen_texts.items() if at >= cutoff}
        return target

    def _count(self, hour: Hour, mention: Mention) -> None:
        text = fingerprint(mention.text)
        first_seen = self.seen_texts.get(text)
        if text and first_seen is not None and mention.created_at - first_seen < DUPLICATE_WINDOW:
            return  # a copy of a text already counted: a bot burst or a copy-paste campaign
        if text:
            self.seen_texts[text] = mention.created_at
        author = f"{mention.network}:{mention.author}"
        hour.voices.add(author)
        if mention.lang in LANGUAGES and self.scorer(mention.text, mention.lang) == "negative":
            hour.negative.add(author)

    def _history(self, current: Hour) -> tuple[list[int], float | None]:
        """Voices per hour of the same kind over the previous weeks, and the usual negative share (None
        until enough history).
        """
        if self._baseline is not None and self._baseline[0] == current.start:
            return self._baseline[1], self._baseline[2]
        past = [hour for hour in self.hours if hour.start < current.start]
        same_kind = [
            len(hour.voices)
            for hour in past
            if hour.workday == current.workday
            and min((hour.local_hour - current.local_hour) % 24, (current.local_hour - hour.local_hour) % 24)
            <= 1
        ]
        values = same_kind if len(same_kind) >= MIN_SLOT_VALUES else [len(hour.voices) for hour in past]
        if len(past) < MIN_HISTORY_HOURS:
            values = []
        since, until = current.start - BURN_GAP - BURN_BASELINE, current.start - BURN_GAP
        usual = [hour for hour in past if since <= hour.start < until]
        voices = sum(len(hour.voices) for hour in usual)
        negative = sum(len(hour.negative) for hour in usual)
        share = negative / voices if voices >= MIN_USUAL_VOICES else None
        self._baseline = (current.start, values, share)
        return values, share

    def _check(self, current: Hour, at: datetime) -> Iterator[Alarm]:
        values, usual_share = self._history(current)
        voices, negative = len(current.voices), len(current.negative)
        if values and voices >= MIN_ALARM_VOICES and self._ready("spike", at):
            expected = median(values)
            if expected < MIN_VOLUME:
                rate = max(sum(values) / len(values), 0.2)
                high = poisson_at_least(voices, rate) < SPIKE_P
            else:
                spread = 1.4826 * median(abs(value - expected) for value in values)
                high = voices > expected + SPIKE_SIGMAS * max(spread, math.sqrt(expected))
            share = negative / voices
            usual = DEFAULT_NEGATIVE_SHARE if usual_share is None else usual_share
            if high and share >= max(NEGATIVE_SHARE, usual + NEGATIVE_LIFT):
                self.last_alarm["spike"] = at
                yield Alarm(at, "spike", voices, expected, share)
        if usual_share is not None and self._ready("slow_burn", at) and self._ready("spike", at):
            # The last hour, the last two …: a sharp turn shows in the short windows, a slower one in
            # the longer ones. A spike already raised the alarm for what it covers.
            trials = hits = 0
            for back, hour in enumerate(islice(reversed(self.hours), BURN_WINDOWS[-1]), start=1):
                trials, hits = trials + len(hour.voices), hits + len(hour.negative)
                if back in BURN_WINDOWS and (
                    hits >= MIN_BURN_NEGATIVE
                    and hits / trials >= usual_share + BURN_LIFT
                    and binomial_at_least(hits, trials, usual_share) < BURN_P
                ):
                    self.last_alarm["slow_burn"] = at
                    yield Alarm(at, "slow_burn", trials, usual_share * trials, hits / trials)
                    break

    def _ready(self, reason: Reason, at: datetime) -> bool:
        last = self.last_alarm.get(reason)
        return last is None or at - last >= COOLDOWN


def replay(mentions: Iterable[Mention], timezone: ZoneInfo) -> Iterator[Alarm]:
    detector = AlarmDetector(timezone)
    for mention in mentions:
        yield from detector.feed(mention)
