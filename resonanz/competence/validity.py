"""When a certificate counts: the one definition the matrix, the gating and the reminders share."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q

# A certificate that runs out within this many days is shown as "expiring" in the training matrix.
EXPIRING_WITHIN_DAYS = 60
# Reminders go out this many days before a certificate runs out.
REMIND_DAYS_BEFORE = 30


def is_valid(issued_on: dt.date, expires_on: dt.date | None, on: dt.date) -> bool:
    """Valid from the day of issue up to and including its expiry day; no expiry date means no expiry."""
    return issued_on <= on and (expires_on is None or expires_on >= on)


def valid_on(on: dt.date, prefix: str = "") -> Q:
    """The same rule as a filter on certificates (``prefix`` reaches them through a relation)."""
    return Q(**{f"{prefix}issued_on__lte": on}) & (
        Q(**{f"{prefix}expires_on__isnull": True}) | Q(**{f"{prefix}expires_on__gte": on})
    )


def expiring(on: dt.date, days: int) -> Q:
    """Certificates of active people and competences that run out within ``days`` days of ``on`` and
    are not renewed by a later certificate of the same competence that lasts longer."""
    from resonanz.competence.models import Certificate

    renewed = Certificate.objects.filter(
        membership=OuterRef("membership"),
        competence=OuterRef("competence"),
        issued_on__lte=OuterRef("expires_on"),
    ).filter(Q(expires_on__isnull=True) | Q(expires_on__gt=OuterRef("expires_on")))
    return Q(
        ~Exists(renewed),
        expires_on__gte=on,
        expires_on__lte=on + dt.timedelta(days=days),
        membership__is_active=True,
        competence__is_active=True,
    )
