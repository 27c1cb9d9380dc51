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
from resonanz.documents.deferred import pdf_now_or_later
from resonanz.documents.rendering import PDF_CONTENT_TYPE
from resonanz.plan.actions.exports import ExportFile

FORMATS = ("xlsx", "pdf")
# Up to this many people the PDF is made during the request; a larger matrix by the worker while the
# page waits (``documents.deferred``). Measured with 8 competences on the busy 2-core machine: the
# compiler takes 1.3 s (67 MB) for 200 people, 5.5 s (170 MB) for 1,000 and 27 s (660 MB) for 5,000
# (``matrix.MAX_PEOPLE``); what the request still does for the worker (the document and its digest)
# takes 0.16 s for 5,000.
PDF_SYNC_PEOPLE = 200


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
    wait: bool = True,
) -> ExportFile:
    """The filtered matrix, every row (at most ``matrix.MAX_PEOPLE``), as a file; who took it is recorded.

    With ``wait=False`` a PDF of more than ``PDF_SYNC_PEOPLE`` people that the worker has not made yet
    is handed to it and ``deferred.PdfPending`` raised (nothing is recorded yet); once the worker has
    made it, the same call returns it. ``deferred.PdfFailed`` when it cannot be made.
    """
    if fmt not in FORMATS:
        raise ActionRefused(_("Choose XLSX or PDF."), field="format")
    organization = member.organization
    matrix = build_matrix(
        organization, on=on, unit=unit, competence_id=competence_id, status=status, page=None
    )
    if fmt == "xlsx":
        result = ExportFile(
            exports.xlsx_bytes(matrix), exports.XLSX_CONTENT_TYPE, exports.filename(organization, "xlsx")
        )
    else:
        result = ExportFile(
            pdf_now_or_later(
                organization.pk,
                exports.pdf_subject(organization),
                exports.document(organization, matrix, filters),
                now=wait or matrix.total <= PDF_SYNC_PEOPLE,
            ),
            PDF_CONTENT_TYPE,
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
