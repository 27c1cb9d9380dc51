"""The auditor-ready PDF of one version: document control, history, approvals, then the matrix.

WeasyPrint lays out about a hundred rows a second on a small machine, so a plan of thousands of rows
takes many seconds. The PDF depends on nothing but its HTML, so it is kept in the default storage
under the hash of that HTML: the next export of an unchanged version (the normal case for a
published one) is served from there, and a change anywhere (a comment, a renamed channel, the
language) makes a new one. Only the newest file per version and language is kept. A large plan
that is not kept yet is rendered by the worker while the page waits (``PdfPending``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from resonanz.core.models import Membership
from resonanz.plan import access
from resonanz.plan.models import CommentKind, PlanVersion, VersionComment
from resonanz.plan.transfer.columns import COLUMN_BY_KEY
from resonanz.plan.transfer.table import ExportRow, export_rows, person

logger = logging.getLogger(__name__)
PDF_CONTENT_TYPE = "application/pdf"
CACHE_ROOT = "plan/exports"
# Up to this many rows a PDF is made during the request; a larger one by the worker (see PdfPending).
PDF_SYNC_ROW_LIMIT = 60


def css_string(text: str) -> str:
    """``text`` as the inside of a double-quoted CSS string."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def page_counter_css() -> str:
    """``"Seite " counter(page) " von " counter(pages)`` from the translated “Page … of …”."""
    marker = "\x00"
    text = _("Page %(page)s of %(pages)s") % {
        "page": f"{marker}page{marker}",
        "pages": f"{marker}pages{marker}",
    }
    pieces = text.split(marker)
    css = []
    for index, piece in enumerate(pieces):
        if index % 2:
            css.append(f"counter({'pages' if piece == 'pages' else 'page'})")
        elif piece:
            css.append(f'"{css_string(piece)}"')
    return " ".join(css) or "counter(page)"


@dataclass(frozen=True)
class ApprovalEntry:
    at: dt.datetime
    who: str
    step: str
    text: str


def approval_entries(version: PlanVersion, comments: list[VersionComment]) -> list[ApprovalEntry]:
    """Submission, review, approval, publication and the comments, in time order."""
    entries = []
    if version.submitted_at:
        entries.append(
            ApprovalEntry(version.submitted_at, version.author_name, _("Submitted for review"), "")
        )
    if version.approved_at:
        entries.append(ApprovalEntry(version.approved_at, version.approver_name, _("Approved"), ""))
    if version.published_at:
        publisher = person(version.publisher) if version.publisher_id else ""
        entries.append(ApprovalEntry(version.published_at, publisher, _("Published"), ""))
    for comment in comments:
        step = _("Returned to draft") if comment.kind == CommentKind.REJECTION else _("Comment")
        entries.append(ApprovalEntry(comment.created_at, comment.author_name, step, comment.body))
    entries.sort(key=lambda entry: entry.at)
    return entries


def render_html(member: Membership, version: PlanVersion, rows: list[ExportRow] | None = None) -> str:
    plan = version.plan
    organization = plan.organization
    rows = rows if rows is not None else export_rows(version)
    history = list(access.version_queryset(member).filter(plan=plan).order_by("number"))
    comments = list(VersionComment.objects.filter(version=version).order_by("created_at", "pk"))
    exported_on = timezone.localdate(timezone.now(), organization.zone)
    label = f"{plan.identifier} v{version.number} · {version.get_status_display()}"
    context: dict[str, Any] = {
        "plan": plan,
        "organization": organization,
        "version": version,
        "owner_name": person(plan.owner),
        "rows": rows,
        "history": history,
        "approvals": approval_entries(version, comments),
        "exported_on": exported_on,
        "zone_name": organization.time_zone,
        "labels": {
            **{
                key: str(COLUMN_BY_KEY[key].label) for key in ("key_messages", "format", "languages", "notes")
            },
            "quality_objective": str(COLUMN_BY_KEY["quality_objective"].label),
            "owner": _("responsible"),
            "approver": _("approval"),
            "from": _("from"),
            "on": _("on"),
        },
        "css": {
            "header_left": css_string(organization.name),
            "header_right": css_string(f"{plan.identifier} · {plan.title}"),
            "footer_left": css_string(
                _("%(label)s · exported on %(date)s")
                % {"label": label, "date": exported_on.strftime("%d.%m.%Y" if _is_german() else "%Y-%m-%d")}
            ),
            "page_counter": page_counter_css(),
        },
    }
    return render_to_string("plan/pdf/version.html", context)


def _is_german() -> bool:
    return (get_language() or "de").startswith("de")


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The PDF uses no outside resources: fonts come from the system, the CSS is in the template."""
    raise ValueError(f"resonanz PDFs load no external resources ({url[:80]})")


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, which only PDF exports need

    pdf: bytes = HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()
    return pdf


class PdfPending(Exception):
    """The PDF is being made by the worker; ``token`` names it for the waiting page."""

    def __init__(self, token: str) -> None:
        super().__init__(token)
        self.token = token


def _folder(version: PlanVersion) -> str:
    return f"{CACHE_ROOT}/{version.plan.organization_id}/{version.pk}"


def stored_name(version: PlanVersion, token: str, suffix: str = ".pdf") -> str:
    """Where the PDF named by ``token`` (``de-<hash>``) is kept; ``token`` is checked by the caller."""
    return f"{_folder(version)}/{token}{suffix}"


def valid_token(token: str) -> bool:
    language, _dash, digest = token.partition("-")
    return language in ("de", "en") and len(digest) == 32 and all(c in "0123456789abcdef" for c in digest)


def _read(name: str) -> bytes:
    with default_storage.open(name, "rb") as stored:
        content: bytes = stored.read()
    return content


def pdf_bytes(
    member: Membership, version: PlanVersion, rows: list[ExportRow] | None = None, *, wait: bool = True
) -> bytes:
    """The PDF of ``version`` as ``member`` may see it (the version history shows what they may read).

    A kept PDF of the same HTML is served at once. Otherwise a plan of up to ``PDF_SYNC_ROW_LIMIT``
    rows (or any plan when ``wait`` is true) is rendered now; a larger one is handed to the worker and
    ``PdfPending`` raised.
    """
    rows = rows if rows is not None else export_rows(version)
    html = render_html(member, version, rows)
    token = f"{(get_language() or 'de')[:2]}-{hashlib.sha256(html.encode('utf-8')).hexdigest()[:32]}"
    name = stored_name(version, token)
    if default_storage.exists(name):
        return _read(name)
    if not wait and len(rows) > PDF_SYNC_ROW_LIMIT:
        html_name = stored_name(version, token, ".html")
        failed = stored_name(version, token, ".failed")
        if default_storage.exists(failed):
            default_storage.delete(failed)
        if not default_storage.exists(html_name):
            default_storage.save(html_name, ContentFile(html.encode("utf-8")))
            from resonanz.plan.transfer.tasks import render_pdf_task

            render_pdf_task(html_name, name)
        if default_storage.exists(name):  # an immediate queue (tests, small set-ups) has made it already
            return _read(name)
        raise PdfPending(token)
    pdf = html_to_pdf(html)
    _keep(name, pdf)
    return pdf


def _keep(name: str, pdf: bytes) -> None:
    folder, _slash, file_name = name.rpartition("/")
    try:
        _forget_older(folder, file_name[:2], keep=file_name.removesuffix(".pdf"))
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(pdf))
    except OSError:  # a full or read-only store costs speed next time, not this export
        logger.warning("could not keep the PDF %s", name, exc_info=True)


def render_stored_html(html_name: str, pdf_name: str) -> None:
    """The worker's half of ``pdf_bytes``: render the kept HTML, keep the PDF, drop the HTML."""
    if default_storage.exists(pdf_name) or not default_storage.exists(html_name):
        return
    try:
        pdf = html_to_pdf(_read(html_name).decode("utf-8"))
    except Exception:
        logger.exception("could not render the PDF %s", pdf_name)
        default_storage.save(pdf_name.removesuffix(".pdf") + ".failed", ContentFile(b"failed"))
        default_storage.delete(html_name)
        raise
    _keep(pdf_name, pdf)
    default_storage.delete(html_name)


def pending_state(version: PlanVersion, token: str) -> str:
    """``ready``, ``failed`` or ``running`` for the PDF named by ``token``."""
    if default_storage.exists(stored_name(version, token)):
        return "ready"
    if default_storage.exists(stored_name(version, token, ".failed")):
        return "failed"
    if default_storage.exists(stored_name(version, token, ".html")):
        return "running"
    return "failed"


def prepared_pdf(version: PlanVersion, token: str) -> bytes | None:
    name = stored_name(version, token)
    return _read(name) if default_storage.exists(name) else None


def _forget_older(folder: str, language: str, keep: str = "") -> None:
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for file_name in files:
        if file_name.startswith(f"{language}-") and not file_name.startswith(keep or "\x00"):
            default_storage.delete(f"{folder}/{file_name}")


def clear_cached_pdfs(version: PlanVersion) -> None:
    """Forget every kept PDF of ``version`` (the benchmark measures a first export this way)."""
    for language in ("de", "en"):
        _forget_older(_folder(version), language)
