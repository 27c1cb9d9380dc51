"""The public short address of a tracked link: ``RESONANZ_SHORT_URL`` (default: the site) + ``/r/<code>``."""

from __future__ import annotations

from django.conf import settings

from resonanz.links.hot import PREFIX
from resonanz.links.models import TrackedLink


def short_url(link: TrackedLink) -> str:
    return f"{settings.SHORT_URL}{PREFIX}{link.code}"
