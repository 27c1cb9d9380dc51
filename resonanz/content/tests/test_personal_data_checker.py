"""The personal-data checker, one category at a time: what it must find and what it must leave alone."""

from __future__ import annotations

import time

import pytest

from resonanz.content.checks import MAX_TEXT_LENGTH, Category, TextTooLong, find_personal_data


def found(text: str, allow_list: tuple[str, ...] = (), lang: str = "de") -> list[tuple[str, str]]:
    return [(f.category.value, text[f.start : f.end]) for f in find_personal_data(text, lang, allow_list)]


def categories(text: str, allow_list: tuple[str, ...] = ()) -> set[str]:
    return {category for category, _ in found(text, allow_list)}


# ---------------------------------------------------------------- e-mail


def test_it_finds_a_personal_address_but_not_role_addresses() -> None:
    text = "Fragen an jana.koch@beispiel.de, presse@beispiel.de, info@beispiel.de oder kontakt@beispiel.de"

    assert found(text) == [("email", "jana.koch@beispiel.de")]


@pytest.mark.parametrize(
    "local", ["press", "support", "jobs", "no-reply", "presse.berlin", "hr", "datenschutz"]
)
def test_role_addresses_are_not_personal_data(local: str) -> None:
    assert found(f"Schreiben Sie an {local}@beispiel-gmbh.de.") == []


@pytest.mark.parametrize("address", ["m.weber@gmx.de", "kemal_yildirim@web.de", "sabine@example.org"])
def test_addresses_made_of_names_are_personal(address: str) -> None:
    assert found(f"Meldet euch bei {address}") == [("email", address)]


# ---------------------------------------------------------------- phone


@pytest.mark.parametrize(
    "number",
    [
        "0171 2345678",
        "0171/2345678",
        "+49 171 2345678",
        "+49 (0)30 1234 5678",
        "030 / 123 456 78",
        "(089) 4711 2233",
        "0049 40 3344556",
        "+43 664 1234567",
        "+1 (415) 555-0132",
        "+44 7700 900123",
        "+90 532 123 45 67",
        "+48 601 234 567",
        "0221 98765-43",
    ],
)
def test_it_finds_german_and_international_phone_numbers(number: str) -> None:
    assert found(f"Ruf mich an: {number}.") == [("phone", number)]


@pytest.mark.parametrize(
    "text",
    [
        "Service-Hotline: 0800 123 4567",
        "Kostenfrei unter 0800 555 0101 erreichbar.",
        "Unsere Zentrale: +49 89 12345-0",
        "Call +49 800 777 1234 free of charge.",
        "Garantiefälle über 0180 6 123456 (20 ct/Anruf).",
        "Helpdesk: +44 20 7946 0000",
    ],
)
def test_hotlines_and_switchboards_are_not_personal_data(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Bestellnummer 0123 456789 ist unterwegs.",
        "Art.-Nr. 0815-4711-02",
        "Wartung am 09.11.2025 ab 22 Uhr.",
        "Sendung 00340434161094015902",
        "Preis: 1.299,00 € (0 % Finanzierung)",
        "Termin (03.12.2025) verschoben",
        "Deadline 05/11/2026",
    ],
)
def test_order_numbers_and_dates_are_not_phone_numbers(text: str) -> None:
    assert found(text) == []


# ---------------------------------------------------------------- IBAN, card, Steuer-ID


def test_an_iban_must_pass_its_checksum() -> None:
    assert found("IBAN DE89 3704 0044 0532 0130 00") == [("iban", "DE89 3704 0044 0532 0130 00")]
    assert found("IBAN DE88 3704 0044 0532 0130 00") == []
    assert found("IBAN DE89370400440532013000, BIC COBADEFFXXX") == [("iban", "DE89370400440532013000")]


@pytest.mark.parametrize(
    "number",
    [
        "4111 1111 1111 1111",  # Visa
        "5555-5555-5555-4444",  # Mastercard
        "2221000000000009",  # Mastercard 2-series, lowest
        "2720 9999 9999 9996",  # Mastercard 2-series, highest
        "3782 822463 10005",  # American Express
    ],
)
def test_it_finds_card_numbers_that_pass_luhn(number: str) -> None:
    assert found(f"Karte: {number}") == [("card", number)]


@pytest.mark.parametrize(
    "number",
    [
        "4111 1111 1111 1112",  # Luhn fails
        "2220 9999 9999 9994",  # passes Luhn, but below the Mastercard 2-series
        "9999 9999 9999 9995",  # passes Luhn, no issuer
    ],
)
def test_numbers_that_are_not_card_numbers_are_left_alone(number: str) -> None:
    assert found(f"Referenz {number}") == []


def test_a_steuer_id_is_found_grouped_or_together_when_its_check_digit_holds() -> None:
    assert found("Steuer-ID 62 984 153 774") == [("tax_id", "62 984 153 774")]
    assert found("Steuer-ID 62984153774") == [("tax_id", "62984153774")]
    assert found("Steuer-ID 62 984 153 775") == []  # wrong check digit


def test_a_steuer_id_breaking_the_digit_repetition_rule_is_not_one() -> None:
    # Check digit right (ISO 7064 mod 11,10), but no digit repeats in the first ten: not issued since 2008.
    from stdnum.iso7064 import mod_11_10

    first_ten = "1234567890"
    number = first_ten + mod_11_10.calc_check_digit(first_ten)
    assert mod_11_10.is_valid(number)
    assert found(f"Steuer-ID {number}") == []


# ---------------------------------------------------------------- addresses and birth dates


@pytest.mark.parametrize(
    "address",
    [
        "Lindenstraße 12, 10969 Berlin",
        "Friedrich-Ebert-Str. 112a, 34119 Kassel",
        "Am Markt 3, 04109 Leipzig",
        "Goethestraße 15, 60313 Frankfurt am Main",
        "221B Baker Street, London NW1 6XE",
        "12 Elm Road, Leeds LS6 2AB",
    ],
)
def test_it_finds_german_and_english_postal_addresses(address: str) -> None:
    assert found(f"Bitte an {address} schicken.") == [("address", address)]


@pytest.mark.parametrize(
    "text",
    ["Halle 7, Stand C18", "Besuchen Sie uns im Technologiepark Nord, Gebäude 4.", "Eingang 3, Raum 3.14"],
)
def test_places_without_a_street_are_not_addresses(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Geboren am 14.03.1988 in Kassel.", "14.03.1988"),
        ("geb. 3.7.1990", "3.7.1990"),
        ("Geburtsdatum: 1994-06-30", "1994-06-30"),
        ("Sie ist am 21. Mai 1992 geboren.", "21. Mai 1992"),
        ("Born on 4 July 1986 in Leeds.", "4 July 1986"),
        ("DOB: 12/08/1983", "12/08/1983"),
        ("She was born March 3, 1979.", "March 3, 1979"),
    ],
)
def test_it_finds_dates_of_birth_in_german_and_english(text: str, date: str) -> None:
    assert found(text) == [("birth_date", date)]


def test_other_dates_are_not_dates_of_birth() -> None:
    assert found("Geburtsdatum: 02.02.1979, Eintritt: 01.04.2015") == [("birth_date", "02.02.1979")]
    assert found("Die Rechnung ist am 15.03.2025 fällig, das Sommerfest am 27. Juni 2025.") == []


# ---------------------------------------------------------------- special categories


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Sie hat Brustkrebs.", "Brustkrebs"),
        ("Nach seiner Krebserkrankung ist er zurück.", "Krebserkrankung"),
        ("Er ist Diabetiker.", "Diabetiker"),
        ("Ich bin Gewerkschaftsmitglied.", "Gewerkschaftsmitglied"),
        ("Er ist in der IG Metall.", "IG Metall"),
        ("Sie ist katholisch.", "katholisch"),
        ("Er ist schwul.", "schwul"),
        ("Sie hat einen Migrationshintergrund.", "Migrationshintergrund"),
        ("Er ist SPD-Mitglied.", "SPD-Mitglied"),
        ("Nach der Knie-OP geht es ihr besser.", "Knie-OP"),
        ("She is a union member.", "union member"),
        ("He is on sick leave.", "sick leave"),
        ("She is Jewish.", "Jewish"),
        ("His fingerprint scans are stored.", "fingerprint"),
    ],
)
def test_it_finds_special_category_terms_in_german_and_english(text: str, term: str) -> None:
    assert found(text) == [("special_category", term)]


@pytest.mark.parametrize(
    "text",
    [
        "Heute war Gesundheitstag mit Rückenschule.",
        "Wir haben die Seite besucht und Kolleginnen gesucht.",
        "Unsere Krankenkasse ist die AOK.",
        "Der Betriebsrat lädt zur Versammlung ein.",
        "Happy Pride Month from all of us!",
        "Die Software hat noch Kinderkrankheiten.",
        "Wegen einer Verkehrsbehinderung kommt die Lieferung später.",
    ],
)
def test_ordinary_words_near_the_special_categories_are_left_alone(text: str) -> None:
    assert found(text) == []


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Willkommen, Tobias Hartmann!", "Tobias Hartmann"),
        ("Glückwunsch an Ayşe Yıldız.", "Ayşe Yıldız"),
        ("Danke an Małgorzata Kowalska.", "Małgorzata Kowalska"),
        ("Rückfragen an Frau Dr. Brandt.", "Frau Dr. Brandt"),
        ("Please call Mr Patel.", "Mr Patel"),
        ("Thanks to Sanne de Vries.", "Sanne de Vries"),
        ("Anna-Lena Schulte leitet das Controlling.", "Anna-Lena Schulte"),
        ("Thomas Walsh's form is missing.", "Thomas Walsh"),
    ],
)
def test_it_finds_names_of_people(text: str, name: str) -> None:
    assert found(text) == [("person_name", name)]


@pytest.mark.parametrize(
    "text",
    [
        "Morgen startet unsere Beratung. Danke, Anna!",
        "Danke an Anna Beratung und Entwicklung",
        "Unser Partner Hugo Boss setzt auf Kreislaufwirtschaft.",
        "Case study with Paul Hartmann AG and Tom Tailor.",
        "Die Robert Bosch Stiftung und das Max-Planck-Institut sind dabei.",
        "Carl Zeiss, Jack Wolfskin und Otto Group zu Gast.",
        "Folgt uns auf @JanaKoch und #AnnaSchmidt",
        "Mit Microsoft Teams und SAP S/4HANA.",
    ],
)
def test_nouns_companies_and_single_given_names_are_not_people(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        ("Viele Grüße, Peter Mueller", "Peter Müller"),
        ("Viele Grüße, Peter Müller", "Peter Mueller"),
        ("Danke, Jürgen Weiß", "juergen weiss"),
        ("Markus Yılmaz", "Markus Yilmaz"),
        ("Frau Schäfer übernimmt.", "Franziska Schaefer"),
        ("Anna-Lena Schulte", "Anna Lena Schulte"),
        ("JANA koch ist da; Jana Koch auch.", "JANA KOCH"),
    ],
)
def test_names_on_the_allow_list_are_left_alone_in_any_spelling(text: str, allowed: str) -> None:
    assert "person_name" not in categories(text, (allowed,))


def test_the_allow_list_does_not_hide_someone_else_with_the_same_family_name() -> None:
    assert found("Jana Koch und Peter Koch", ("Jana Koch",)) == [("person_name", "Peter Koch")]


# ---------------------------------------------------------------- offsets and bounds


def test_offsets_are_python_string_offsets() -> None:
    text = "👨‍👩‍👧‍👦🇩🇪 Grüße von Jana Koch: jana.koch@example.de"

    findings = find_personal_data(text, "de", [])

    assert [(f.category, text[f.start : f.end]) for f in findings] == [
        (Category.PERSON_NAME, "Jana Koch"),
        (Category.EMAIL, "jana.koch@example.de"),
    ]


def test_a_text_over_the_cap_is_refused() -> None:
    with pytest.raises(TextTooLong):
        find_personal_data("a" * (MAX_TEXT_LENGTH + 1), "de", [])


ADVERSARIAL = {
    "letters": "a" * MAX_TEXT_LENGTH,
    "digits and spaces": "1 " * (MAX_TEXT_LENGTH // 2),
    "phone-like": "0" + "1-" * (MAX_TEXT_LENGTH // 2 - 1),
    "at signs": "a@" * (MAX_TEXT_LENGTH // 2),
    "dotted local part": "a." * (MAX_TEXT_LENGTH // 2 - 1) + "@x",
    "given names": "Anna " * (MAX_TEXT_LENGTH // 5),
    "forms of address": "Herr Dr. " * (MAX_TEXT_LENGTH // 9),
    "capitalised words": "Aa " * (MAX_TEXT_LENGTH // 3),
    "hyphenated words": "Aa-" * (MAX_TEXT_LENGTH // 3),
    "street-like": "Hauptstraße 1 " * (MAX_TEXT_LENGTH // 14),
    "english street-like": "1 Aa " * (MAX_TEXT_LENGTH // 5),
    "iban-like": "DE12 " + "1234 " * (MAX_TEXT_LENGTH // 5 - 1),
    "card-like": "4" + " 1" * (MAX_TEXT_LENGTH // 2 - 1),
    "link": "http://" + "a" * (MAX_TEXT_LENGTH - 7),
    "birth cues": "geboren 12.03.1980 " * (MAX_TEXT_LENGTH // 19),
    "compounds": "krebs-" * (MAX_TEXT_LENGTH // 6),
    "phrases": "member of the " * (MAX_TEXT_LENGTH // 14),
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_adversarial_input_of_100_kb_is_checked_in_linear_time(name: str) -> None:
    # Not a performance test: a catastrophic (quadratic or backtracking) pattern takes minutes on these,
    # a linear one well under a second, so the bound below is far from both.
    text = ADVERSARIAL[name][:MAX_TEXT_LENGTH]
    allow_list = ["Anna Koch"] * 10_000

    started = time.process_time()
    find_personal_data(text, "de", allow_list)

    assert time.process_time() - started < 10
