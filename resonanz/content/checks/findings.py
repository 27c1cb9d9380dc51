"""What the personal-data checker reports: a category and a span of the text."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

# Longer texts are refused, so one check does bounded work (LinkedIn, the longest network, allows 3,000).
MAX_TEXT_LENGTH = 100_000


class Category(TextChoices):
    EMAIL = "email", _("e-mail address")
    PHONE = "phone", _("phone number")
    IBAN = "iban", _("IBAN")
    CARD = "card", _("payment card number")
    TAX_ID = "tax_id", _("tax identification number")
    ADDRESS = "address", _("postal address")
    BIRTH_DATE = "birth_date", _("date of birth")
    SPECIAL_CATEGORY = "special_category", _("special category of personal data (GDPR Art. 9)")
    PERSON_NAME = "person_name", _("name of a person")


@dataclass(frozen=True, order=True)
class Finding:
    """A piece of personal data: ``text[start:end]`` (Python string offsets)."""

    start: int
    end: int
    category: Category

    def as_json(self) -> dict[str, object]:
        return {"category": self.category.value, "start": self.start, "end": self.end}


class TextTooLong(ValueError):
    """The text is longer than MAX_TEXT_LENGTH characters."""


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the spans blanked out (same length, so offsets stay valid for later finders)."""
    if not spans:
        return text
    parts, position = [], 0
    for start, end in sorted(spans):
        start = max(start, position)
        if end <= start:
            continue
        parts += [text[position:start], " " * (end - start)]
        position = end
    parts.append(text[position:])
    return "".join(parts)
