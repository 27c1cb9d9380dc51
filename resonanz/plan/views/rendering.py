"""What the plan views share: the acting member, refusals shown in forms, htmx partial or whole page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from resonanz.core.errors import ActionRefused
from resonanz.core.models import Membership


def member_of(request: HttpRequest) -> Membership:
    return request.member  # type: ignore[attr-defined, no-any-return]


def wants_fragment(request: HttpRequest, target: str | None = None) -> bool:
    """True for an htmx request (not a boosted page load) aimed at ``target`` (any target if None)."""
    htmx = getattr(request, "htmx", None)
    if not htmx or htmx.boosted or htmx.history_restore_request:
        return False
    return target is None or htmx.target == target


def filter_query(request: HttpRequest) -> QueryDict:
    """The matrix filters: from the address, or for an htmx POST from the address of the page it came from."""
    if request.method == "GET":
        return request.GET
    current = getattr(getattr(request, "htmx", None), "current_url", None) or ""
    return QueryDict(urlsplit(current).query)


def show_refusal(form: forms.Form, error: ActionRefused) -> None:
    """Put an action's translated refusal on the field it names, or on the form as a whole."""
    field = error.field if error.field in form.fields else None
    for message in error.messages:
        form.add_error(field, message)


def render_page_or_fragment(
    request: HttpRequest,
    page: str,
    fragment: str,
    context: dict[str, Any],
    *,
    target: str | None = None,
    status: int = 200,
) -> HttpResponse:
    template = fragment if wants_fragment(request, target) else page
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response
