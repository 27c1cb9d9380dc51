"""The export action: the training matrix as XLSX or PDF, recorded as ``competence.matrix_exported``."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from resonanz.competence import exports
from resonanz.competence.matrix import build_matrix
from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.plan.actions.exports import ExportFile

FORMATS = ("xlsx", "pdf")
# A PDF of 800 people and 8 competences takes about 0.7 s of the compiler's CPU (5 s on a busy 2-core
# machine); beyond this many people the request would take too long: filter, or take the XLSX.
PDF_MAX_PEOPLE = 1000


@action(Capability.VIEW_COMPETENCE)
def export_matrix(
    member: Membership,
    fmt: str,
    *,
    on: dt.date,
    unit: str = "",
    competence_id: int | None = None,
    status: str = "",
    filters: str = "",
) -> ExportFile:
    """The filtered matrix, every row (at most ``matrix.MAX_PEOPLE``), as a file; who took it is recorded."""
    if fmt not in FORMATS:
        raise ActionRefused(_("Choose XLSX or PDF."), field="format")
    organization = member.organization
    matrix = build_matrix(
        organization, on=on, unit=unit, competence_id=competence_id, status=status, page=None
    )
    if fmt == "pdf" and matrix.total > PDF_MAX_PEOPLE:
        raise ActionRefused(
            _("The PDF holds at most %(count)s people: filter the matrix by unit, or export XLSX."),
            params={"count": PDF_MAX_PEOPLE},
            code="too_large",
        )
    if fmt == "xlsx":
        result = ExportFile(
            exports.xlsx_bytes(matrix), exports.XLSX_CONTENT_TYPE, exports.filename(organization, "xlsx")
        )
    else:
        result = ExportFile(
            exports.pdf_bytes(organization, matrix, filters),
            "application/pdf",
            exports.filename(organization, "pdf"),
        )
    with transaction.atomic():
        audit.record(
            organization,
            member,
            "competence.matrix_exported",
            organization,
            after={
                "format": fmt,
                "people": matrix.total,
                "competences": len(matrix.competences),
                "unit": unit,
                "competence": competence_id,
                "status": status,
                "on": on.isoformat(),
            },
        )
    return result
