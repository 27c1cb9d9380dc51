"""Pages of the internal audits: the programme per year, one audit with its checklist, the report PDF."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from resonanz.audits import access, actions, report
from resonanz.audits.checklist import Evidence, issued_evidence, live_evidence
from resonanz.audits.forms import AuditForm, CompleteForm, ProgrammeForm, ResultForm
from resonanz.audits.models import Audit, AuditStatus
from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest, render_page_or_fragment
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.documents.rendering import PDF_CONTENT_TYPE, DocumentError

C = Capability
MAX_LISTED = 300
logger = logging.getLogger(__name__)


def _audit_form(member: Membership, data: Any = None) -> AuditForm:
    return AuditForm(data, people=access.people_choices(member), clauses=access.criteria_choices(member))


@org_view(C.VIEW_AUDITS)
@require_http_methods(["GET", "POST"])
def audits_index(request: MemberRequest) -> HttpResponse:
    """Every year's programme with its audits and their status; who manages audits opens a new year."""
    member = request.member
    can_manage = member.can(C.MANAGE_AUDITS)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied(C.MANAGE_AUDITS)
    form = ProgrammeForm(request.POST if request.method == "POST" else None) if can_manage else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            programme = actions.create_programme(member, **form.cleaned_data)
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            messages.success(
                request, _("The audit programme %(year)s is created.") % {"year": programme.year}
            )
            return redirect("audits:audits_programme", member.organization.slug, programme.pk)
    programmes = list(access.programme_queryset(member).order_by("-year")[:50])
    audits = access.audit_queryset(member).filter(programme__in=programmes).order_by("planned_on", "number")
    by_programme: dict[int, list[Audit]] = {programme.pk: [] for programme in programmes}
    for audit in audits[:MAX_LISTED]:
        by_programme[audit.programme_id].append(audit)
    context = {
        "programmes": [(programme, by_programme[programme.pk]) for programme in programmes],
        "form": form,
    }
    return render(request, "audits/index.html", context, status=400 if request.method == "POST" else 200)


@org_view(C.VIEW_AUDITS)
@require_http_methods(["GET", "POST"])
def audits_programme(request: MemberRequest, audit_programme_id: int) -> HttpResponse:
    """One year's programme: its audits, and the form to plan one."""
    member = request.member
    programme = access.get_programme_for(member, audit_programme_id)
    can_manage = member.can(C.MANAGE_AUDITS)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied(C.MANAGE_AUDITS)
    form = _audit_form(member, request.POST if request.method == "POST" else None) if can_manage else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            audit = actions.plan_audit(member, programme, **form.cleaned_data)
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, _("Audit #%(number)s is planned.") % {"number": audit.number})
            return redirect("audits:audits_audit", member.organization.slug, audit.pk)
    context = {
        "programme": programme,
        "audits": list(
            access.audit_queryset(member).filter(programme=programme).order_by("planned_on")[:MAX_LISTED]
        ),
        "form": form,
    }
    return render(request, "audits/programme.html", context, status=400 if request.method == "POST" else 200)


def _rows(member: Membership, audit: Audit, forms: dict[int, ResultForm]) -> list[dict[str, Any]]:
    items = list(audit.items.select_related("incident").order_by("position"))
    evidence: dict[int, list[Evidence]]
    if audit.status == AuditStatus.COMPLETED:
        evidence = {item.pk: issued_evidence(item) for item in items}
    else:
        evidence = live_evidence(member, items)
    editable = audit.status == AuditStatus.IN_PROGRESS and member.can(C.MANAGE_AUDITS)
    return [
        {
            "item": item,
            "evidence": evidence.get(item.pk, []),
            "form": forms.get(item.pk)
            or (
                ResultForm(initial={"result": item.result, "note": item.note}, prefix=f"item{item.pk}")
                if editable
                else None
            ),
        }
        for item in items
    ]


def _detail(
    request: MemberRequest, audit: Audit, *, complete_form: CompleteForm | None = None, status: int = 200
) -> HttpResponse:
    member = request.member
    can_manage = member.can(C.MANAGE_AUDITS)
    context = {
        "audit": audit,
        "co_auditors": list(audit.co_auditors.select_related("user")),
        "auditees": list(audit.auditees.select_related("user")),
        "criteria": list(audit.criteria.select_related("clause__standard").order_by("clause__position")),
        "rows": _rows(member, audit, {}),
        "can_manage": can_manage,
        "complete_form": complete_form or (CompleteForm() if can_manage else None),
    }
    return render(request, "audits/audit.html", context, status=status)


@org_view(C.VIEW_AUDITS)
@require_GET
def audits_audit(request: MemberRequest, audit_id: int) -> HttpResponse:
    return _detail(request, access.get_audit_for(request.member, audit_id))


@org_view(C.MANAGE_AUDITS)
@require_POST
def audits_start(request: MemberRequest, audit_id: int) -> HttpResponseBase:
    member = request.member
    audit = access.get_audit_for(member, audit_id, C.MANAGE_AUDITS)
    try:
        actions.start_audit(member, audit)
    except ActionRefused as refused:
        for message in refused.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The audit is started; its checklist is ready."))
    return redirect("audits:audits_audit", member.organization.slug, audit.pk)


@org_view(C.MANAGE_AUDITS)
@require_POST
def audits_result(request: MemberRequest, checklist_item_id: int) -> HttpResponseBase:
    """Record one item's result: the row comes back for htmx, the whole page otherwise."""
    member = request.member
    item = access.get_item_for(member, checklist_item_id)
    form = ResultForm(request.POST, prefix=f"item{item.pk}")
    status = 400
    if form.is_valid():
        try:
            item = actions.record_result(member, item, **form.cleaned_data)
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            status = 200
            if not request.htmx:
                messages.success(request, _("The result is recorded."))
                return redirect("audits:audits_audit", member.organization.slug, item.audit_id)
    audit = access.get_audit_for(member, item.audit_id)
    if not request.htmx:
        return _detail(request, audit, status=status)
    row = next(
        row
        for row in _rows(member, audit, {} if status == 200 else {item.pk: form})
        if row["item"].pk == item.pk
    )
    return render_page_or_fragment(
        request,
        "audits/audit.html",
        "audits/_item.html",
        {"audit": audit, "row": row, "saved": status == 200},
        status=status,
    )


@org_view(C.MANAGE_AUDITS)
@require_POST
def audits_complete(request: MemberRequest, audit_id: int) -> HttpResponseBase:
    member = request.member
    audit = access.get_audit_for(member, audit_id, C.MANAGE_AUDITS)
    form = CompleteForm(request.POST)
    if form.is_valid():
        try:
            actions.complete_audit(member, audit, **form.cleaned_data)
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, _("The audit is completed and its report issued."))
            return redirect("audits:audits_audit", member.organization.slug, audit.pk)
    return _detail(request, access.get_audit_for(member, audit_id), complete_form=form, status=400)


@org_view(C.VIEW_AUDITS)
@require_GET
def audits_report(request: MemberRequest, audit_id: int) -> HttpResponseBase:
    member = request.member
    audit = access.get_audit_for(member, audit_id)
    try:
        content = report.report_pdf(audit)
    except ActionRefused as refused:
        for message in refused.messages:
            messages.error(request, message)
        return redirect("audits:audits_audit", member.organization.slug, audit.pk)
    except DocumentError:
        logger.exception("the report of audit %s could not be made", audit.pk)
        messages.error(request, _("The PDF could not be made. Please try again."))
        return redirect("audits:audits_audit", member.organization.slug, audit.pk)
    response = HttpResponse(content, content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{report.file_name(audit)}"'
    response["Cache-Control"] = "private, no-store"
    return response
