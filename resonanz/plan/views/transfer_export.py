"""Exports of a version: XLSX, CSV and PDF. Each download is recorded in the audit trail.

A large PDF is made by the worker; the page waits for it (``?token=`` names the PDF being made)
and offers the download when it is there, which the same export then serves from the kept copy.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest, wants_fragment
from resonanz.core.roles import Capability
from resonanz.documents.deferred import PdfFailed, PdfPending
from resonanz.documents.waiting import Wait, waiting_response
from resonanz.plan import access
from resonanz.plan.actions.exports import export_version
from resonanz.plan.models import PlanVersion
from resonanz.plan.transfer.pdf import pending_state
from resonanz.plan.views.plan_scope import plan_context


def _refused(request: MemberRequest, version: PlanVersion, error: ActionRefused) -> HttpResponse:
    context = plan_context(request.member, version.plan, "versions")
    context.update(version=version, refusals=error.messages)
    return render(request, "plan/transfer/export_refused.html", context, status=400)


def _waiting(request: MemberRequest, version: PlanVersion, token: str, state: str = "") -> HttpResponse:
    url = reverse("plan:plan_version_export_pdf", args=[version.plan.organization.slug, version.pk])
    wait = Wait(
        token,
        state or pending_state(version, token),
        token_url=f"{url}?{urlencode({'token': token})}",
        retry_url=url,
        running=_(
            "The PDF of this large plan is being made. This takes a few seconds; you can keep working in "
            "another tab."
        ),
        failed=_("The PDF could not be made. Please try again; the XLSX export works for plans of any size."),
    )
    context = {**plan_context(request.member, version.plan, "versions"), "version": version}
    return waiting_response(request, wait, "plan/transfer/pdf_wait.html", context)


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
