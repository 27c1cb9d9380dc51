"""The training matrix page (filtered, paged by 25 people) and its XLSX and PDF exports (a large PDF
made by the worker while the page waits)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from resonanz.competence import access
from resonanz.competence.actions import export_matrix
from resonanz.competence.exports import PDF_FAILED, pdf_subject
from resonanz.competence.forms import MatrixFilterForm
from resonanz.competence.matrix import CellState, build_matrix, units_of
from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest, wants_fragment
from resonanz.core.roles import Capability
from resonanz.documents.deferred import PdfFailed, PdfPending, pending_state
from resonanz.documents.waiting import Wait, waiting_response

C = Capability


def _filters(request: MemberRequest) -> dict[str, Any]:
    form = MatrixFilterForm(request.GET)
    form.is_valid()
    competence_id = form.value("competence")
    if (
        competence_id is not None
        and not access.competence_queryset(request.member).filter(pk=competence_id).exists()
    ):
        competence_id = None
    return {
        "unit": form.value("unit") or "",
        "competence_id": competence_id,
        "status": form.value("status") or "",
        "page": form.value("page") or 1,
    }


@org_view(C.VIEW_COMPETENCE)
@require_GET
def competence_matrix(request: MemberRequest) -> HttpResponse:
    member = request.member
    filters = _filters(request)
    matrix = build_matrix(member.organization, on=timezone.localdate(), **filters)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "matrix": matrix,
        "filters": filters,
        "units": units_of(member.organization),
        "competences": list(access.competence_queryset(member).filter(is_active=True).order_by("name")[:100]),
        "states": CellState.choices,
        "query": query.urlencode(),
    }
    return render(request, "competence/matrix.html", context)


def _export(request: MemberRequest, fmt: str, *, wait: bool = True) -> HttpResponse:
    member = request.member
    filters = _filters(request)
    filters.pop("page")
    described = ", ".join(
        text
        for text in (
            filters["unit"],
            str(dict(CellState.choices).get(filters["status"], "")),
        )
        if text
    )
    try:
        exported = export_matrix(
            member, fmt, on=timezone.localdate(), filters=described, wait=wait, **filters
        )
    except ActionRefused as refused:
        return HttpResponse(" ".join(refused.messages), status=400, content_type="text/plain; charset=utf-8")
    return exported.download()


@org_view(C.VIEW_COMPETENCE)
@require_GET
def competence_matrix_xlsx(request: MemberRequest) -> HttpResponse:
    return _export(request, "xlsx")


@org_view(C.VIEW_COMPETENCE)
@require_GET
def competence_matrix_pdf(request: MemberRequest) -> HttpResponse:
    """The filtered matrix as PDF. A large one is made by the worker: the page waits for it
    (``?token=`` names the PDF being made) and then offers the download, which this export serves
    from the kept copy (or, if the matrix changed meanwhile, starts anew)."""
    organization = request.member.organization
    token = request.GET.get("token", "")
    subject = pdf_subject(organization)
    try:
        if token and (wants_fragment(request) or pending_state(organization.pk, subject, token) != "ready"):
            # The worker is making this PDF: polls get its state. Once it is ready, the export below
            # finds it kept under the same token (or, if the matrix changed, starts anew).
            return _waiting(request, token)
        return _export(request, "pdf", wait=False)
    except PdfPending as pending:
        return _waiting(request, pending.token)
    except PdfFailed as failed:
        return _waiting(request, failed.token, "failed")


def _waiting(request: MemberRequest, token: str, state: str = "") -> HttpResponse:
    organization = request.member.organization
    query = request.GET.copy()
    query.pop("token", None)
    url = reverse("competence:competence_matrix_pdf", args=[organization.slug])
    asked = query.urlencode()
    query["token"] = token
    wait = Wait(
        token,
        state or pending_state(organization.pk, pdf_subject(organization), token),
        token_url=f"{url}?{query.urlencode()}",
        retry_url=f"{url}?{asked}" if asked else url,
        running=_(
            "The PDF of this large training matrix is being made. This takes a few seconds; you can keep "
            "working in another tab."
        ),
        failed=str(PDF_FAILED),
    )
    return waiting_response(request, wait, "competence/matrix_pdf_wait.html", {})
