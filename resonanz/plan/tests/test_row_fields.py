"""The row's answers and their limits are named once (``row_fields``); every layer follows it."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.db import models

from resonanz.core import dates
from resonanz.core.errors import ActionRefused
from resonanz.core.models import Organization
from resonanz.plan import actions
from resonanz.plan.api_schemas import ROW_NULLABLE, RowIn, RowOut, RowPatch
from resonanz.plan.diff import row_values
from resonanz.plan.forms import RowForm
from resonanz.plan.matrix_rows import MatrixRow, load_rows
from resonanz.plan.models import PlanRow
from resonanz.plan.row_fields import FIELD_NAMES, ROW_FIELDS, TEXT_LIMITS, Kind
from resonanz.plan.tests.factories import english_messages, make_plan, make_plan_people  # noqa: F401
from resonanz.plan.tests.test_import import GERMAN_HEADER, csv_upload, good_line, run_check
from resonanz.plan.transfer.columns import COLUMN_BY_KEY

pytestmark = pytest.mark.usefixtures("english_messages")
LIMITED = [spec for spec in ROW_FIELDS if spec.kind in (Kind.TEXT, Kind.RULE)]


def test_every_layer_holds_the_fields_of_the_specification(org: Organization) -> None:
    editor, _officer = make_plan_people(org)
    _plan, draft, _rows = make_plan(org, editor)
    model_fields = {
        field.name
        for field in PlanRow._meta.get_fields()
        if field.concrete or field.many_to_many
        if field.name not in ("id", "version", "row_key", "position")
    }

    assert model_fields == set(FIELD_NAMES)
    assert set(RowForm.base_fields) == {*FIELD_NAMES, "preset", "rule_words"}
    assert set(RowIn.model_fields) == set(RowPatch.model_fields) == {spec.api_name for spec in ROW_FIELDS}
    assert set(FIELD_NAMES) <= set(RowOut.model_fields)
    assert set(FIELD_NAMES) <= {field.name for field in dataclasses.fields(MatrixRow)}
    assert set(FIELD_NAMES) - {"when_kind"} <= set(COLUMN_BY_KEY)  # the kind is in the “When” words
    assert list(row_values(load_rows(draft)[0])) == list(FIELD_NAMES)
    assert {"topic_id", "when_kind", "start_date", "start_time", "approver_id", "owner_id"} == ROW_NULLABLE


@pytest.mark.parametrize("spec", LIMITED, ids=lambda spec: spec.name)
def test_model_form_and_api_take_their_limits_from_the_specification(spec: object) -> None:
    name, limit = spec.name, spec.limit  # type: ignore[attr-defined]
    model_field = PlanRow._meta.get_field(name)

    if isinstance(model_field, models.CharField):
        assert model_field.max_length == limit
    assert RowForm.base_fields[name].max_length == limit  # type: ignore[attr-defined]
    for schema in (RowIn, RowPatch):
        assert limit in [getattr(item, "max_length", None) for item in schema.model_fields[name].metadata]


@pytest.mark.parametrize("spec", LIMITED, ids=lambda spec: spec.name)
def test_the_row_actions_refuse_text_over_its_limit(org: Organization, spec: object) -> None:
    name, limit = spec.name, spec.limit  # type: ignore[attr-defined]
    editor, _officer = make_plan_people(org)
    _plan, _draft, (row,) = make_plan(org, editor)
    # A valid rule too: only its length is wrong.
    too_long = "FREQ=WEEKLY;BYDAY=" + ",".join(["MO"] * limit) if name == "rrule" else "x" * (limit + 1)

    with pytest.raises(ActionRefused) as refused:
        actions.update_row(editor, row, **{name: too_long})

    assert refused.value.field == name
    assert f"at most {limit} characters" in refused.value.messages[0]
    assert name not in TEXT_LIMITS or TEXT_LIMITS[name] == limit


def test_the_date_range_is_named_once_for_the_actions_and_the_importer(
    org: Organization, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN the accepted dates end in 2100 instead of 2200 (core.dates)
    WHEN a row or an imported line names a day in 2150 THEN both refuse it, naming 2100."""
    monkeypatch.setattr(dates, "LATEST", dt.date(2100, 12, 31))
    editor, _officer = make_plan_people(org)
    _plan, draft, (row,) = make_plan(org, editor)
    line = good_line(editor)
    line[3] = "06.01.2150"

    with pytest.raises(ActionRefused) as refused:
        actions.update_row(editor, row, start_date=dt.date(2150, 1, 6))
    job = run_check(editor, draft, csv_upload([GERMAN_HEADER, line]))

    assert refused.value.messages == ["Enter a date between 1970 and 2100."]
    assert [problem["message"] for problem in job.problems if problem["value"] == "06.01.2150"] == [
        "Enter a date between 1970 and 2100."
    ]
