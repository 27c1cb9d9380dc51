"""Loading standards and mappings: shipped files present, idempotent, new editions beside old ones."""

from __future__ import annotations

import copy
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from resonanz.standards.evidence import registered
from resonanz.standards.loading import LIBRARY_DIR, LoadError, load, load_shipped, read_file
from resonanz.standards.models import Clause, ClauseMapping, Standard

ISO_FILE = LIBRARY_DIR / "iso9001-2015.json"
REQUIRED = [
    *(f"4.{n}" for n in range(1, 5)),
    *(f"7.1.{n}" for n in range(1, 7)),
    "7.5.1",
    "7.5.2",
    "7.5.3",
    *(f"8.5.{n}" for n in range(1, 7)),
    "9.1.1",
    "9.1.2",
    "9.1.3",
    "9.2.1",
    "9.2.2",
    "9.3.1",
    "9.3.2",
    "9.3.3",
    "10.2.1",
    "10.2.2",
    "10.3",
]


def _counts() -> tuple[int, int, int]:
    return Standard.objects.count(), Clause.objects.count(), ClauseMapping.objects.count()


def test_the_shipped_standards_are_there_after_migrate(db: None) -> None:
    iso = Standard.objects.get(code="iso9001", edition="2015")
    numbers = set(iso.clauses.values_list("number", flat=True))

    assert set(REQUIRED) <= numbers
    assert {str(n) for n in range(4, 11)} <= numbers
    assert "Klimawandel" in iso.amendment_de and "climate change" in iso.amendment_en
    assert Standard.objects.get(code="gdpr").clauses.filter(number__in=["5", "30", "33", "35"]).count() == 4
    assert ClauseMapping.objects.filter(source__number="30", target__number="7.5").exists()


def test_every_clause_has_its_own_texts_in_both_languages_and_a_parent_that_matches_its_number(
    db: None,
) -> None:
    for clause in Clause.objects.select_related("parent"):
        assert clause.title_de and clause.title_en and clause.paraphrase_de and clause.paraphrase_en
        assert clause.paraphrase_de != clause.paraphrase_en
        expected_parent = clause.number.rpartition(".")[0] or None
        assert (clause.parent.number if clause.parent else None) == expected_parent, clause.number


def test_every_provider_a_data_file_names_is_registered() -> None:
    named = {
        key
        for path in LIBRARY_DIR.glob("*.json")
        for c in read_file(path).get("clauses", [])
        for key in c["evidence_providers"]
    }
    assert named and named <= set(registered())


def test_loading_the_same_files_again_changes_nothing(db: None) -> None:
    before = _counts()
    iso = Standard.objects.get(code="iso9001", edition="2015")
    loaded_at = iso.loaded_at

    results = load_shipped()
    out = StringIO()
    call_command("standards", "load", str(ISO_FILE), stdout=out)

    assert _counts() == before
    assert all(result.created == 0 for result in results)
    assert json.loads(out.getvalue())["created"] == 0
    assert Standard.objects.get(pk=iso.pk).loaded_at == loaded_at


def test_a_new_edition_loads_beside_the_old_one_which_stays_as_it_was(db: None, tmp_path: Path) -> None:
    data = read_file(ISO_FILE)
    newer = copy.deepcopy(data)
    newer["edition"] = "2026"
    newer["clauses"][1]["paraphrase"]["de"] = "Eine neue eigene Kurzfassung."
    path = tmp_path / "iso9001-2026.json"
    path.write_text(json.dumps(newer), encoding="utf-8")
    old_text = Clause.objects.get(
        standard__edition="2015", standard__code="iso9001", number="4.1"
    ).paraphrase_de

    call_command("standards", "load", str(path), stdout=StringIO())

    editions = set(Standard.objects.filter(code="iso9001").values_list("edition", flat=True))
    assert editions == {"2015", "2026"}
    assert (
        Clause.objects.get(standard__edition="2026", number="4.1").paraphrase_de
        == "Eine neue eigene Kurzfassung."
    )
    assert (
        Clause.objects.get(standard__edition="2015", standard__code="iso9001", number="4.1").paraphrase_de
        == old_text
    )


def test_a_malformed_file_is_refused_and_writes_nothing(db: None) -> None:
    data = read_file(ISO_FILE)
    broken = copy.deepcopy(data)
    broken["edition"] = "kaputt"
    broken["clauses"][3]["parent"] = "99"
    before = _counts()

    with pytest.raises(LoadError):
        load(broken)
    with pytest.raises(LoadError):
        load({"format": "something/else"})

    assert _counts() == before


def test_the_command_explains_a_bad_file_without_a_traceback(db: None, tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    path = tmp_path / "bad.json"
    path.write_text("[1, 2", encoding="utf-8")
    with pytest.raises(CommandError, match="not JSON"):
        call_command("standards", "load", str(path), stdout=StringIO())


def test_a_mapping_names_two_loaded_standards_and_each_pair_once(db: None) -> None:
    mapping = read_file(LIBRARY_DIR / "gdpr-2016-iso9001-2015.json")
    unknown = {**mapping, "pairs": [["30", "99.9"]]}
    before = _counts()

    assert load(mapping).created == 0
    with pytest.raises(LoadError):
        load(unknown)
    pair = ClauseMapping.objects.first()
    assert pair is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        ClauseMapping.objects.create(source=pair.source, target=pair.target)
    assert _counts() == before
