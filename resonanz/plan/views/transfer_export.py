"""Exports of a version: XLSX, CSV and PDF. Each download is recorded in the audit trail.

A large PDF is made by the worker; the page waits for it (``?token=`` names the PDF being made)
and offers the download when it is there, which the same export then serves from the kept copy.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest, wants_fragment
from resonanz.core.roles import Capability
from resonanz.plan import access
from resonanz.plan.actions.exports import export_version
from resonanz.plan.models import PlanVersion
from resonanz.plan.transfer.pdf import PdfFailed, PdfPending, pending_state
from resonanz.plan.views.plan_scope import plan_context


def _refused(request: MemberRequest, version: PlanVersion, error: ActionRefused) -> HttpResponse:
    context = plan_context(request.member, version.plan, "versions")
    context.update(version=version, refusals=error.messages)
    return render(request, "plan/transfer/export_refused.html", context, status=400)


def _waiting(request: MemberRequest, version: PlanVersion, token: str, state: str = "") -> HttpResponse:
    state = state or pending_state(version, token)
    context = {"version": version, "token": token, "state": state}
    if wants_fragment(request):
        response = render(request, "plan/transfer/_pdf_wait.html", context)
    else:
        context.update(plan_context(request.member, version.plan, "versions"))
        response = render(
            request, "plan/transfer/pdf_wait.html", context, status=202 if state == "running" else 200
        )
    patch_vary_headers(response, ["HX-Request"])
    return response


@org_view(Capability.VIEW_NAMES)
@require_GET
def plan_version_export(request: MemberRequest, plan_version_id: int, fmt: str) -> HttpResponse:
    """The version as a file. Every member who sees the people in the plan may export the published
    version (the file names them); those who read every version may export any of them."""
    member = request.member
    version = access.get_version_for(member, plan_version_id)
    token = request.GET.get("token", "")
    try:
        if fmt == "pdf" and token and (wants_fragment(request) or pending_state(version, token) != "ready"):
            # The worker is making this PDF: polls get its state. Once it is ready, the export
            # below finds it kept under the same token (or, if the version changed, starts anew).
            return _waiting(request, version, token)
        return export_version(member, version, fmt, wait=False).download()
    except PdfPending as pending:
        return _waiting(request, version, pending.token)
    except PdfFailed as failed:
        return _waiting(request, version, failed.token, "failed")
    except ActionRefused as error:
        return _refused(request, version, error)
