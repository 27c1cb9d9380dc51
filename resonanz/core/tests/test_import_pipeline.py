"""The shared import pipeline (``core.imports``): column mapping, the dry run's findings, reading."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from resonanz.core.errors import ActionRefused
from resonanz.core.imports import checking, jobs, reading
from resonanz.core.imports.checking import ERROR, WARNING, CheckResult, Problem, cell_text
from resonanz.core.imports.columns import Column, ColumnSet, normalize_header
from resonanz.people.hr_import import COLUMNS as PEOPLE_COLUMNS
from resonanz.people.models import PeopleImportJob
from resonanz.plan.transfer.columns import COLUMN_SET as PLAN_COLUMNS

KIND_COLUMNS = ColumnSet(
    (
        Column("email", _("E-mail address"), ("e-mail", "mail"), required=True),
        Column("unit", _("Unit"), ("abteilung",)),
        Column("number", _("No."), ("nr",), importable=False),
    )
)


def test_headers_are_recognised_by_label_in_both_languages_and_by_alias() -> None:
    with translation.override("en"):
        assert KIND_COLUMNS.suggest_mapping(["Abteilung", "E-Mail-Adresse", "Nr"]) == {"unit": 0, "email": 1}
        assert KIND_COLUMNS.suggest_mapping(["Unit (cost centre)", "Mail: work"]) == {"unit": 0}


def test_each_column_and_each_field_is_suggested_at_most_once() -> None:
    assert KIND_COLUMNS.suggest_mapping(["Mail", "E-Mail", "Abteilung", "Abteilung"]) == {
        "email": 0,
        "unit": 2,
    }


def test_normalised_headers_spell_out_umlauts_and_drop_punctuation() -> None:
    assert normalize_header("  Mit wem: Zielgruppen ") == "mit wem zielgruppen"
    assert normalize_header("Größe (in €)") == "groesse in"


def test_kinds_declare_their_required_columns() -> None:
    assert KIND_COLUMNS.required == ("email",) and "number" not in KIND_COLUMNS.import_fields
    assert PEOPLE_COLUMNS.required == ("email",) and PLAN_COLUMNS.required == ()


class _Kind(jobs.ImportKind[PeopleImportJob]):
    name = "test"
    model = PeopleImportJob
    columns = KIND_COLUMNS


def test_a_mapping_without_a_required_field_or_with_a_column_twice_is_refused() -> None:
    job = PeopleImportJob(headers=["Mail", "Abteilung"])

    with translation.override("de"), pytest.raises(ActionRefused) as missing:
        jobs.clean_mapping(_Kind(), job, {"unit": 1})
    with pytest.raises(ActionRefused) as twice:
        jobs.clean_mapping(_Kind(), job, {"email": 0, "unit": 0})
    with pytest.raises(ActionRefused):
        jobs.clean_mapping(_Kind(), job, {"email": 7})

    assert missing.value.messages == [
        "Wählen Sie die Spalte mit „E-Mail-Adresse“ aus: Der Import braucht sie."
    ]
    assert "„Mail“" in str(twice.value.messages[0])
    assert jobs.clean_mapping(_Kind(), job, {"email": 0, "unit": None, "number": 1}) == {"email": 0}


def test_the_findings_list_is_capped_but_every_problem_is_counted() -> None:
    result = CheckResult()
    for line in range(checking.MAX_LISTED_PROBLEMS + 10):
        result.add(Problem(line, "E-Mail", "", "kaputt", ERROR))
    result.add(Problem(1, "", "", "Hinweis", WARNING))

    assert len(result.problems) == checking.MAX_LISTED_PROBLEMS
    assert (result.error_count, result.warning_count) == (checking.MAX_LISTED_PROBLEMS + 10, 1)
    assert len(result.error_lines) == checking.MAX_LISTED_PROBLEMS + 10


def test_cells_become_text_without_formula_guards_nul_bytes_or_trailing_zeros() -> None:
    assert cell_text(42.0) == "42" and cell_text(None) == "" and cell_text(True) == "1"
    assert cell_text("'=SUMME(A1)") == "=SUMME(A1)" and cell_text(" a\x00b ") == "ab"


@pytest.mark.parametrize(
    ("data", "rows"),
    [
        ("\ufeffE-Mail;Abteilung\r\na@x.example;Süd\r\n".encode(), [["a@x.example", "Süd"]]),
        ("E-Mail,Abteilung\na@x.example,Süd\n".encode("cp1252"), [["a@x.example", "Süd"]]),
        ("E-Mail\tAbteilung\na@x.example\tSüd\n".encode("utf-16"), [["a@x.example", "Süd"]]),
    ],
)
def test_csv_is_read_in_the_encodings_and_separators_excel_writes(data: bytes, rows: list[list[str]]) -> None:
    sheet = reading.read_sheet(data, reading.detect_format("export.csv", data[:8]))

    assert sheet.headers == ["E-Mail", "Abteilung"]
    assert [cells for _line, cells in sheet.rows] == rows
