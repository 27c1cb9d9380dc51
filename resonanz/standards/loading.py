"""Loading standards and mappings from data files (``resonanz standards load FILE``).

A standard file names its ``code`` and ``edition`` and lists its clauses in order; a mapping file
names two loaded editions and pairs of clause numbers. Loading is idempotent: an edition already
loaded is left exactly as it is (a published edition never changes; a corrected paraphrase is a new
edition), and a mapping pair already there is not added twice. A new edition loads beside the old.
The files shipped in ``library/`` are loaded after every ``migrate`` (see ``apps.py``), so every
installation, the demo and the test database have them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from resonanz.standards.models import NUMBER_MAX_LENGTH, Clause, ClauseMapping, Standard

LIBRARY_DIR = Path(__file__).resolve().parent / "library"
STANDARD_FORMAT = "resonanz.standard/1"
MAPPING_FORMAT = "resonanz.mapping/1"
MAX_FILE_BYTES = 2_000_000
MAX_CLAUSES = 2_000


class LoadError(ValueError):
    """The file is not a standard or mapping this version of resonanz can load."""


@dataclass(frozen=True)
class Loaded:
    kind: str  # "standard" or "mapping"
    name: str
    created: int  # clauses or pairs added; 0 when everything was there already


def _text(value: Any, where: str, *, required: bool = True) -> dict[str, str]:
    if not isinstance(value, dict):
        raise LoadError(f"{where}: expected an object with 'de' and 'en'")
    texts = {language: value.get(language, "") for language in ("de", "en")}
    if not all(isinstance(text, str) for text in texts.values()):
        raise LoadError(f"{where}: 'de' and 'en' must be text")
    if required and not all(texts.values()):
        raise LoadError(f"{where}: both 'de' and 'en' are required")
    return texts


def _standard_key(value: Any, where: str) -> tuple[str, str]:
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("code"), str)
        or not isinstance(value.get("edition"), str)
    ):
        raise LoadError(f"{where}: expected 'code' and 'edition'")
    return value["code"], value["edition"]


def read_file(path: Path | str) -> dict[str, Any]:
    path = Path(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise LoadError(f"{path}: larger than {MAX_FILE_BYTES} bytes")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise LoadError(f"{path}: not JSON ({error})") from None
    if not isinstance(data, dict):
        raise LoadError(f"{path}: expected a JSON object")
    return data


def load(data: dict[str, Any]) -> Loaded:
    """Load one standard or mapping (already parsed); refuse anything malformed, writing nothing."""
    kind = data.get("format")
    if kind == STANDARD_FORMAT:
        return load_standard(data)
    if kind == MAPPING_FORMAT:
        return load_mapping(data)
    raise LoadError(f"unknown format {kind!r}: expected {STANDARD_FORMAT!r} or {MAPPING_FORMAT!r}")


def _clean_clauses(data: dict[str, Any]) -> list[dict[str, Any]]:
    clauses = data.get("clauses")
    if not isinstance(clauses, list) or not clauses or len(clauses) > MAX_CLAUSES:
        raise LoadError(f"'clauses': expected a list of 1 to {MAX_CLAUSES} clauses")
    cleaned, seen = [], set()
    for index, clause in enumerate(clauses):
        where = f"clause {index + 1}"
        if not isinstance(clause, dict):
            raise LoadError(f"{where}: expected an object")
        number, parent = clause.get("number"), clause.get("parent")
        if not isinstance(number, str) or not number or len(number) > NUMBER_MAX_LENGTH or number in seen:
            raise LoadError(f"{where}: a missing, too long or repeated 'number'")
        if parent is not None and parent not in seen:
            raise LoadError(f"{where}: its parent {parent!r} must come before it")
        providers = clause.get("evidence_providers", [])
        if not isinstance(providers, list) or not all(isinstance(key, str) for key in providers):
            raise LoadError(f"{where}: 'evidence_providers' must be a list of names")
        seen.add(number)
        cleaned.append(
            {
                "number": number,
                "parent": parent,
                "title": _text(clause.get("title"), f"{where} title"),
                "paraphrase": _text(clause.get("paraphrase"), f"{where} paraphrase"),
                "evidence": _text(
                    clause.get("typical_evidence", {}), f"{where} typical_evidence", required=False
                ),
                "providers": providers,
            }
        )
    return cleaned


def load_standard(data: dict[str, Any]) -> Loaded:
    code, edition = _standard_key(data, "standard")
    title = _text(data.get("title"), "title")
    amendment = _text(data.get("amendment", {}), "amendment", required=False)
    note = _text(data.get("note", {}), "note", required=False)
    prefix = data.get("number_prefix", "")
    if not isinstance(prefix, str) or len(prefix) > 10:
        raise LoadError("'number_prefix' must be short text")
    clauses = _clean_clauses(data)
    name = f"{code} {edition}"
    with transaction.atomic():
        standard, created = Standard.objects.get_or_create(
            code=code,
            edition=edition,
            defaults={
                "title_de": title["de"],
                "title_en": title["en"],
                "number_prefix": prefix,
                "amendment_de": amendment["de"],
                "amendment_en": amendment["en"],
                "note_de": note["de"],
                "note_en": note["en"],
            },
        )
        if not created:
            return Loaded("standard", name, 0)  # an edition never changes once loaded
        by_number: dict[str, Clause] = {}
        for position, clause in enumerate(clauses, start=1):
            by_number[clause["number"]] = Clause.objects.create(
                standard=standard,
                number=clause["number"],
                parent=by_number[clause["parent"]] if clause["parent"] else None,
                position=position,
                title_de=clause["title"]["de"],
                title_en=clause["title"]["en"],
                paraphrase_de=clause["paraphrase"]["de"],
                paraphrase_en=clause["paraphrase"]["en"],
                typical_evidence_de=clause["evidence"]["de"],
                typical_evidence_en=clause["evidence"]["en"],
                evidence_providers=clause["providers"],
            )
    return Loaded("standard", name, len(by_number))


def load_mapping(data: dict[str, Any]) -> Loaded:
    source_key = _standard_key(data.get("source"), "source")
    target_key = _standard_key(data.get("target"), "target")
    pairs = data.get("pairs")
    if not isinstance(pairs, list) or len(pairs) > MAX_CLAUSES:
        raise LoadError(f"'pairs': expected a list of at most {MAX_CLAUSES} pairs")
    source = Standard.objects.filter(code=source_key[0], edition=source_key[1]).first()
    target = Standard.objects.filter(code=target_key[0], edition=target_key[1]).first()
    if source is None or target is None or source == target:
        raise LoadError("load both standards of the mapping first (two different editions)")
    sources = {clause.number: clause for clause in source.clauses.all()}
    targets = {clause.number: clause for clause in target.clauses.all()}
    wanted = []
    for index, pair in enumerate(pairs):
        if not isinstance(pair, list) or len(pair) != 2 or pair[0] not in sources or pair[1] not in targets:
            raise LoadError(f"pair {index + 1}: expected [source clause, target clause] of the two standards")
        wanted.append((sources[pair[0]], targets[pair[1]]))
    created = 0
    with transaction.atomic():
        for first, second in wanted:
            _mapping, made = ClauseMapping.objects.get_or_create(source=first, target=second)
            created += made
    return Loaded("mapping", f"{source} ↔ {target}", created)


def shipped_files() -> list[Path]:
    """The shipped data files, standards before the mappings between them."""
    files = sorted(LIBRARY_DIR.glob("*.json"))
    return sorted(files, key=lambda path: read_file(path).get("format") == MAPPING_FORMAT)


def load_shipped() -> list[Loaded]:
    return [load(read_file(path)) for path in shipped_files()]
