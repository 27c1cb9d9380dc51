"""Requests as resonanz's middleware and decorators leave them, and whether htmx wants a fragment.

Django's ``HttpRequest`` knows nothing of what the middleware adds (``htmx``, ``request_id``), what
``login_required`` guarantees (a real ``User``), what ``org_view`` sets (``member``) or what the API's
bearer check sets (``member``, ``token``). Views and handlers annotate their request with one of the
classes below instead of silencing the type checker at every use. They are annotations only: Django
still passes its own request object, which carries these attributes at run time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from resonanz.core.models import ApiToken, Membership, User


class AppRequest(HttpRequest):
    """Any request after the middleware (``HtmxMiddleware``, ``RequestIdMiddleware``)."""

    htmx: HtmxDetails
    request_id: str


class SignedInRequest(AppRequest):
    """A request to a view behind ``login_required``."""

    user: User


class MemberRequest(SignedInRequest):
    """A request to a page under ``/o/<org>/``: ``org_view`` has found the caller's membership."""

    member: Membership


class ApiRequest(HttpRequest):
    """A request to an API operation whose bearer token was accepted (``api_auth.BearerToken``)."""

    member: Membership
    token: ApiToken
    auth_problem: str  # set instead when the token is refused, for the 401 answer


def wants_fragment(request: AppRequest, target: str | None = None) -> bool:
    """True for an htmx request aimed at ``target`` (any target if None).

    A boosted link and a history restore (the browser's back button after ``hx-push-url``) want the
    whole page: htmx swaps it into the body.
    """
    htmx = request.htmx
    if not htmx or htmx.boosted or htmx.history_restore_request:
        return False
    return target is None or htmx.target == target


def render_page_or_fragment(
    request: AppRequest,
    page: str,
    fragment: str,
    context: dict[str, Any],
    *,
    target: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render ``fragment`` for an htmx request aimed at ``target``, else the whole ``page``."""
    template = fragment if wants_fragment(request, target) else page
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response
