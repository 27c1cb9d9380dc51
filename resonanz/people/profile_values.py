"""What a profile may hold, said once: languages, time zone, social handles.

The actions normalise with these functions; forms, the API and the import call the actions, so a value
that passes here is the only kind the database holds. Each refusal is a translated ``ActionRefused``.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

from resonanz.core.errors import ActionRefused
from resonanz.people.models import HANDLE_MAX_LENGTH, MAX_LANGUAGES, ProgramRole

# ISO 639-1: the two-letter language codes.
_CODES = """
    aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz
    ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik
    io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml
    mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd
    se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi
    vo wa wo xh yi yo za zh zu
"""
ISO_639_1 = frozenset(_CODES.split())
TIME_ZONE_MAX_LENGTH = 64
_HANDLE = re.compile(r"^@[A-Za-z0-9._-]{1,100}(@[A-Za-z0-9.-]{1,200})?$")


def clean_languages(values: object, field: str = "languages") -> list[str]:
    """ISO 639-1 codes, lower case, sorted, without duplicates; at most ``MAX_LANGUAGES``."""
    if isinstance(values, str):
        values = [part for part in re.split(r"[,;\s]+", values) if part]
    if not isinstance(values, Iterable) or isinstance(values, dict):
        raise ActionRefused(_("Give the languages as a list of two-letter codes (de, en)."), field=field)
    codes: set[str] = set()
    for value in values:
        code = value.strip().lower() if isinstance(value, str) else ""
        if code not in ISO_639_1:
            shown = value[:20] if isinstance(value, str) else "?"
            raise ActionRefused(
                _("“%(code)s” is not a two-letter language code (ISO 639-1) such as de or en."),
                params={"code": shown},
                field=field,
            )
        codes.add(code)
        if len(codes) > MAX_LANGUAGES:
            raise ActionRefused(
                _("Name at most %(limit)s languages."), params={"limit": MAX_LANGUAGES}, field=field
            )
    return sorted(codes)


def clean_time_zone(value: object, field: str = "time_zone") -> str:
    """A time zone of the IANA database (Europe/Berlin)."""
    zone = value.strip() if isinstance(value, str) else ""
    valid = bool(zone) and len(zone) <= TIME_ZONE_MAX_LENGTH and "\x00" not in zone
    if valid:
        try:
            zoneinfo.ZoneInfo(zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            valid = False
    if not valid:
        shown = value[:40] if isinstance(value, str) else "?"
        raise ActionRefused(
            _("Unknown time zone “%(zone)s”. Use a name such as Europe/Berlin."),
            params={"zone": shown},
            field=field,
        )
    return zone


def clean_program_role(value: object, field: str = "program_role") -> str:
    if not isinstance(value, str) or value not in ProgramRole.values:
        raise ActionRefused(_("Choose a programme role from the list."), field=field)
    return value


def clean_handle(value: object, field: str = "handle") -> str:
    """A handle (@name, or @name@server) or the profile's http(s) address; nothing that runs script."""
    text = value.strip() if isinstance(value, str) else ""
    if not text or len(text) > HANDLE_MAX_LENGTH or any(ord(char) < 32 for char in text):
        raise ActionRefused(
            _(
                "Enter a handle such as @name or the profile's address (https://…), "
                "at most %(limit)s characters."
            ),
            params={"limit": HANDLE_MAX_LENGTH},
            field=field,
        )
    if _HANDLE.match(text):
        return text
    parts = urlsplit(text)
    if parts.scheme.lower() in ("http", "https") and parts.netloc and " " not in text:
        return text
    raise ActionRefused(
        _("Enter a handle such as @name or the profile's address starting with https://."), field=field
    )
