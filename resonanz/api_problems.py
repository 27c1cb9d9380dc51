"""What the API answers when something goes wrong: RFC 9457 problem details, in the caller's language.

Every error is ``application/problem+json`` with ``type``, ``title`` (the kind of error), ``status`` and
``detail`` (this case); validation errors add ``errors``, one entry per invalid value with its location
(``["body", "email"]``, ``["query", "limit"]``), a translated message and pydantic's error type.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DataError, IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from ninja import Field, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from resonanz.core.roles import Capability

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger("resonanz.api")
PROBLEM = "application/problem+json"

TITLES: dict[int, Any] = {
    400: gettext_lazy("Bad request"),
    401: gettext_lazy("Authentication required"),
    403: gettext_lazy("Forbidden"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    409: gettext_lazy("Conflict"),
    413: gettext_lazy("Request too large"),
    415: gettext_lazy("Unsupported media type"),
    422: gettext_lazy("Invalid request"),
    429: gettext_lazy("Too many requests"),
    500: gettext_lazy("Internal server error"),
}

_DATETIME = gettext_lazy("Enter a date and time such as 2025-03-31T14:30:00+02:00.")
# pydantic's own messages are English only; these are the ones a client of this API can meet.
MESSAGES: dict[str, Any] = {
    "missing": gettext_lazy("This field is required."),
    "extra_forbidden": gettext_lazy("This field is not known here."),
    "null_forbidden": gettext_lazy("Leave the field out instead of sending null."),
    "string_type": gettext_lazy("Enter text."),
    "string_too_short": ngettext_lazy(
        "Enter at least %(min_length)s character.", "Enter at least %(min_length)s characters.", "min_length"
    ),
    "string_too_long": ngettext_lazy(
        "Enter at most %(max_length)s character.", "Enter at most %(max_length)s characters.", "max_length"
    ),
    "string_pattern_mismatch": gettext_lazy("The value does not have the expected form."),
    "int_type": gettext_lazy("Enter a whole number."),
    "int_parsing": gettext_lazy("Enter a whole number."),
    "int_from_float": gettext_lazy("Enter a whole number."),
    "int_parsing_size": gettext_lazy("The number is too large."),
    "float_type": gettext_lazy("Enter a number."),
    "float_parsing": gettext_lazy("Enter a number."),
    "greater_than": gettext_lazy("Enter a number greater than %(gt)s."),
    "greater_than_equal": gettext_lazy("Enter a number of at least %(ge)s."),
    "less_than": gettext_lazy("Enter a number less than %(lt)s."),
    "less_than_equal": gettext_lazy("Enter a number of at most %(le)s."),
    "bool_type": gettext_lazy("Enter true or false."),
    "bool_parsing": gettext_lazy("Enter true or false."),
    "datetime_type": _DATETIME,
    "datetime_parsing": _DATETIME,
    "datetime_from_date_parsing": _DATETIME,
    "datetime_object_invalid": _DATETIME,
    "date_type": gettext_lazy("Enter a date such as 2025-03-31."),
    "date_parsing": gettext_lazy("Enter a date such as 2025-03-31."),
    "date_from_datetime_parsing": gettext_lazy("Enter a date such as 2025-03-31."),
    "date_from_datetime_inexact": gettext_lazy("Enter a date such as 2025-03-31, without a time."),
    "time_type": gettext_lazy("Enter a time such as 14:30."),
    "time_parsing": gettext_lazy("Enter a time such as 14:30."),
    "enum": gettext_lazy("Choose one of: %(expected)s."),
    "literal_error": gettext_lazy("Choose one of: %(expected)s."),
    "list_type": gettext_lazy("Enter a list."),
    "too_short": ngettext_lazy(
        "Give at least %(min_length)s entry.", "Give at least %(min_length)s entries.", "min_length"
    ),
    "too_long": ngettext_lazy(
        "Give at most %(max_length)s entry.", "Give at most %(max_length)s entries.", "max_length"
    ),
    "model_type": gettext_lazy("Send a JSON object."),
    "model_attributes_type": gettext_lazy("Send a JSON object."),
    "dict_type": gettext_lazy("Send a JSON object."),
    "text_nul": gettext_lazy("Text must not contain NUL characters."),
    "text_encoding": gettext_lazy("Text must be valid Unicode."),
}


UNKNOWN_PROBLEM = gettext_lazy("This value is not valid here.")


class ProblemItem(Schema):
    """One invalid value: where it is, what is wrong with it, and pydantic's name for the error."""

    loc: list[str | int]
    msg: str
    type: str


class Problem(Schema):
    """An error as RFC 9457 problem details. ``title`` names the kind of error, ``detail`` this case."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[ProblemItem] = Field(default_factory=list)


class BodyRefused(Exception):
    """Raised by the body parser; ninja wraps it in a 400 HttpError, whose handler unwraps it again."""

    def __init__(self, status: int, detail: str = "", errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors


def problem(status: int, detail: str = "", *, errors: list[dict[str, Any]] | None = None) -> HttpResponse:
    """An ``application/problem+json`` response in the active language."""
    title = TITLES.get(status) or HTTPStatus(status).phrase
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": str(title),
        "status": status,
        "detail": str(detail),
    }
    if errors is not None:
        body["errors"] = errors
    content = json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False)
    return HttpResponse(content, status=status, content_type=PROBLEM)


def invalid(errors: list[dict[str, Any]]) -> HttpResponse:
    return problem(422, _("See “errors” for each problem."), errors=errors)


def message_for(error: dict[str, Any]) -> str:
    """A translated message for one pydantic error, with its numbers filled in."""
    kind = str(error.get("type", ""))
    context = dict(error.get("ctx") or {})
    if kind in ("value_error", "assertion_error") and "error" in context:
        return str(context["error"])
    template = MESSAGES.get(kind)
    if template is None:  # pydantic's own text is English only
        return str(UNKNOWN_PROBLEM)
    if "expected" in context:
        # pydantic lists choices as "'a', 'b' or 'c'": keep the values, drop the English "or".
        context["expected"] = str(context["expected"]).replace("' or '", "', '")
    try:
        return str(template % context)
    except (KeyError, TypeError, ValueError):
        return str(UNKNOWN_PROBLEM)


def item(loc: list[str | int], kind: str) -> dict[str, Any]:
    return {"loc": loc, "msg": message_for({"type": kind}), "type": kind}


# ---------------------------------------------------------------- exception handlers


def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {
            "loc": [part if isinstance(part, int) else str(part) for part in error.get("loc", [])],
            "msg": str(error.get("msg", "")),
            "type": str(error.get("type", "")),
        }
        for error in exc.errors
    ]
    return invalid(errors)


def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    reason = getattr(request, "auth_problem", "")
    detail = reason or _("Send a token in the header Authorization: Bearer rz_<prefix>_<secret>.")
    response = problem(401, detail)
    response["WWW-Authenticate"] = 'Bearer realm="resonanz"' + (', error="invalid_token"' if reason else "")
    return response


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    cause = exc.__cause__
    if isinstance(cause, BodyRefused):
        return problem(cause.status, cause.detail, errors=cause.errors)
    if isinstance(exc, AuthenticationError):
        return _auth_error(request, exc)
    return problem(exc.status_code, str(exc.message))


def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    if isinstance(exc, ObjectDoesNotExist):
        # An access helper should have turned this into Http404; still, nobody learns more from a 500.
        logger.warning("API: unhandled %s on %s", type(exc).__name__, request.path)
    return problem(404, _("It does not exist, or it belongs to another organization."))


def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    capability = exc.args[0] if exc.args else None
    if isinstance(capability, Capability):
        return problem(
            403, _("Your roles do not allow this: %(capability)s.") % {"capability": capability.label}
        )
    return problem(403, _("Your roles do not allow this."))


def _refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    """An action refused (``ActionRefused``) or a model's validation failed: 422, nothing was changed."""
    errors: list[dict[str, Any]]
    if hasattr(exc, "error_dict"):
        errors = [
            {"loc": ["body", name], "msg": str(message), "type": "refused"}
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        field = getattr(exc, "field", None)
        loc = ["body", field] if field else ["body"]
        errors = [{"loc": loc, "msg": str(message), "type": "refused"} for message in exc.messages]
    return problem(422, " ".join(error["msg"] for error in errors), errors=errors)


def _suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    if isinstance(exc, RequestDataTooBig):
        return problem(413, _("The request body is too large."))
    return problem(400, _("The request could not be read."))


def _database_refused(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Validation should stop such values first; this is the net under it (e.g. a number out of range).
    logger.warning("API: the database refused a value on %s: %s", request.path, exc)
    if isinstance(exc, IntegrityError):
        return problem(409, _("This conflicts with existing data. Reload and try again."))
    return problem(422, _("A value is too large or contains characters that cannot be stored."))


def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return problem(500, _("Something went wrong on our side. The error has been logged."))


def install_exception_handlers(api: NinjaAPI) -> None:
    """Every exception becomes a problem; the most specific handler (by the exception's MRO) wins."""
    handlers: dict[type[Exception], Any] = {
        ValidationError: _validation_error,
        AuthenticationError: _auth_error,
        HttpError: _http_error,
        Http404: _not_found,
        ObjectDoesNotExist: _not_found,
        PermissionDenied: _forbidden,
        DjangoValidationError: _refused,
        SuspiciousOperation: _suspicious,
        DataError: _database_refused,
        IntegrityError: _database_refused,
        OverflowError: _database_refused,
        Exception: _unexpected,
    }
    for exception, handler in handlers.items():
        api.add_exception_handler(exception, handler)
