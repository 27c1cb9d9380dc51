"""resonanz's NinjaAPI: problem+json for every URL under /api/v1/, and an OpenAPI schema that says so.

Every error, including unknown paths and methods, is an RFC 9457 problem (see ``api_problems.py``);
the schema documents the problem responses of every operation.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.urls import URLPattern, URLResolver, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import ValidationError, ValidationErrorContext

from resonanz.api_auth import activate_language
from resonanz.api_input import text_problem
from resonanz.api_problems import PROBLEM, Problem, invalid, item, message_for, problem


def _guard(
    view: Callable[..., HttpResponseBase], *, read_only: bool = False
) -> Callable[..., HttpResponseBase]:
    """Wrap one URL of the API: language, NUL bytes in the path, and problem+json for 404 and 405.

    The API authenticates by header, never by cookie, so no URL of it needs Django's CSRF check (which
    would answer with an HTML page). ``read_only`` URLs (the schema, the docs) answer GET and HEAD only.
    """

    @functools.wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        activate_language(request)
        bad = [
            item(["path", name], kind) for name, value in kwargs.items() if (kind := text_problem(str(value)))
        ]
        if bad:
            return invalid(bad)
        if read_only and request.method not in ("GET", "HEAD"):
            response: HttpResponseBase = HttpResponseNotAllowed(["GET", "HEAD"])
        else:
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                return _unknown_path(request)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = problem(405, _("Allowed here: %(methods)s.") % {"methods": allowed})
            response["Allow"] = allowed
        return response

    return csrf_exempt(guarded)


@csrf_exempt
def _unknown_path(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    activate_language(request)
    detail = _("There is no such address in the API. It is described at %(url)s.") % {"url": "/api/v1/docs"}
    return problem(404, detail)


_LOCAL_TIME = {
    "type": "string",
    "format": "partial-time",
    "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
}


def _local_times(node: Any) -> None:
    """Say what a ``datetime.time`` really is: a local wall-clock time such as ``09:30:00``.

    pydantic calls it ``format: time``, which JSON Schema defines as RFC 3339 *with* a UTC offset, so
    validators and clients would refuse the values the API sends and accepts.
    """
    if isinstance(node, dict):
        if node.get("format") == "time" and node.get("type") == "string":
            node.update(_LOCAL_TIME)
        for value in node.values():
            _local_times(value)
    elif isinstance(node, list):
        for value in node:
            _local_times(value)


def _error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


class ResonanzAPI(NinjaAPI):
    """NinjaAPI with problem+json for everything that goes wrong, and a schema that says so."""

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                read_only = pattern.name in ("openapi-json", "openapi-view")
                pattern.callback = _guard(pattern.callback, read_only=read_only)
        # Anything else under /api/v1/ is a problem+json 404, not the HTML page of the web UI.
        patterns.append(re_path(r"", _unknown_path, name="unknown-path"))
        return patterns

    def validation_error_from_error_contexts(
        self, error_contexts: list[ValidationErrorContext[Any]]
    ) -> ValidationError:
        errors: list[dict[str, Any]] = []
        for context in error_contexts:
            model = context.model
            source = model.__ninja_param_source__
            body_attribute = getattr(model, "__read_from_single_attr__", None)
            reverse_map = getattr(model, "__ninja_flatten_map_reverse__", {})
            for error in context.pydantic_validation_error.errors(include_url=False):
                loc = tuple(error["loc"])
                loc = reverse_map.get(loc, loc)
                # A single body schema is wrapped in the handler's parameter name; clients never see it.
                if source == "body" and body_attribute and loc[:1] == (body_attribute,):
                    loc = loc[1:]
                errors.append({"loc": [source, *loc], "msg": message_for(dict(error)), "type": error["type"]})
        return ValidationError(errors)

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        _local_times(schema)
        definitions = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        nested = definitions.pop("$defs", {})
        schema.setdefault("components", {}).setdefault("schemas", {}).update(
            {**nested, "Problem": definitions}
        )
        for path_item in schema["paths"].values():
            for operation in path_item.values():
                responses = operation.setdefault("responses", {})
                for code, response in responses.items():
                    if int(code) >= 400:
                        response["content"] = _error_response("")["content"]
                additions = {
                    "403": "The token's roles or scope do not allow this.",
                    "404": "Not found, or outside the token's organization.",
                    "422": "Invalid parameters or body; `errors` lists each problem.",
                }
                if operation.get("security"):
                    additions["401"] = "No token, or a token that is not valid, expired or revoked."
                if "requestBody" in operation:
                    additions["400"] = "The body is not valid JSON."
                    additions["415"] = "The body is not JSON."
                for code, description in additions.items():
                    responses.setdefault(code, _error_response(description))
        return schema
