"""Finding incidents: the list's search and the similar past cases an incident's page shows."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet

from resonanz.quality.models import Incident

SIMILAR_LIMIT = 10
MAX_WORDS = 8
MIN_WORD_LENGTH = 4


def words(text: str) -> list[str]:
    """The longer words of ``text`` (at most ``MAX_WORDS``): what similar titles share."""
    found = [word for word in re.findall(r"\w+", text.lower()) if len(word) >= MIN_WORD_LENGTH]
    return list(dict.fromkeys(found))[:MAX_WORDS]


def search(incidents: QuerySet[Incident], text: str) -> QuerySet[Incident]:
    """Incidents whose number, title or description holds every word of ``text``."""
    for word in text.replace("\x00", "").split()[:MAX_WORDS]:
        condition = Q(title__icontains=word) | Q(description__icontains=word)
        digits = word.lstrip("#")
        if digits.isascii() and digits.isdigit():  # not "²", which is a digit to str but not to int
            condition |= Q(number=int(digits[:9]))
        incidents = incidents.filter(condition)
    return incidents


def similar_cases(incident: Incident) -> QuerySet[Incident]:
    """Earlier incidents like this one: the same cause category or kind of deviation, or a shared word
    in the title; closed ones first (what was done then), newest first."""
    condition = Q()
    if incident.cause_category:
        condition |= Q(cause_category=incident.cause_category)
    if incident.deviation_kind:
        condition |= Q(deviation_kind=incident.deviation_kind)
    for word in words(incident.title):
        condition |= Q(title__icontains=word)
    if not condition:
        return Incident.objects.none()
    return (
        Incident.objects.filter(organization_id=incident.organization_id)
        .filter(condition)
        .exclude(pk=incident.pk)
        .order_by("-closed_at", "-number")[:SIMILAR_LIMIT]
    )
