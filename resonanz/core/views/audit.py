"""The audit trail for auditors: a filtered list, one record in full, and CSV/JSON exports.

Readers get words: the page, the detail and the CSV export show action names, object descriptions,
fields and values in the reader's language, times in the organization's zone
(``resonanz.core.audit_reading``). The action codes are kept as a tooltip in the list and in the
record's technical details. The JSON export (like the API) stays for machines: codes, ids, raw
before/after and UTC timestamps in ISO 8601.
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers

from resonanz.core import actions, audit_reading
from resonanz.core.access import audit_queryset, get_audit_record_for, org_view
from resonanz.core.audit_filter import filter_records
from resonanz.core.csv_export import BYTE_ORDER_MARK, CSV_CONTENT_TYPE, csv_chunks
from resonanz.core.dates import zone_name
from resonanz.core.forms import AuditFilterForm
from resonanz.core.http import MemberRequest, render_page_or_fragment, wants_fragment
from resonanz.core.models import AuditRecord, Membership, Organization
from resonanz.core.roles import Capability

AUDIT_PER_PAGE = 50
# Records whose references are named with one query per kind in the CSV export.
CSV_BATCH = 500
# The keys of a record in the JSON export, and the order of the CSV's columns (named by ``csv_header``).
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


@dataclass(frozen=True)
class Shown:
    entry: AuditRecord
    object_text: str


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
    zone = member.organization.zone
    context = {
        "page": page,
        "shown": [Shown(entry, audit_reading.object_text(entry, zone)) for entry in page],
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
    zone = member.organization.zone
    pretty = {
        "before": json.dumps(entry.before, indent=2, ensure_ascii=False) if entry.before is not None else "",
        "after": json.dumps(entry.after, indent=2, ensure_ascii=False) if entry.after is not None else "",
    }
    names = audit_reading.load_names([entry], member.organization)
    context = {
        "entry": entry,
        "pretty": pretty,
        "object_text": audit_reading.object_text(entry, zone),
        "object_type": audit_reading.object_type_label(entry.object_type) if entry.object_type else "",
        "has_before": entry.before is not None,
        **_split(
            audit_reading.lines(entry, names, zone), both=entry.before is not None and entry.after is not None
        ),
    }
    return render(request, "core/audit_detail.html", context)


def _split(lines: list[audit_reading.Line], *, both: bool) -> dict[str, list[audit_reading.Line]]:
    """What changed first; when a record has both sides, the unchanged fields go behind a disclosure."""
    if not both:
        return {"lines": lines, "unchanged": []}
    return {
        "lines": [line for line in lines if line.changed],
        "unchanged": [line for line in lines if not line.changed],
    }


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


def csv_header(zone: zoneinfo.ZoneInfo) -> list[str]:
    """The CSV's column names in the reader's language; the columns are those of ``EXPORT_COLUMNS``."""
    return [
        _("No."),
        _("Time (%(zone)s)") % {"zone": zone_name(zone)},
        _("Actor"),
        _("Action"),
        _("Object type"),
        _("Object ID"),
        _("Object"),
        _("Before"),
        _("After"),
        _("Request"),
        _("Job"),
        _("Previous hash"),
        _("Hash"),
    ]


def local_time(moment: dt.datetime, zone: zoneinfo.ZoneInfo) -> str:
    """The moment in the organization's zone, to the second, as the reader's language writes it."""
    pattern = formats.get_format("DATETIME_INPUT_FORMATS")[0]
    return timezone.localtime(moment, zone).strftime(pattern)


def csv_rows(records: Iterable[AuditRecord], organization: Organization) -> Iterator[list[str | int | None]]:
    """The records as the CSV's cells: words in the reader's language, references by name."""
    zone = organization.zone
    remaining = iter(records)
    while batch := list(islice(remaining, CSV_BATCH)):
        names = audit_reading.load_names(batch, organization)
        for entry in batch:
            before, after = audit_reading.sides_text(entry, names, zone)
            yield [
                entry.seq,
                local_time(entry.created_at, zone),
                entry.actor_name,
                entry.action_label,
                audit_reading.object_type_label(entry.object_type) if entry.object_type else "",
                entry.object_id,
                audit_reading.object_text(entry, zone),
                before,
                after,
                entry.request_id,
                entry.job_id,
                entry.prev_hash,
                entry.hash,
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
        organization = member.organization
        rows = csv_rows(records.iterator(chunk_size=2000), organization)
        yield from csv_chunks(csv_header(organization.zone), rows)

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
