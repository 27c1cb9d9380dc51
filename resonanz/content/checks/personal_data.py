"""The personal-data check: every finder over one text, each seeing the text with what the earlier ones
found blanked out (so an IBAN is not also a phone number, and a role address not a name)."""

from __future__ import annotations

from collections.abc import Iterable

from resonanz.content.checks.addresses import find_addresses
from resonanz.content.checks.birth_dates import find_birth_dates
from resonanz.content.checks.contacts import find_emails, find_phones, find_urls
from resonanz.content.checks.findings import MAX_TEXT_LENGTH, Category, Finding, TextTooLong, mask
from resonanz.content.checks.names import find_person_names
from resonanz.content.checks.numbers import find_cards, find_ibans, find_tax_ids
from resonanz.content.checks.special_categories import find_special_categories

Span = tuple[int, int]


def merged(spans: Iterable[Span]) -> list[Span]:
    """Overlapping spans of one category as one ("Markt 3" inside "Am Markt 3, 04109 Leipzig")."""
    result: list[Span] = []
    for start, end in sorted(spans):
        if result and start < result[-1][1]:
            result[-1] = (result[-1][0], max(end, result[-1][1]))
        else:
            result.append((start, end))
    return result


def find_personal_data(text: str, lang: str, allow_list: Iterable[str]) -> list[Finding]:
    """Personal data in a German or English post, in text order.

    ``lang`` is the post's language; both languages' terms are looked for in every post, since employees
    mix them ("Happy Birthday, Jana!"). Names on ``allow_list`` (in any spelling: Müller = Mueller) are
    not reported. Raises TextTooLong over MAX_TEXT_LENGTH characters.
    """
    if len(text) > MAX_TEXT_LENGTH:
        raise TextTooLong(len(text))
    findings: list[Finding] = []

    def report(category: Category, spans: Iterable[Span]) -> list[Span]:
        found = merged(spans)
        findings.extend(Finding(start, end, category) for start, end in found)
        return found

    seen = mask(text, find_urls(text))
    emails = list(find_emails(seen))
    report(Category.EMAIL, [(e.start, e.end) for e in emails if e.personal])
    seen = mask(seen, [(e.start, e.end) for e in emails])
    for category, finder in (
        (Category.IBAN, find_ibans),
        (Category.CARD, find_cards),
        (Category.TAX_ID, find_tax_ids),
    ):
        seen = mask(seen, report(category, finder(seen)))
    phones = list(find_phones(seen))
    report(Category.PHONE, [(p.start, p.end) for p in phones if p.personal])
    seen = mask(seen, [(p.start, p.end) for p in phones])
    seen = mask(seen, report(Category.BIRTH_DATE, find_birth_dates(seen)))
    seen = mask(seen, report(Category.ADDRESS, find_addresses(seen)))
    seen = mask(seen, report(Category.SPECIAL_CATEGORY, find_special_categories(seen)))
    report(Category.PERSON_NAME, find_person_names(seen, allow_list))
    return sorted(set(findings))
