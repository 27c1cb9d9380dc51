"""Links, e-mail addresses and phone numbers.

Role addresses (presse@, info@, kontakt@ …), hotlines, service numbers and switchboards belong to an
organization, not to a person: they are found (so later finders do not read them as something else) but
not reported. Every pattern repeats single characters a bounded number of times: linear searches.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from resonanz.content.checks.names import KNOWN_FAMILY_NAMES, KNOWN_GIVEN_NAMES, fold_variants

Span = tuple[int, int]

URL = re.compile(
    r"(?:\bhttps?://|\bwww\.)[^\s<>\"']{1,2000}"
    r"|\b[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,4}\.(?:de|com|org|net|eu|io|at|ch|uk|info)/[^\s<>\"']{0,2000}",
    re.IGNORECASE,
)
EMAIL = re.compile(
    r"(?<![\w.+%-])[\w.+%-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}",
)
# The local parts (or their first word) that name a function, not a person.
ROLE_WORDS = frozenset(
    """
    info information kontakt contact presse press media medien pr kommunikation communications comms
    news newsletter redaktion editorial marketing sales vertrieb verkauf service services kundenservice
    customerservice support help hilfe helpdesk servicedesk hotline office buero büro team hallo hello
    hi mail post postmaster webmaster hostmaster admin administrator root abuse security sicherheit it
    noreply no-reply donotreply reply jobs job karriere career careers bewerbung bewerbungen recruiting
    hr personal people ausbildung azubi training academy akademie events event veranstaltungen
    datenschutz privacy dpo gdpr compliance legal recht rechtsabteilung buchhaltung accounting finance
    finanzen billing invoice invoices rechnung rechnungen rechnungseingang einkauf purchasing
    procurement order orders bestellung bestellungen shop store empfang reception zentrale headquarters
    partner partners feedback ideen garantie warranty reklamation returns retoure kantine catering
    facility facilities intranet onboarding investor investors ir kunden customers community social
    socialmedia
    """.split()  # noqa: SIM905 - a word list reads better as text
)

PHONE_CANDIDATE = re.compile(r"(?<![\w+/.,-])(?<!\d )(?:\+|\(0|0|\(\d{3}\)\s?)\d[\d ()./-]{4,24}\d(?![\d])")
DATE_SHAPED = re.compile(r"\(?\d{1,2}([./-])\d{1,2}\1(?:\d{2}|\d{4})?\)?$")
# Toll-free and shared-cost numbers (service lines), national and international.
SERVICE_PREFIXES = ("0800", "0801", "0180", "0137", "0138", "0900", "0700", "116", "0500")
INTERNATIONAL_SERVICE = (
    "49800",
    "49180",
    "49900",
    "1800",
    "1888",
    "1877",
    "1866",
    "1855",
    "1844",
    "1833",
    "44800",
)
SERVICE_WORDS = re.compile(
    r"hotline|service|zentrale|switchboard|helpdesk|help desk|support|infotelefon|servicetelefon"
    r"|customer care|kundendienst|reception|empfang|headquarters"
)
# What an order, invoice or article number is introduced with (ending a word: "Bestellnummer", "Kd.-Nr.").
NOT_PHONE_WORDS = re.compile(
    r"(?:\b(?:az|ref|no|id|plz|ust|bic|iban|item|batch|order|invoice|ticket|version|serial|tracking|account"
    r"|article|artikel|konto|kennzeichen|charge|los)|nummer|nr|number|#)\W{0,6}$"
)
PHONE_WORDS = re.compile(
    r"\b(?:tel|fon|phone|mobil|handy|call|anruf|ruf|erreich|reach|whatsapp|signal|text|sms|durchwahl|festnetz"
    r"|direct|line|ping|cell)"
)
MOBILE_PREFIXES = ("015", "016", "017")


@dataclass(frozen=True)
class Contact:
    start: int
    end: int
    personal: bool


def find_urls(text: str) -> list[Span]:
    return [match.span() for match in URL.finditer(text)]


def _is_personal_local_part(local: str) -> bool:
    words = [word for word in re.split(r"[._+-]", local.casefold()) if word]
    letters = [re.sub(r"\d", "", word) for word in words]
    if not letters or local.casefold() in ROLE_WORDS or any(word in ROLE_WORDS for word in letters):
        return False
    if len([word for word in letters if word]) >= 2:
        return True  # jana.koch@, m.weber@, weber_privat@
    word = letters[0]
    return any(
        variant in KNOWN_GIVEN_NAMES or variant in KNOWN_FAMILY_NAMES for variant in fold_variants(word)
    )


def find_emails(text: str) -> Iterator[Contact]:
    for match in EMAIL.finditer(text):
        local, domain = match.group().rsplit("@", 1)
        top_level = domain.rsplit(".", 1)[-1]
        if not top_level.isalpha() or len(top_level) < 2:
            continue
        local = local.strip(".")
        start = match.end() - len(domain) - 1 - len(local)
        yield Contact(start, match.end(), _is_personal_local_part(local))


def _phone_digits(candidate: str) -> str:
    # "+49 (0)30 …": the trunk zero in parentheses is not dialled from abroad.
    return "".join(character for character in candidate.replace("(0)", "") if character.isdigit())


def _is_service_number(digits: str, candidate: str, before: str, after: str) -> bool:
    if candidate.startswith("+") or digits.startswith("00"):
        international = digits[2:] if digits.startswith("00") else digits
        if international.startswith(INTERNATIONAL_SERVICE):
            return True
    elif digits.startswith(SERVICE_PREFIXES):
        return True
    # A switchboard: the company's number with the extension 0 ("+49 89 12345-0").
    if re.search(r"[-\s]0$", candidate):
        return True
    return bool(SERVICE_WORDS.search(before[-45:]) or SERVICE_WORDS.search(after[:25]))


def find_phones(text: str) -> Iterator[Contact]:
    lowered = text.casefold()
    for match in PHONE_CANDIDATE.finditer(text):
        candidate = match.group()
        digits = _phone_digits(candidate)
        before, after = (
            lowered[max(0, match.start() - 60) : match.start()],
            lowered[match.end() : match.end() + 30],
        )
        if DATE_SHAPED.match(candidate):
            continue
        if NOT_PHONE_WORDS.search(before) and not PHONE_WORDS.search(before[-25:]):
            continue  # "Bestellnummer 0815 …", but not "Telefonnummer 0621 …"
        international = candidate.startswith("+") or digits.startswith("00")
        if international:
            national = digits[2:] if digits.startswith("00") else digits
            if not 8 <= len(national) <= 15:
                continue
        else:
            if not 7 <= len(digits) <= 13 or (digits.startswith("0") and digits[1:2] == "0"):
                continue
            grouped = any(character in candidate for character in " /-()")
            cue = bool(PHONE_WORDS.search(before[-30:]))
            if not (grouped or cue or digits.startswith(MOBILE_PREFIXES)):
                continue
            if candidate.startswith("(") and not candidate.startswith("(0") and not cue:
                continue
        personal = not _is_service_number(digits, candidate, before, after)
        yield Contact(match.start(), match.end(), personal)
