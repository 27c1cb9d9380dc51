"""The REST API under /api/v1: bearer tokens, problem+json errors, limit/offset pagination.

Every error, including unknown paths and methods under /api/v1/, is an RFC 9457 problem (see
``api_problems.py``); the OpenAPI schema documents the bearer scheme and the problem responses of
every operation.

Language of the messages: an ``Accept-Language`` header that names German or English wins; otherwise
the token user's own language; before a token is checked (401, unknown paths) German. The API
documentation itself (the OpenAPI schema) is written in English for developers.

Routers of other apps: add them in ``_register_routers``, fetch the caller with ``member_of``, paginate
lists with ``@paginate(Pagination)``, build bodies on ``InputSchema`` and ``PatchSchema`` and use
``IsoDateTime`` for times (see ``api_input.py``).
"""

from __future__ import annotations

import datetime as dt
import functools
import hmac
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.urls import URLPattern, URLResolver, re_path
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError, ValidationErrorContext
from ninja.security import HttpBearer

from resonanz.api_input import InputSchema, IsoDateTime, JsonParser, Pagination, PatchSchema, text_problem
from resonanz.api_problems import (
    PROBLEM,
    Problem,
    install_exception_handlers,
    invalid,
    item,
    message_for,
    problem,
)
from resonanz.core.access import memberships_of
from resonanz.core.models import ApiToken, Membership
from resonanz.core.models.token import TokenScope
from resonanz.core.roles import WRITE_CAPABILITIES, Capability

__all__ = [
    "InputSchema",
    "IsoDateTime",
    "Pagination",
    "PatchSchema",
    "Problem",
    "api",
    "member_of",
    "problem",
]

# A token's last use is written at most once a minute: a busy script must not write on every request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
_TOKEN = re.compile(r"(?P<scheme>[a-z]{1,8})_(?P<prefix>[0-9a-f]{1,16})_(?P<secret>[A-Za-z0-9_-]{1,128})")


# ---------------------------------------------------------------- language


def _requested_language(request: HttpRequest) -> str | None:
    """The first language of the Accept-Language header that resonanz speaks, if any."""
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            continue
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return None


def _activate_language(request: HttpRequest, preferred: str | None = None) -> None:
    language = _requested_language(request) or preferred or settings.LANGUAGE_CODE
    translation.activate(language)
    request.LANGUAGE_CODE = language


# ---------------------------------------------------------------- authentication


class BearerToken(HttpBearer):
    """``Authorization: Bearer rz_<prefix>_<secret>``; sets ``request.member`` and ``request.token``.

    A refused token leaves a translated reason in ``request.auth_problem`` for the 401 response.
    """

    openapi_bearerFormat = "rz_<prefix>_<secret>"
    openapi_description = (
        "A personal API token, created on the organization's “API tokens” page. It acts for its owner "
        "in one organization; a read token cannot change anything."
    )

    def authenticate(self, request: HttpRequest, token: str) -> Membership | None:
        from resonanz.core.actions import TOKEN_PREFIX, hash_token_secret

        plain = token.strip()
        match = _TOKEN.fullmatch(plain)
        if match is None or match["scheme"] != TOKEN_PREFIX:
            return self._refuse(request, _("The token is not valid."))
        stored = (
            ApiToken.objects.filter(prefix=match["prefix"]).select_related("organization", "user").first()
        )
        if stored is None or not hmac.compare_digest(stored.secret_hash, hash_token_secret(plain)):
            return self._refuse(request, _("The token is not valid."))
        now = timezone.now()
        if stored.revoked_at is not None:
            return self._refuse(request, _("This token was revoked. Create a new one."))
        if stored.expires_at <= now:
            expired = stored.expires_at.astimezone(dt.UTC).isoformat(timespec="seconds")
            return self._refuse(
                request, _("This token expired at %(time)s. Create a new one.") % {"time": expired}
            )
        member = memberships_of(stored.user).filter(organization_id=stored.organization_id).first()
        if member is None or not member.user.is_active:
            return self._refuse(request, _("The membership this token belongs to is no longer active."))
        _activate_language(request, member.user.language)
        if stored.scope != TokenScope.WRITE and request.method not in ("GET", "HEAD", "OPTIONS"):
            # Also checked per capability in member_of; this holds for every router, whatever it asks.
            raise HttpError(403, _("This token may only read. Create a token with write access."))
        if not member.can(Capability.USE_API):
            raise HttpError(403, _("Your roles do not allow using the API."))
        if member.organization.require_two_factor and not member.user.has_two_factor:
            raise HttpError(
                403,
                _("%(organization)s requires two-factor authentication. Set it up in your profile first.")
                % {"organization": member.organization.name},
            )
        if stored.last_used_at is None or now - stored.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=stored.pk).update(last_used_at=now)
            stored.last_used_at = now
        request.member = member  # type: ignore[attr-defined]
        request.token = stored  # type: ignore[attr-defined]
        return member

    @staticmethod
    def _refuse(request: HttpRequest, reason: str) -> None:
        request.auth_problem = reason  # type: ignore[attr-defined]
        return None


def member_of(request: HttpRequest, capability: Capability) -> Membership:
    """The calling member, if their roles and their token allow ``capability``; else 403."""
    member: Membership = request.member  # type: ignore[attr-defined]
    token: ApiToken = request.token  # type: ignore[attr-defined]
    if capability in WRITE_CAPABILITIES and token.scope != TokenScope.WRITE:
        raise HttpError(403, _("This token may only read. Create a token with write access."))
    if not member.can(capability):
        raise PermissionDenied(capability)
    return member


# ---------------------------------------------------------------- URLs and schema


def _guard(
    view: Callable[..., HttpResponseBase], *, read_only: bool = False
) -> Callable[..., HttpResponseBase]:
    """Wrap one URL of the API: language, NUL bytes in the path, and problem+json for 404 and 405.

    The API authenticates by header, never by cookie, so no URL of it needs Django's CSRF check (which
    would answer with an HTML page). ``read_only`` URLs (the schema, the docs) answer GET and HEAD only.
    """

    @functools.wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        _activate_language(request)
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

    guarded.csrf_exempt = True  # type: ignore[attr-defined]
    return guarded


@csrf_exempt
def _unknown_path(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    _activate_language(request)
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


api = ResonanzAPI(
    title="resonanz API",
    version="1",
    description=(
        "Communication plan, people, publishing, reach, quality and data protection.\n\n"
        "Authenticate with a personal token: `Authorization: Bearer rz_<prefix>_<secret>`. "
        "Errors are RFC 9457 problem details (`application/problem+json`). Messages are in the language of "
        "the `Accept-Language` header if it names German or English, else in the token user's language."
    ),
    auth=BearerToken(),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    parser=JsonParser(),
)
install_exception_handlers(api)


def _register_routers() -> None:
    from resonanz.core.api import router as core_router

    api.add_router("/", core_router)
    from resonanz.plan.api import router as plan_router

    api.add_router("/plan", plan_router)


_register_routers()
