"""What the buddy actions accept, normalised once: languages, topics, texts, sizes.

Forms and API schemas hand raw values to the actions; the actions call these, so a rule is said once.
Languages and time zones follow the people profile's rules (``people.profile_values``), so a value the
profile accepts is one the programme accepts.
Every id that comes in is looked up inside the acting member's organization: a foreign or unknown id is
a translated refusal, never accepted.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from resonanz.buddy.models import MAX_TOPICS, TEXT_LENGTH
from resonanz.core.dates import refuse_far_date
from resonanz.core.errors import ActionRefused
from resonanz.core.models import Membership
from resonanz.core.text import clean_text
from resonanz.people.profile_values import clean_languages
from resonanz.plan.models import Topic


def languages(value: Any, field: str = "languages") -> list[str]:
    """The languages a person names (the people profile's rule: ``clean_languages``), at least one.

    At least one, because the matching pairs only people who share a language.
    """
    codes = clean_languages(value, field)
    if not codes:
        raise ActionRefused(_("Name at least one language as a two-letter code, e.g. de, en."), field=field)
    return codes


def utc_offset_minutes(name: str, at: dt.datetime) -> int:
    """The zone's distance from UTC at ``at``, in minutes (+60 for Europe/Berlin in winter)."""
    try:
        offset = at.astimezone(zoneinfo.ZoneInfo(name)).utcoffset()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return 0
    return int(offset.total_seconds() // 60) if offset is not None else 0


def topics(member: Membership, value: Any, field: str = "topics") -> list[Topic]:
    """Active topics of the member's organization, by instance or id; a foreign id is refused."""
    if value is None:
        return []
    if not isinstance(value, list | tuple | set | frozenset):
        raise ActionRefused(_("Choose topics from the list."), field=field)
    items = list(value)
    if len(items) > MAX_TOPICS:
        raise ActionRefused(_("Choose at most %(count)s topics."), params={"count": MAX_TOPICS}, field=field)
    ids: set[int] = set()
    for item in items:
        pk = item.pk if isinstance(item, Topic) else item
        if isinstance(pk, bool) or not isinstance(pk, int):
            raise ActionRefused(_("Choose topics from the list."), field=field)
        ids.add(pk)
    found = list(Topic.objects.filter(organization_id=member.organization_id, is_active=True, pk__in=ids))
    if len(found) != len(ids):
        raise ActionRefused(_("Choose topics of your organization from the list."), field=field)
    return found


def text(value: Any, field: str, max_length: int = TEXT_LENGTH, *, required: bool = False) -> str:
    cleaned = clean_text(value)
    if len(cleaned) > max_length:
        raise ActionRefused(_("Use at most %(count)s characters."), params={"count": max_length}, field=field)
    if required and not cleaned:
        raise ActionRefused(_("This field is required."), field=field)
    return cleaned


def reason(value: Any) -> str:
    """The reason a manager gives for a change by hand: required, it goes into the audit trail."""
    cleaned = clean_text(value)
    if not cleaned:
        raise ActionRefused(_("Give a reason: it is kept in the audit trail."), field="reason")
    return text(cleaned, "reason", 1000)


def day(value: Any, field: str, *, required: bool = False) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise ActionRefused(_("Enter a date."), field=field)
        return None
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise ActionRefused(_("Enter a date."), field=field) from None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ActionRefused(_("Enter a date."), field=field)
    refuse_far_date(value, field)
    return value


def moment(value: Any, field: str) -> dt.datetime:
    if not isinstance(value, dt.datetime) or value.tzinfo is None:
        raise ActionRefused(_("Enter a date and time."), field=field)
    refuse_far_date(value, field)
    return value


def flag(value: Any) -> bool:
    return value is True


def ids(values: Iterable[Any]) -> list[int]:
    return [value for value in values if isinstance(value, int) and not isinstance(value, bool)]
