"""What the API accepts: JSON bodies, text a database can store, strict JSON types, bounded pagination.

Routers build their request bodies on ``InputSchema`` (POST) and ``PatchSchema`` (PATCH), use
``IsoDateTime`` for times and paginate with ``@paginate(Pagination)``.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import re
import types
import typing
from collections.abc import Callable
from typing import Annotated, Any, ClassVar, cast

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import ValidationError
from ninja.pagination import LimitOffsetPagination
from ninja.parser import Parser
from ninja.signature import details as ninja_signature_details
from ninja.signature.utils import get_typed_annotation
from pydantic import AfterValidator, BeforeValidator, ConfigDict, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from resonanz.api_problems import BodyRefused, item, message_for

MAX_LIMIT = 500
MAX_OFFSET = 10_000_000
_JSON_TYPE = re.compile(r"^application/([a-z0-9.+-]+\+)?json$")
_NUMBER = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*")
# Python's datetime reaches from year 1 to 9999; a time near either end overflows when it is
# converted to UTC for the database.
FIRST_YEAR, LAST_YEAR = 1000, 9998


# ---------------------------------------------------------------- a repair in django-ninja


def _typed_signature(call: Callable[..., Any]) -> inspect.Signature:
    """The view's signature with its string annotations resolved in the module that defined it.

    django-ninja 1.7 resolves them in the namespace of the outermost decorator; under ``from __future__
    import annotations`` a view wrapped by ``@paginate`` then loses names such as ``Query[...]`` or its
    own schemas, and fails at its first request. Installed before any router module is imported.
    """
    signature = inspect.signature(call)
    namespace = getattr(inspect.unwrap(call), "__globals__", {})
    return signature.replace(
        parameters=[
            parameter.replace(annotation=get_typed_annotation(parameter, namespace))
            for parameter in signature.parameters.values()
        ],
        return_annotation=inspect.Signature.empty,
    )


ninja_signature_details.get_typed_signature = _typed_signature  # type: ignore[attr-defined]


# ---------------------------------------------------------------- text and JSON


def text_problem(value: str) -> str | None:
    """Why a string cannot be stored: PostgreSQL refuses NUL, every database refuses lone surrogates."""
    if "\x00" in value:
        return "text_nul"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "text_encoding"
    return None


def _bad_texts(value: Any, loc: list[str | int]) -> list[dict[str, Any]]:
    """Every string in a parsed JSON value (keys too) that could not be stored, with its location."""
    found: list[dict[str, Any]] = []
    if isinstance(value, str):
        kind = text_problem(value)
        if kind:
            found.append(item(loc, kind))
    elif isinstance(value, dict):
        for key, member in value.items():
            kind = text_problem(key)
            if kind:
                found.append(item([*loc, key], kind))
            else:
                found.extend(_bad_texts(member, [*loc, key]))
    elif isinstance(value, list):
        for index, member in enumerate(value):
            found.extend(_bad_texts(member, [*loc, index]))
    return found


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


class JsonParser(Parser):
    """JSON bodies only, and no text a database cannot store, in bodies or in query strings."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        if not _JSON_TYPE.match((request.content_type or "").lower()):
            raise BodyRefused(415, _("Send the body as JSON with the header Content-Type: application/json."))
        try:
            data = json.loads(request.body, parse_constant=_refuse_constant)
        except json.JSONDecodeError as error:
            detail = _("The body is not valid JSON (line %(line)s, column %(column)s).") % {
                "line": error.lineno,
                "column": error.colno,
            }
            raise BodyRefused(400, detail) from None
        except (ValueError, RecursionError):
            raise BodyRefused(400, _("The body is not valid JSON.")) from None
        bad = _bad_texts(data, ["body"])
        if bad:
            raise BodyRefused(422, _("See “errors” for each problem."), bad)
        return cast(dict[str, Any], data)

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        bad = []
        for key, values in data.lists():
            kind = next(
                filter(None, (text_problem(text) for text in [key, *values] if isinstance(text, str))), None
            )
            if kind:
                bad.append(item(["query", key], kind))
        if bad:
            raise ValidationError(bad)
        return super().parse_querydict(data, list_fields, request)


# ---------------------------------------------------------------- request bodies


def _plain_type(annotation: Any) -> Any:
    """``int`` for ``int``, ``int | None`` and ``Annotated[int, ...]``; else the annotation itself."""
    while typing.get_origin(annotation) is Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = [member for member in typing.get_args(annotation) if member is not type(None)]
        if len(members) == 1:
            return _plain_type(members[0])
    return annotation


_TEXT_ONLY: dict[Any, str] = {dt.datetime: "datetime_type", dt.date: "date_type", dt.time: "time_type"}


class InputSchema(Schema):
    """A request body: unknown members are refused, so a misspelt field is noticed, and JSON types count.

    pydantic alone would take ``1`` or ``"yes"`` for a boolean, ``true`` or ``"5"`` for a number and a
    number for a date or time.
    """

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _strict_json_types(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None or info.field_name is None:
            return value
        expected = _plain_type(cls.model_fields[info.field_name].annotation)
        if expected is bool and not isinstance(value, bool):
            raise PydanticCustomError("bool_type", "Input should be a valid boolean")
        if expected is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise PydanticCustomError("int_type", "Input should be a valid integer")
        if expected is float and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise PydanticCustomError("float_type", "Input should be a valid number")
        if expected in _TEXT_ONLY and not isinstance(value, str):
            # pydantic would read numbers as Unix timestamps.
            raise PydanticCustomError(_TEXT_ONLY[expected], "Input should be a string in ISO 8601 format")
        return value


def _patch_json_schema(schema: dict[str, Any], model: type[PatchSchema]) -> None:
    """No ``default: null`` in the schema, and no ``null`` for the fields that refuse it."""
    for name, field in schema.get("properties", {}).items():
        if field.get("default", ...) is None:
            del field["default"]
        branches = field.get("anyOf")
        if model.nullable is not None and name not in model.nullable and isinstance(branches, list):
            kept = [branch for branch in branches if branch != {"type": "null"}]
            if len(kept) == 1:
                del field["anyOf"]
                field.update(kept[0])
            else:
                field["anyOf"] = kept


class PatchSchema(InputSchema):
    """A PATCH body: every field optional; read the fields sent with ``payload.dict(exclude_unset=True)``.

    Declare fields as ``name: str | None = Field(None, ...)``; a field left out keeps its value. Set
    ``nullable`` to the fields where ``null`` empties the value: every other field then refuses ``null``
    (422), and the schema says so. Without ``nullable``, ``null`` is accepted everywhere and the handler
    decides what it means.
    """

    nullable: ClassVar[frozenset[str] | None] = None
    model_config = ConfigDict(extra="forbid", json_schema_extra=_patch_json_schema)

    @field_validator("*", mode="before")
    @classmethod
    def _null_only_where_allowed(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and cls.nullable is not None and info.field_name not in cls.nullable:
            raise PydanticCustomError("null_forbidden", "Leave the field out instead of sending null")
        return value


def _not_a_timestamp(value: Any) -> Any:
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMBER.fullmatch(value)):
        raise ValueError(message_for({"type": "datetime_parsing"}))
    return value


def _within_years(value: dt.datetime) -> dt.datetime:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(
            _("Enter a time between the years %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return value


# A date and time in ISO 8601 only (pydantic alone also takes numbers as Unix timestamps), in years the
# database can store. Use it for every datetime in query parameters and bodies.
IsoDateTime = Annotated[dt.datetime, BeforeValidator(_not_a_timestamp), AfterValidator(_within_years)]


class Pagination(LimitOffsetPagination):
    """``?limit=&offset=`` with bounds; the answer is ``{"items": [...], "count": <all matching>}``."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_LIMIT, description="How many items to return.")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")
