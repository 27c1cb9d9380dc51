"""Storing mentions once: the tone scored on the way in, the ones already stored counted, not stored again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from resonanz.core.models import Organization
from resonanz.monitoring.models import Mention, MentionImport, Tone
from resonanz.monitoring.tone import LANGUAGES, tone
from resonanz.publishing.models import NetworkAccount

CHUNK = 500


@dataclass(frozen=True)
class Incoming:
    external_id: str
    network: str
    author: str
    posted_at: datetime
    lang: str
    text: str


def score(text: str, lang: str) -> str:
    """The mention's tone; a language the lexicon does not know stays unscored (as in the alarm)."""
    return tone(text, lang) if lang in LANGUAGES else Tone.UNSCORED


def store_mentions(
    organization: Organization,
    mentions: Sequence[Incoming],
    *,
    account: NetworkAccount | None = None,
    batch: MentionImport | None = None,
    ignore_conflicts: bool = False,
) -> tuple[int, int]:
    """Store the mentions not stored yet; (stored, already stored or repeated). Runs in the caller's
    transaction. ``ignore_conflicts``: a mention another worker stored meanwhile is skipped silently (the
    fetch jobs); otherwise that race fails the transaction (the import: all or nothing)."""
    seen: set[tuple[str, str]] = set()
    fresh: list[Incoming] = []
    for mention in mentions:
        key = (mention.network, mention.external_id)
        if key not in seen:
            seen.add(key)
            fresh.append(mention)
    new: list[Incoming] = []
    for start in range(0, len(fresh), CHUNK):
        chunk = fresh[start : start + CHUNK]
        stored = set(
            Mention.objects.filter(
                organization=organization,
                network__in={mention.network for mention in chunk},
                external_id__in={mention.external_id for mention in chunk},
            ).values_list("network", "external_id")
        )
        new += [mention for mention in chunk if (mention.network, mention.external_id) not in stored]
    Mention.objects.bulk_create(
        [
            Mention(
                organization=organization,
                network=mention.network,
                account=account,
                batch=batch,
                external_id=mention.external_id,
                author=mention.author,
                posted_at=mention.posted_at,
                lang=mention.lang,
                text=mention.text,
                tone=score(mention.text, mention.lang),
            )
            for mention in new
        ],
        batch_size=CHUNK,
        ignore_conflicts=ignore_conflicts,
    )
    return len(new), len(mentions) - len(new)
