"""The audit trail for auditors: a filtered list, one record in full, and CSV/JSON exports."""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.vary import vary_on_headers

from resonanz.core import actions
from resonanz.core.access import audit_queryset, get_audit_record_for, org_view
from resonanz.core.audit_filter import filter_records
from resonanz.core.csv_export import BYTE_ORDER_MARK, CSV_CONTENT_TYPE, csv_chunks
from resonanz.core.forms import AuditFilterForm
from resonanz.core.http import MemberRequest, render_page_or_fragment, wants_fragment
from resonanz.core.models import AuditRecord, Membership
from resonanz.core.roles import Capability

AUDIT_PER_PAGE = 50
EXPORT_COLUMNS = [
    "seq",
    "created_at",
    "actor_name",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "request_id",
    "job_id",
    "prev_hash",
    "hash",
]


def filtered_records(member: Membership, params: AuditFilterForm) -> QuerySet[AuditRecord]:
    records = audit_queryset(member)
    if not params.is_valid():
        return records.none()
    return filter_records(records, params.audit_filter(member.organization.zone))


@org_view(Capability.VIEW_AUDIT)
@vary_on_headers("HX-Request")
def audit_list(request: MemberRequest) -> HttpResponse:
    """The trail, newest first, filtered and paged; an htmx filter request gets the results only."""
    member = request.member
    params = AuditFilterForm(request.GET or None)
    records = filtered_records(member, params) if request.GET else audit_queryset(member)
    page = Paginator(records.order_by("-seq"), AUDIT_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    partial = wants_fragment(request)
    status = 400 if request.GET and not params.is_valid() else 200
    context = {
        "page": page,
        "filter": params if request.GET else AuditFilterForm(),
        "query": query.urlencode(),
        "partial": partial,
    }
    return render_page_or_fragment(
        request,
        "core/audit_list.html",
        "core/_audit_rows.html",
        context,
        status=status,
    )


@org_view(Capability.VIEW_AUDIT)
def audit_detail(request: MemberRequest, audit_record_id: int) -> HttpResponse:
    member = request.member
    entry = get_audit_record_for(member, audit_record_id)
    pretty = {
        "before": json.dumps(entry.before, indent=2, ensure_ascii=False) if entry.before is not None else "",
        "after": json.dumps(entry.after, indent=2, ensure_ascii=False) if entry.after is not None else "",
    }
    return render(request, "core/audit_detail.html", {"entry": entry, "pretty": pretty})


def _row(entry: AuditRecord) -> dict[str, object]:
    return {
        "seq": entry.seq,
        "created_at": entry.created_at.isoformat(),
        "actor_name": entry.actor_name,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "before": entry.before,
        "after": entry.after,
        "request_id": entry.request_id,
        "job_id": entry.job_id,
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }


def _csv_cells(entry: AuditRecord) -> list[str | int | None]:
    row = _row(entry)
    return [
        json.dumps(row[column], ensure_ascii=False) if column in ("before", "after") else str(row[column])
        for column in EXPORT_COLUMNS
    ]


@org_view(Capability.EXPORT_AUDIT)
def audit_export(request: MemberRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """Stream the filtered trail as CSV or JSON Lines-free JSON; memory stays flat for long trails."""
    member = request.member
    params = AuditFilterForm(request.GET or None)
    if request.GET and not params.is_valid():
        # Checked before the first byte: a stream cannot turn into an error once it has begun.
        errors = " ".join(str(message) for messages in params.errors.values() for message in messages)
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    records = filtered_records(member, params) if request.GET else audit_queryset(member)
    exported = actions.export_audit_trail(
        member, fmt, params.cleaned_data if request.GET and params.is_valid() else {}
    )
    # The file holds the trail as it was when asked for; the record of this export comes after it.
    records = records.filter(seq__lt=exported.seq).order_by("seq")
    stamp = timezone.localtime(timezone.now(), member.organization.zone).strftime("%Y%m%d-%H%M")
    filename = f"audit-{member.organization.slug}-{stamp}.{fmt}"

    def csv_lines() -> Iterator[str]:
        yield BYTE_ORDER_MARK  # so spreadsheet programs read UTF-8 umlauts correctly
        yield from csv_chunks(EXPORT_COLUMNS, map(_csv_cells, records.iterator(chunk_size=2000)))

    def json_chunks() -> Iterator[str]:
        yield '{"organization": ' + json.dumps(member.organization.slug) + ', "records": ['
        for index, entry in enumerate(records.iterator(chunk_size=2000)):
            yield ("," if index else "") + json.dumps(_row(entry), ensure_ascii=False)
        yield "]}"

    if fmt == "csv":
        response = StreamingHttpResponse(csv_lines(), content_type=CSV_CONTENT_TYPE)
    else:
        response = StreamingHttpResponse(json_chunks(), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
