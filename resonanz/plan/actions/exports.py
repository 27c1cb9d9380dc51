"""The export action: a version as XLSX, CSV or PDF, recorded in the audit trail as ``plan.exported``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from resonanz.core import audit
from resonanz.core.csv_export import CSV_CONTENT_TYPE
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.documents.deferred import pdf_now_or_later
from resonanz.documents.rendering import PDF_CONTENT_TYPE
from resonanz.plan.access import sees_all_versions
from resonanz.plan.models import PlanVersion, VersionStatus
from resonanz.plan.transfer.exporters import XLSX_CONTENT_TYPE, csv_bytes, export_filename, xlsx_bytes
from resonanz.plan.transfer.pdf import pdf_bytes
from resonanz.plan.transfer.table import export_rows

if TYPE_CHECKING:
    from resonanz.plan.execution import ExecutionPage
    from resonanz.plan.period import Period
    from resonanz.plan.unplanned import Unplanned

FORMATS = ("xlsx", "csv", "pdf")


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str

    def download(self) -> HttpResponse:
        """The file as a download that no shared cache keeps (pages and the API send it alike)."""
        response = HttpResponse(self.content, content_type=self.content_type)
        response["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        response["Cache-Control"] = "private, no-store"
        return response


def _check_reader(member: Membership, version: PlanVersion) -> None:
    if version.status != VersionStatus.PUBLISHED and not sees_all_versions(member):
        raise ActionRefused(_("Only the published version can be exported."), code="not_published")


@action(Capability.VIEW_NAMES)
def export_version(member: Membership, version: PlanVersion, fmt: str, *, wait: bool = True) -> ExportFile:
    """Write ``version`` in ``fmt`` (xlsx, csv or pdf) in the active language and record who took it.

    The caller fetched ``version`` through ``access.get_version_for``; the member's right to read
    this version is checked again here, as every action does. With ``wait=False`` a large PDF that
    is not ready is handed to the worker and ``deferred.PdfPending`` raised (nothing is recorded yet);
    once the worker has made it, the same call returns it.
    """
    if fmt not in FORMATS:
        raise ActionRefused(_("Choose XLSX, CSV or PDF."), field="format")
    _check_reader(member, version)
    rows = export_rows(version)
    if fmt == "xlsx":
        result = ExportFile(xlsx_bytes(version, rows), XLSX_CONTENT_TYPE, export_filename(version, "xlsx"))
    elif fmt == "csv":
        result = ExportFile(csv_bytes(version, rows), CSV_CONTENT_TYPE, export_filename(version, "csv"))
    else:
        content = pdf_bytes(member, version, rows, wait=wait)
        result = ExportFile(content, PDF_CONTENT_TYPE, export_filename(version, "pdf"))
    _record_export(member, version, fmt, len(rows))
    return result


def _record_export(member: Membership, version: PlanVersion, fmt: str, row_count: int) -> None:
    with transaction.atomic():
        audit.record(
            version.plan.organization,
            member,
            "plan.exported",
            version,
            after={
                "version": version.number,
                "status": version.status,
                "format": fmt,
                "rows": row_count,
                "language": (get_language() or "de")[:2],
            },
        )


EXECUTION_FORMATS = ("xlsx", "pdf")
# Up to this many planned dates the PDF of planned vs. executed is made during the request; a longer
# record by the worker while the page waits. Measured on 2 shared cores: about 1 s of CPU (request and
# compiler) for 1,000 dates, 4 s for 4,300 (a 2,000-row plan's first six weeks).
EXECUTION_PDF_SYNC_DATES = 1000


@action(Capability.VIEW_PLAN)
def export_execution(
    member: Membership,
    version: PlanVersion,
    first: dt.date,
    last: dt.date,
    fmt: str = "xlsx",
    *,
    wait: bool = True,
) -> ExportFile:
    """Planned against executed from ``first`` to ``last`` as XLSX or PDF (``fmt``), recorded as
    ``plan.execution_exported`` with the format. Bounded as one API page: a period with more
    planned dates than ``MAX_OCCURRENCES`` is refused with a translated message (choose a shorter
    period). With ``wait=False`` a PDF of more than ``EXECUTION_PDF_SYNC_DATES`` dates that is not
    ready is handed to the worker and ``deferred.PdfPending`` raised (nothing is recorded yet); once the
    worker has made it, the same call returns it."""
    from django.utils import timezone

    from resonanz.plan.execution import planned_vs_executed
    from resonanz.plan.period import MAX_OCCURRENCES, period
    from resonanz.plan.transfer.execution_xlsx import execution_xlsx
    from resonanz.plan.unplanned import unplanned_work

    if fmt not in EXECUTION_FORMATS:
        raise ActionRefused(_("Choose XLSX or PDF."), field="format", code="format")
    _check_reader(member, version)
    zone = member.organization.zone
    shown = period(first, last)
    start, end = shown.window(zone)
    page = planned_vs_executed(version, start, end, budget=MAX_OCCURRENCES)
    if not page.complete:
        raise ActionRefused(
            _("This period holds more than %(limit)s planned dates. Choose a shorter period to export."),
            params={"limit": MAX_OCCURRENCES},
            field="end",
            code="too_many",
        )
    now = timezone.now()
    dates = sum(result.planned_count for result in page.rows)
    unplanned = unplanned_work(member, start, end)
    if fmt == "pdf":
        content = _execution_pdf(
            member, version, page, shown, now, unplanned, wait=wait or dates <= EXECUTION_PDF_SYNC_DATES
        )
        content_type = PDF_CONTENT_TYPE
    else:
        numbers = {result.row.pk: index for index, result in enumerate(page.rows, start=1)}
        evidence = member.can(Capability.VIEW_EVIDENCE)
        names = member.can(Capability.VIEW_NAMES)
        content = execution_xlsx(
            page, numbers, now, zone, evidence=evidence, unplanned=unplanned, names=names
        )
        content_type = XLSX_CONTENT_TYPE
    # A file name: "KP-01-v3-Soll-Ist-20260101-20260331.xlsx", the word in the reader's language.
    word = _("planned-vs-executed")
    filename = export_filename(version, fmt).replace(f".{fmt}", f"-{word}-{first:%Y%m%d}-{last:%Y%m%d}.{fmt}")
    with transaction.atomic():
        audit.record(
            version.plan.organization,
            member,
            "plan.execution_exported",
            version,
            after={
                "version": version.number,
                "format": fmt,
                "start": first.isoformat(),
                "end": last.isoformat(),
                "dates": dates,
                "language": (get_language() or "de")[:2],
            },
        )
    return ExportFile(content, content_type, filename)


def _execution_pdf(
    member: Membership,
    version: PlanVersion,
    page: ExecutionPage,
    shown: Period,
    now: dt.datetime,
    unplanned: Unplanned,
    *,
    wait: bool,
) -> bytes:
    """The PDF of planned vs. executed: kept by the worker today, made now, or handed to the worker."""
    from resonanz.plan.transfer.execution_pdf import execution_document, execution_subject

    document = execution_document(member, version, page, shown.first, shown.last, now, unplanned)
    organization_id, subject = version.plan.organization_id, execution_subject(version)
    return pdf_now_or_later(organization_id, subject, document, now=wait)
