"""Pages of the clause library: the standards an organization uses, their clauses with readiness, one
clause with its paraphrase, typical and live evidence and mapped clauses, and the gap list."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest
from resonanz.core.roles import Capability
from resonanz.standards import access, actions
from resonanz.standards.evidence import EvidenceCache
from resonanz.standards.readiness import Readiness, clause_statuses, counts


@org_view(Capability.VIEW_STANDARDS)
def standards_index(request: MemberRequest) -> HttpResponse:
    member = request.member
    cache = EvidenceCache(member)
    adopted = [(row, counts(clause_statuses(member, row, cache))) for row in access.adopted_queryset(member)]
    context = {
        "adopted": adopted,
        "available": list(access.available_standards(member)),
        "can_manage": member.can(Capability.MANAGE_STANDARDS),
    }
    return render(request, "standards/index.html", context)


@org_view(Capability.MANAGE_STANDARDS)
@require_POST
def standards_adopt(request: MemberRequest) -> HttpResponse:
    member = request.member
    try:
        adopted = actions.adopt_standard(member, request.POST.get("standard", ""))
    except ActionRefused as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("standards:standards_index", member.organization.slug)
    messages.success(request, _("The standard is now in use: its clauses show their evidence and readiness."))
    return redirect("standards:standards_clauses", member.organization.slug, adopted.pk)


@org_view(Capability.VIEW_STANDARDS)
def standards_clauses(request: MemberRequest, adopted_standard_id: int) -> HttpResponse:
    member = request.member
    adopted = access.get_adopted_standard_for(member, adopted_standard_id)
    statuses = clause_statuses(member, adopted)
    context = {"adopted": adopted, "statuses": statuses, "counts": counts(statuses)}
    return render(request, "standards/clauses.html", context)


@org_view(Capability.VIEW_STANDARDS)
def standards_gaps(request: MemberRequest, adopted_standard_id: int) -> HttpResponse:
    member = request.member
    adopted = access.get_adopted_standard_for(member, adopted_standard_id)
    gaps = [status for status in clause_statuses(member, adopted) if status.readiness == Readiness.GAP]
    return render(request, "standards/gaps.html", {"adopted": adopted, "gaps": gaps})


def _clause_page(request: MemberRequest, adopted_clause_id: int, status: int = 200) -> HttpResponse:
    member = request.member
    adopted_clause = access.get_adopted_clause_for(member, adopted_clause_id)
    statuses = clause_statuses(member, adopted_clause.adopted_standard)
    current = next(row for row in statuses if row.adopted.pk == adopted_clause.pk)
    children = [row for row in statuses if row.clause.parent_id == adopted_clause.clause_id]
    context = {
        "adopted": adopted_clause.adopted_standard,
        "status": current,
        "children": children,
        "mapped": access.mapped_clauses(member, adopted_clause.clause),
        "can_manage": member.can(Capability.MANAGE_STANDARDS),
        "note": request.POST.get("note", current.adopted.note)
        if request.method == "POST"
        else current.adopted.note,
    }
    return render(request, "standards/clause.html", context, status=status)


@org_view(Capability.VIEW_STANDARDS)
def standards_clause(request: MemberRequest, adopted_clause_id: int) -> HttpResponse:
    return _clause_page(request, adopted_clause_id)


@org_view(Capability.MANAGE_STANDARDS)
@require_POST
def standards_clause_note(request: MemberRequest, adopted_clause_id: int) -> HttpResponse:
    member = request.member
    adopted_clause = access.get_adopted_clause_for(member, adopted_clause_id)
    try:
        actions.note_clause_readiness(member, adopted_clause, request.POST.get("note", ""))
    except ActionRefused as error:
        for message in error.messages:
            messages.error(request, message)
        return _clause_page(request, adopted_clause_id, status=400)
    messages.success(request, _("The readiness note has been saved."))
    return redirect("standards:standards_clause", member.organization.slug, adopted_clause.pk)
