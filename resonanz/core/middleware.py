"""Request-wide concerns: a request id for the audit trail, the content security policy, the language."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext

from resonanz.core.audit import request_id_var
from resonanz.core.http import AppRequest

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# The largest body a request may send: the largest upload (an evidence file of 10 MB) and the form
# around it. Django reads a body only up to its Content-Length, so this bounds every request.
MAX_REQUEST_BYTES = 11 * 1024 * 1024

# Everything is served from our own origin: no CDN, no third-party fonts or scripts (LG München I,
# 3 O 17493/20). Inline scripts and styles are not allowed either.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class RequestIdMiddleware:
    """Give every request an id (or keep a well-formed X-Request-ID from the proxy) for the audit trail."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: AppRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        )
        return response


class UserLanguageMiddleware:
    """A signed-in user sees their own language, whatever the browser asks for."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language() or "de")
        return response


class RequestLimitsMiddleware:
    """Refuse what no view can serve, before anything reads the body (the CSRF check reads a form).

    A body larger than ``MAX_REQUEST_BYTES`` is refused by its Content-Length, unread; without a
    Content-Length Django reads nothing, and it never reads past the length given. A NUL character
    in the query of a page is refused too: PostgreSQL cannot store or compare one, so a search for it
    failed (the API refuses it per parameter with a 422).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = str(request.META.get("CONTENT_LENGTH") or "0").strip()
        if not (declared.isascii() and declared.isdigit() and len(declared) <= 15):
            return self._refuse(request, 400, gettext("The request gives no valid length."))
        if int(declared) > MAX_REQUEST_BYTES:
            message = gettext("The request is larger than %(limit)s MB. Send a smaller file.") % {
                "limit": MAX_REQUEST_BYTES // (1024 * 1024)
            }
            return self._refuse(request, 413, message)
        # The API checks its own query values (a 422 naming the parameter, as its schema documents).
        if not request.path.startswith("/api/") and (
            "\x00" in request.META.get("QUERY_STRING", "")
            or any(
                "\x00" in name or any("\x00" in value for value in values)
                for name, values in request.GET.lists()
            )
        ):
            return self._refuse(
                request, 400, gettext("The address contains a character that is not allowed.")
            )
        return self.get_response(request)

    def _refuse(self, request: HttpRequest, status: int, message: str) -> HttpResponse:
        # Nobody reads the rest of the body: the connection must not be kept for the next request.
        if request.path.startswith("/api/"):
            from resonanz.api_problems import problem

            response = problem(status, message)
        else:
            response = render(request, "errors/too_large.html", {"message": message}, status=status)
        response["Connection"] = "close"
        return response
