"""The training matrix page (filtered, paged by 25 people) and its XLSX and PDF exports."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from resonanz.competence import access
from resonanz.competence.actions import export_matrix
from resonanz.competence.forms import MatrixFilterForm
from resonanz.competence.matrix import CellState, build_matrix, units_of
from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest
from resonanz.core.roles import Capability
from resonanz.documents.rendering import DocumentError

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


def _export(request: MemberRequest, fmt: str) -> HttpResponse:
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
        exported = export_matrix(member, fmt, on=timezone.localdate(), filters=described, **filters)
    except ActionRefused as refused:
        return HttpResponse(" ".join(refused.messages), status=400, content_type="text/plain; charset=utf-8")
    except DocumentError:
        return HttpResponse(
            _("The export could not be made."), status=400, content_type="text/plain; charset=utf-8"
        )
    return exported.download()


@org_view(C.VIEW_COMPETENCE)
@require_GET
def competence_matrix_xlsx(request: MemberRequest) -> HttpResponse:
    return _export(request, "xlsx")


@org_view(C.VIEW_COMPETENCE)
@require_GET
def competence_matrix_pdf(request: MemberRequest) -> HttpResponse:
    return _export(request, "pdf")
