"""The auditor-ready PDF of one version: document control, history, approvals, then the matrix.

The layout is the Typst template ``plan/pdf/version.typ``; this module gathers its data in the
active language, from ``table.export_rows`` like the other exports. A plan of up to
``PDF_SYNC_ROW_LIMIT`` rows is made during the request (about a fifth of a second for 60 rows);
a larger one by the worker while the page waits (``documents.deferred``: ``PdfPending``), and the
worker's PDF is then kept for the day under the digest of its data, so the next export of the
unchanged version gets it at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from resonanz.core.models import Membership
from resonanz.documents import deferred, jobs
from resonanz.documents.rendering import Document
from resonanz.plan import access
from resonanz.plan.models import (
    CommentKind,
    PlanReview,
    PlanVersion,
    ReviewState,
    VersionComment,
    VersionReview,
    WhenKind,
)
from resonanz.plan.names import version_names
from resonanz.plan.transfer.columns import COLUMN_BY_KEY
from resonanz.plan.transfer.table import ExportRow, date_text, export_rows, time_text

TEMPLATE = "plan/pdf/version.typ"
# Up to this many rows a PDF is made during the request: measured on 2 cores, the compiler child
# takes about 0.13 s of CPU and 45 MB for 60 rows, 0.25 s and 75 MB for 200, 2 s and 330 MB for
# 2,000. A larger plan goes to the worker, so a request stays bounded in time and memory.
PDF_SYNC_ROW_LIMIT = 200
# The document control shows this many periodic reviews, newest first (a dozen years of yearly ones).
PDF_REVIEWS = 30
# The matrix cells the template composes; every other column of the export is left out.
MATRIX_KEYS = (
    "topic",
    "description",
    "key_messages",
    "quality_objective",
    "notes",
    "when",
    "audiences",
    "direction",
    "channels",
    "format",
    "languages",
    "sender_roles",
    "senders",
    "owner",
    "approver",
)


@dataclass(frozen=True)
class ApprovalEntry:
    at: dt.datetime
    who: str
    step: str
    text: str


def approval_entries(
    version: PlanVersion, comments: list[VersionComment], reviews: Sequence[VersionReview] = ()
) -> list[ApprovalEntry]:
    """Submission, the named reviewers' reviews, approval, publication and the comments, in time order."""
    entries = []
    for review in reviews:
        if review.reviewed_at is not None:
            step = _("Reviewed") if review.state == ReviewState.REVIEWED else _("Changes requested")
            entries.append(ApprovalEntry(review.reviewed_at, review.reviewer_name, step, review.comment))
    if version.submitted_at:
        entries.append(
            ApprovalEntry(version.submitted_at, version.author_name, _("Submitted for review"), "")
        )
    if version.approved_at:
        entries.append(ApprovalEntry(version.approved_at, version.approver_name, _("Approved"), ""))
    if version.published_at:
        entries.append(ApprovalEntry(version.published_at, version.publisher_name, _("Published"), ""))
    # A request for changes is in the reviews already, with its comment.
    requested = {
        (review.reviewer_name, review.comment)
        for review in reviews
        if review.state == ReviewState.CHANGES_REQUESTED
    }
    for comment in comments:
        if comment.kind == CommentKind.REJECTION and (comment.author_name, comment.body) in requested:
            continue
        step = _("Returned to draft") if comment.kind == CommentKind.REJECTION else _("Comment")
        entries.append(ApprovalEntry(comment.created_at, comment.author_name, step, comment.body))
    entries.sort(key=lambda entry: entry.at)
    return entries


def review_outcome(review: PlanReview) -> str:
    if review.version is None:
        return _("unchanged")
    return _("led to version %(number)s") % {"number": review.version.number}


def _language() -> str:
    return (get_language() or "de")[:2]


def document_data(member: Membership, version: PlanVersion, rows: list[ExportRow]) -> dict[str, Any]:
    """Everything ``plan/pdf/version.typ`` shows, as text in the active language."""
    plan = version.plan
    organization = plan.organization
    zone = organization.zone
    language = _language()
    names = version_names(version)
    title = names.title

    def moment(value: dt.datetime | None) -> str:
        if value is None:
            return ""
        return formats.date_format(timezone.localtime(value, zone), "SHORT_DATETIME_FORMAT")

    def day(value: dt.date | dt.datetime | None) -> str:
        if isinstance(value, dt.datetime):
            value = timezone.localtime(value, zone).date()
        return formats.date_format(value, "SHORT_DATE_FORMAT") if value is not None else ""

    history = list(access.version_queryset(member).filter(plan=plan).order_by("number"))
    comments = list(VersionComment.objects.filter(version=version).order_by("created_at", "pk"))
    reviews = list(
        PlanReview.objects.filter(plan=plan)
        .select_related("version")
        .order_by("-reviewed_at", "-pk")[:PDF_REVIEWS]
    )
    exported_on = timezone.localdate(timezone.now(), zone)
    status = str(version.get_status_display())
    number = str(version.number)
    if version.based_on is not None:
        based_on = _("based on version %(number)s") % {"number": version.based_on.number}
        number = f"{number} ({based_on})"
    control = [
        (_("Identifier"), plan.identifier),
        (_("Version"), number),
        (_("Status"), status),
        (_("Owner of the plan"), names.owner),
        (_("Author"), version.author_name),
        (_("Reviewer"), version.reviewer_name),
        (_("Approver"), version.approver_name),
        (_("Created"), moment(version.created_at)),
        (_("Submitted for review"), moment(version.submitted_at)),
        (_("Approved"), moment(version.approved_at)),
        (_("Published"), moment(version.published_at)),
        *([(_("Superseded"), moment(version.superseded_at))] if version.superseded_at else []),
        (_("Reason for the change"), version.change_reason),
        (
            _("Review interval"),
            ngettext("%(months)s month", "%(months)s months", plan.review_interval_months)
            % {"months": plan.review_interval_months},
        ),
        (_("Next review due"), day(plan.next_review_due)),
        (_("Rows"), str(len(rows))),
        (_("Exported"), day(exported_on)),
    ]
    label = f"{plan.identifier} v{version.number} · {status}"
    description = _("Communication plan (ISO 9001:2015, clause 7.4)")
    return {
        "page": {
            "title": f"{plan.identifier} v{version.number} · {title}",
            "author": version.author_name,
            "description": description,
            "header-left": organization.name,
            "header-right": f"{plan.identifier} · {title}",
            "footer-left": _("%(label)s · exported on %(date)s")
            % {"label": label, "date": date_text(exported_on, language)},
            "page-pattern": _("Page %(page)s of %(pages)s"),
            # A controlled document says on every page that paper copies are not kept current.
            "footer-note": _("Printed copies are not subject to change control."),
        },
        "title": f"{plan.identifier} · {title}",
        "lead": f"{organization.name} · {description}",
        "header": {
            "heading": _("Purpose and scope"),
            "lines": [(_("Purpose"), version.purpose), (pgettext("document header", "Scope"), version.scope)],
        },
        "control": {"heading": _("Document control"), "lines": control},
        "history": {
            "heading": _("Version history"),
            "columns": [
                _("Version"),
                _("Status"),
                _("Author"),
                _("Approver"),
                _("Approved"),
                _("Published"),
                _("Superseded"),
                _("Reason for the change"),
            ],
            "rows": [
                [
                    f"{item.number} ◀" if item.pk == version.pk else str(item.number),
                    str(item.get_status_display()),
                    item.author_name,
                    item.approver_name,
                    day(item.approved_at),
                    day(item.published_at),
                    day(item.superseded_at),
                    item.change_reason,
                ]
                for item in history
            ],
        },
        "reviews": {
            "heading": _("Periodic reviews"),
            "columns": [_("Date"), _("Reviewed by"), _("Outcome"), _("Comment")],
            "rows": [
                [day(review.reviewed_at), review.reviewer_name, review_outcome(review), review.comment]
                for review in reviews
            ],
            "empty": _("No review has been recorded yet."),
        },
        "approvals": {
            "heading": _("Approvals and comments"),
            "columns": [_("Date"), _("Who"), _("Step"), _("Comment")],
            "rows": [
                [moment(entry.at), entry.who, entry.step, entry.text]
                for entry in approval_entries(
                    version,
                    comments,
                    list(VersionReview.objects.filter(version=version).order_by("reviewed_at", "pk")),
                )
            ],
            "empty": _("No approvals or comments yet."),
        },
        "matrix": {
            "heading": _("The matrix: what, when, with whom, how, who"),
            "columns": [_("No."), _("What"), _("When"), _("With whom"), _("How"), _("Who")],
            "rows": [matrix_row(row, language) for row in rows],
            "empty": _("This version has no rows."),
        },
        "words": {
            **{key: str(COLUMN_BY_KEY[key].label) for key in ("key_messages", "quality_objective", "notes")},
            "owner": _("responsible"),
            "approver": _("approval"),
            "from": _("from"),
            "on": _("on"),
        },
    }


def matrix_row(row: ExportRow, language: str) -> dict[str, str]:
    """One row of the matrix as the template composes it: texts only, dates as the language writes them."""
    cells = row.cells
    values = {key: "" if cells[key] is None else str(cells[key]) for key in MATRIX_KEYS}
    values.update(
        number=str(cells["number"]),
        when_kind="fixed" if row.when_kind == WhenKind.FIXED else str(row.when_kind),
        start_date=date_text(cells["start_date"], language),
        start_time=time_text(cells["start_time"]),
    )
    return values


def subject(version: PlanVersion) -> str:
    """What a document job of this version is about (``documents.jobs``)."""
    return f"plan.version:{version.pk}"


def version_document(member: Membership, version: PlanVersion, rows: list[ExportRow]) -> Document:
    return Document(TEMPLATE, document_data(member, version, rows), _language())


def pdf_bytes(
    member: Membership, version: PlanVersion, rows: list[ExportRow] | None = None, *, wait: bool = True
) -> bytes:
    """The PDF of ``version`` as ``member`` may see it (the version history shows what they may read).

    A PDF the worker made of the same data today is served at once. Otherwise a plan of up to
    ``PDF_SYNC_ROW_LIMIT`` rows (or any plan when ``wait`` is true) is made now; a larger one is
    handed to the worker and ``PdfPending`` raised. ``PdfFailed`` when it cannot be made.
    """
    rows = rows if rows is not None else export_rows(version)
    document = version_document(member, version, rows)
    now = wait or len(rows) <= PDF_SYNC_ROW_LIMIT
    return deferred.pdf_now_or_later(version.plan.organization_id, subject(version), document, now=now)


def pending_state(version: PlanVersion, token: str) -> str:
    """``ready``, ``running`` or ``failed`` for the PDF the worker makes under ``token``."""
    return deferred.pending_state(version.plan.organization_id, subject(version), token)


def clear_cached_pdfs(version: PlanVersion) -> None:
    """Forget every PDF kept of ``version`` (the benchmark measures a first export this way)."""
    jobs.forget(subject(version))
