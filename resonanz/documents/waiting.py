"""Waiting for a PDF the worker makes (``deferred.PdfPending``): the page that polls, the API's 202.

Every large export answers the same way. The page shows ``documents/_pdf_wait.html`` inside the
export's own page template; htmx asks again every second with the token until the PDF is ready, then
offers the download (the same export, which now finds the kept PDF). The API answers 202 with
``Retry-After``; asking again with the same request gives the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from ninja import Field, Schema

from resonanz.api_problems import problem
from resonanz.core.http import AppRequest, wants_fragment

FRAGMENT = "documents/_pdf_wait.html"
RETRY_AFTER_SECONDS = 3


@dataclass(frozen=True)
class Wait:
    """A PDF being made: its token and state, where to poll, and what the page says meanwhile."""

    token: str
    state: str  # ready, running or failed (deferred.pending_state)
    token_url: str  # the export again with ``token=``: polled, and the download once ready
    retry_url: str  # the export again without the token: after a failure, asks anew
    running: str  # what is being made ("The PDF of this large plan is being made …")
    failed: str  # what to do instead when it failed ("… the XLSX export works for …")


def waiting_response(
    request: AppRequest, wait: Wait, page_template: str, page_context: dict[str, Any]
) -> HttpResponse:
    """The waiting fragment for htmx polls, else the export's page around it (202 while running)."""
    context = {"wait": wait, "token": wait.token, "state": wait.state}
    if wants_fragment(request):
        response = render(request, FRAGMENT, context)
    else:
        status = 202 if wait.state == "running" else 200
        response = render(request, page_template, {**page_context, **context}, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


class PendingOut(Schema):
    """The API's 202 answer (``pending_answer``), as the schema documents it."""

    status: str = Field(..., examples=["pending"])
    detail: str


def pending_answer() -> JsonResponse:
    """The API's answer while the worker makes the PDF: 202, ask again after ``Retry-After``."""
    pending = JsonResponse(
        {"status": "pending", "detail": _("The PDF is being made. Ask again in a few seconds.")}, status=202
    )
    pending["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return pending


def failed_answer(instead: str) -> HttpResponse:
    """The API's answer when the PDF could not be made: 503 with what to do instead."""
    return problem(503, instead)
