"""The report of a completed internal audit as PDF (ISO 9001 9.2.2: results retained as evidence).

Made by the one document engine (``documents``) from the Typst template ``audits/pdf/report.typ``, in
the reader's language. It holds what was issued and nothing live: scope, criteria, the people as
copied on completion, each checklist item with its result, note and the evidence copied onto it, and
the findings with the numbers of the incidents they opened. Names and notes go to Typst as data, never
as markup.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import formats
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from resonanz.audits.checklist import issued_evidence
from resonanz.audits.models import NONCONFORMITIES, Audit, AuditStatus, ChecklistItem, ItemResult
from resonanz.core.errors import ActionRefused
from resonanz.documents.rendering import LANGUAGES, Document, compile_pdf

TEMPLATE = "audits/pdf/report.typ"


def _language() -> str:
    language = (get_language() or "de")[:2]
    return language if language in LANGUAGES else "de"


def _day(value: dt.date | None) -> str:
    return str(formats.date_format(value, "SHORT_DATE_FORMAT")) if value is not None else ""


def _evidence_date(value: str) -> str:
    try:
        return _day(dt.date.fromisoformat(value))
    except ValueError:
        return ""


def _item(item: ChecklistItem) -> dict[str, Any]:
    evidence = []
    for entry in issued_evidence(item):
        day = _evidence_date(entry.date)
        evidence.append(f"{entry.label} ({day})" if day else entry.label)
    return {
        "clause": item.clause_number,
        "title": item.clause_title,
        "result": str(ItemResult(item.result).label) if item.result else "",
        "finding": item.result in NONCONFORMITIES,
        "note": item.note,
        "evidence": evidence,
    }


def file_name(audit: Audit) -> str:
    return f"{_('audit-report')}-{audit.number}-{slugify(audit.title)[:40] or 'audit'}.pdf"


def report_document(audit: Audit) -> Document:
    """The report of a completed audit in the active language."""
    if audit.status != AuditStatus.COMPLETED:
        raise ActionRefused(_("The report is issued when the audit is completed."), code="not_completed")
    items = list(audit.items.select_related("incident").order_by("position"))
    people = audit.people if isinstance(audit.people, dict) else {}
    label = _("Internal audit report")
    heading = _("Internal audit #%(number)s: %(title)s") % {"number": audit.number, "title": audit.title}
    findings = [
        [
            item.clause_number,
            str(ItemResult(item.result).label),
            item.note,
            f"#{item.incident.number}" if item.incident is not None else "",
        ]
        for item in items
        if item.result in NONCONFORMITIES
    ]
    data: dict[str, Any] = {
        "page": {
            "title": heading,
            "author": audit.organization.name,
            "description": label,
            "header-left": audit.organization.name,
            "header-right": f"{label} #{audit.number}",
            "footer-left": _("Issued on %(date)s") % {"date": _day(audit.completed_on)},
            "page-pattern": _("Page %(page)s of %(pages)s"),
        },
        "title": heading,
        "control": [
            [_("Audit programme"), str(audit.programme.year)],
            [_("Audited area"), audit.area],
            [_("Planned for"), _day(audit.planned_on)],
            [_("Completed on"), _day(audit.completed_on)],
            [_("Lead auditor"), str(people.get("lead", ""))],
            [_("Co-auditors"), ", ".join(str(name) for name in people.get("co", []))],
            [_("Audited persons"), ", ".join(str(name) for name in people.get("auditees", []))],
        ],
        "scope-heading": _("Scope"),
        "scope": audit.scope,
        "criteria-heading": _("Audit criteria"),
        "criteria": [f"{item.clause_number} {item.clause_title}" for item in items],
        "checklist-heading": _("Checklist"),
        "checklist-columns": [_("Clause"), _("Result"), _("Note"), _("Evidence")],
        "checklist": _checklist_rows(items),
        "findings-heading": _("Findings"),
        "findings-columns": [_("Clause"), _("Grade"), _("Finding"), _("Incident")],
        "findings": findings,
        "no-findings": _("No nonconformities were found."),
        "summary-heading": _("Conclusion"),
        "summary": audit.summary,
    }
    return Document(TEMPLATE, data, _language())


def _checklist_rows(items: list[ChecklistItem]) -> list[list[str]]:
    rows = []
    for item in items:
        entry = _item(item)
        rows.append(
            [
                f"{entry['clause']} {entry['title']}",
                entry["result"],
                entry["note"],
                "\n".join(entry["evidence"]),
            ]
        )
    return rows


def report_pdf(audit: Audit) -> bytes:
    """The PDF of the report: small (at most ``MAX_CRITERIA`` items), so made during the request."""
    return compile_pdf(report_document(audit))
