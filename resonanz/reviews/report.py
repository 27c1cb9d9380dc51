"""The management review as PDF: the input pack a)–f) with its charts, the minutes and the outputs.

Made by the one document engine (``documents``) from ``reviews/pdf/pack.typ``; the words come from
``presentation`` (as the page shows them), the charts are the page's SVG. A pack is bounded (a year,
``pack.MAX_ENTRIES`` rows per part), so the PDF is made during the request.
"""

from __future__ import annotations

from typing import Any

from django.utils import formats, timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from resonanz.documents import deferred
from resonanz.documents.rendering import LANGUAGES, Document
from resonanz.reviews.models import ManagementReview, ReviewOutput
from resonanz.reviews.pack import Pack
from resonanz.reviews.presentation import EMPTY_PACK, show

TEMPLATE = "reviews/pdf/pack.typ"


def _language() -> str:
    language = (get_language() or "de")[:2]
    return language if language in LANGUAGES else "de"


def _day(value: Any) -> str:
    return str(formats.date_format(value, "SHORT_DATE_FORMAT")) if value else ""


def file_name(review: ManagementReview) -> str:
    period = f"{review.period_start:%Y-%m-%d}-{review.period_end:%Y-%m-%d}"
    return f"{_('management-review')}-{review.number}-{period}.pdf"


def review_document(review: ManagementReview, pack: Pack, outputs: list[ReviewOutput]) -> Document:
    sections = show(pack)
    images: dict[str, bytes] = {}
    shown_sections = []
    for section in sections:
        parts = []
        for part in section.parts:
            chart = {"name": "", "alt": ""}
            if part.chart is not None:
                images[part.key] = part.chart.svg
                chart = {"name": part.key, "alt": part.chart.alt}
            parts.append(
                {
                    "heading": part.heading,
                    "text": part.text,
                    "note": part.note,
                    "figures": [list(item) for item in part.figures],
                    "columns": part.columns,
                    "rows": part.rows,
                    "more": ngettext("%(count)s more not listed.", "%(count)s more not listed.", part.more)
                    % {"count": part.more}
                    if part.more
                    else "",
                    "chart": chart,
                }
            )
        shown_sections.append({"heading": section.heading, "parts": parts})
    period_text = f"{_day(review.period_start)} – {_day(review.period_end)}"
    label = _("Management review")
    organization = review.organization
    participants = ", ".join(
        person.user.full_name or person.user.email for person in review.participants.all()
    )
    chair = review.chair.user.full_name or review.chair.user.email if review.chair else ""
    data: dict[str, Any] = {
        "page": {
            "title": f"{label} #{review.number} · {period_text}",
            "author": organization.name,
            "description": review.title,
            "header-left": organization.name,
            "header-right": f"{label} #{review.number} · {period_text}",
            "footer-left": _("Made on %(date)s") % {"date": _day(timezone.localdate())},
            "page-pattern": _("Page %(page)s of %(pages)s"),
        },
        "title": f"{label} #{review.number}: {review.title}",
        "control": [
            [_("Organization"), organization.name],
            [_("Period"), period_text],
            [_("Status"), str(review.get_status_display())],
            [_("Held on"), _day(review.held_on)],
            [_("Chair"), chair],
            [_("Participants"), participants],
            [_("Inputs as of"), _day(pack.as_of_day)],
        ],
        "frozen": _("The inputs are shown as they were presented when the review was held.")
        if review.pack is not None
        else _("A draft: the inputs are read from the registers as they are today."),
        "empty": str(EMPTY_PACK) if pack.empty else "",
        "inputs-heading": _("Inputs (ISO 9001 9.3.2)"),
        "sections": shown_sections,
        "minutes-heading": _("Minutes"),
        "minutes": review.minutes,
        "outputs-heading": _("Outputs (ISO 9001 9.3.3)"),
        "outputs-columns": [_("Kind"), _("Decision"), _("Responsible"), _("Due"), _("Status")],
        "outputs": [
            [
                str(output.get_kind_display()),
                output.text,
                output.owner_name,
                _day(output.due_on),
                str(output.get_status_display()),
            ]
            for output in outputs
        ],
        "no-outputs": _("No outputs recorded yet."),
    }
    return Document(TEMPLATE, data, _language(), images)


def review_pdf(review: ManagementReview, pack: Pack, outputs: list[ReviewOutput]) -> bytes:
    """The PDF, made now (``deferred.PdfFailed`` when it cannot be made)."""
    document = review_document(review, pack, outputs)
    return deferred.pdf_now_or_later(
        review.organization_id, f"reviews.review:{review.pk}", document, now=True
    )
