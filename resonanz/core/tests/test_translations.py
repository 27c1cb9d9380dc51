"""German is not an afterthought: every text in the code has a reviewed German translation."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[2]
GERMAN = PACKAGE / "locale" / "de" / "LC_MESSAGES" / "django.po"


def _key(entry: polib.POEntry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


def test_every_german_entry_is_translated_and_none_is_fuzzy() -> None:
    catalogue = polib.pofile(str(GERMAN))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} German texts missing, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} German texts marked fuzzy, e.g. {fuzzy[:5]}"


def test_plural_entries_have_every_german_form() -> None:
    catalogue = polib.pofile(str(GERMAN))
    incomplete = [
        entry.msgid
        for entry in catalogue
        if entry.msgid_plural and (len(entry.msgstr_plural) < 2 or not all(entry.msgstr_plural.values()))
    ]
    assert not incomplete, f"German plural forms missing for {incomplete[:5]}"


def test_placeholders_survive_translation() -> None:
    import re

    placeholder = re.compile(r"%\((\w+)\)[sd]|\{\{\s*(\w+)\s*\}\}")
    catalogue = polib.pofile(str(GERMAN))
    broken = []
    for entry in catalogue.translated_entries():
        # A plural entry keeps its forms in msgstr_plural: form 0 answers the msgid, the others its plural.
        if entry.msgid_plural:
            pairs = [
                (entry.msgid if index == 0 else entry.msgid_plural, text)
                for index, text in sorted(entry.msgstr_plural.items())
            ]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, text in pairs:
            wanted = {m.group(0) for m in placeholder.finditer(source)}
            found = {m.group(0) for m in placeholder.finditer(text)}
            if wanted != found:
                broken.append((source, text))
    assert not broken, f"placeholders differ: {broken[:3]}"


def test_the_catalogue_holds_every_text_the_code_marks_for_translation(tmp_path: Path) -> None:
    """Extract the texts afresh (as `make messages` does) and compare with the committed catalogue."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("GNU gettext (xgettext) is needed under CI to check the catalogue")
        pytest.skip("GNU gettext (xgettext) is not installed; CI runs this check")
    copy = tmp_path / "resonanz"
    shutil.copytree(
        PACKAGE,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "tests", "static", "migrations"),
    )
    (copy / "locale" / "de" / "LC_MESSAGES" / "django.po").unlink()
    django_admin = Path(sys.executable).with_name("django-admin")
    subprocess.run(
        [str(django_admin), "makemessages", "-l", "de", "--no-obsolete", "--no-location"],
        cwd=copy,
        # Without settings makemessages writes into ./locale of the copy, never into the real catalogue.
        env={key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"},
        check=True,
        capture_output=True,
    )
    fresh = copy / "locale" / "de" / "LC_MESSAGES" / "django.po"
    extracted = {_key(entry) for entry in polib.pofile(str(fresh))}
    committed = {_key(entry) for entry in polib.pofile(str(GERMAN)) if not entry.obsolete}
    missing = sorted(extracted - committed)
    assert not missing, (
        f"{len(missing)} texts are not in the German catalogue (run make messages): {missing[:8]}"
    )
