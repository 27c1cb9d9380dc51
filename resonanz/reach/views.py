"""The reach pages: the organization's dashboard, a campaign's, one's own figures, the leaderboard and
the exports of the dashboard's tables. Thin: parse the period, ask ``reach.privacy`` what the member may
see, read ``reach.dashboards``, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from resonanz.content.models import Campaign
from resonanz.core.access import org_view
from resonanz.core.http import MemberRequest, wants_fragment
from resonanz.core.roles import Capability
from resonanz.documents.deferred import PdfFailed, PdfPending
from resonanz.documents.rendering import PDF_CONTENT_TYPE
from resonanz.documents.waiting import Wait, waiting_response
from resonanz.plan.actions.exports import ExportFile
from resonanz.reach import dashboards, exports, report
from resonanz.reach.charts import dashboard_charts
from resonanz.reach.dashboards import Dashboard, Table
from resonanz.reach.periods import Period, PeriodRefused, parse_period
from resonanz.reach.privacy import visibility_for

C = Capability


def utc_today() -> dt.date:
    # The figures are per UTC day (the click's day), so "today" is the UTC day too.
    return dt.datetime.now(dt.UTC).date()


def _period(request: MemberRequest) -> Period:
    return parse_period(request.GET.get("from"), request.GET.get("to"), utc_today())


def _refused(request: MemberRequest, problem: PeriodRefused, title: str) -> HttpResponse:
    context = {"title": title, "problem": str(problem), "back": request.path}
    return render(request, "reach/bad_period.html", context, status=400)


def _render(request: MemberRequest, template: str, dashboard: Dashboard, **extra: Any) -> HttpResponse:
    context: dict[str, Any] = {"dashboard": dashboard, **extra}
    charts = dashboard_charts(dashboard)
    context["over_time"] = charts.over_time
    context["tables"] = [(table, charts.bars.get(table.slug)) for table in dashboard.tables]
    context["start"] = dashboard.period.start.isoformat()
    context["end"] = dashboard.period.end.isoformat()
    return render(request, template, context)


@org_view(C.VIEW_HOME)
@require_GET
def reach_index(request: MemberRequest) -> HttpResponseBase:
    """The Reach section: the organization's dashboard for who may see it, else one's own figures."""
    slug = request.member.organization.slug
    if request.member.can(C.VIEW_AGGREGATES):
        return redirect("reach:reach_overview", slug)
    return redirect("reach:reach_me", slug)


@org_view(C.VIEW_AGGREGATES)
@require_GET
def reach_overview(request: MemberRequest) -> HttpResponse:
    member = request.member
    try:
        period = _period(request)
    except PeriodRefused as problem:
        return _refused(request, problem, _("Reach"))
    visibility = visibility_for(member)
    dashboard = dashboards.organization_dashboard(member.organization_id, period, visibility)
    campaigns = Campaign.objects.filter(organization=member.organization).order_by("name")[:200]
    return _render(request, "reach/overview.html", dashboard, campaigns=campaigns)


@org_view(C.VIEW_AGGREGATES)
@require_GET
def reach_campaign(request: MemberRequest, campaign_id: int) -> HttpResponse:
    member = request.member
    campaign = get_object_or_404(Campaign, pk=campaign_id, organization=member.organization)
    try:
        period = _period(request)
    except PeriodRefused as problem:
        return _refused(request, problem, campaign.name)
    dashboard = dashboards.campaign_dashboard(campaign, period, visibility_for(member))
    return _render(request, "reach/campaign.html", dashboard, campaign=campaign)


@org_view(C.VIEW_HOME)  # one's own figures: always visible to oneself
@require_GET
def reach_me(request: MemberRequest) -> HttpResponse:
    try:
        period = _period(request)
    except PeriodRefused as problem:
        return _refused(request, problem, _("My reach"))
    return _render(request, "reach/me.html", dashboards.own_dashboard(request.member, period))


@org_view(C.VIEW_HOME)  # whether it is on and whom it shows: reach.privacy
@require_GET
def reach_leaderboard(request: MemberRequest) -> HttpResponse:
    member = request.member
    try:
        period = _period(request)
    except PeriodRefused as problem:
        return _refused(request, problem, _("Leaderboard"))
    visibility = visibility_for(member)
    board = dashboards.leaderboard(member.organization_id, period, visibility)
    context = {
        "board": board,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "own_id": str(member.pk),
        "min_group_size": visibility.min_group_size,
    }
    return render(request, "reach/leaderboard.html", context)


def _export_tables(request: MemberRequest) -> tuple[Period, list[Table]]:
    member = request.member
    period = _period(request)
    dashboard = dashboards.organization_dashboard(member.organization_id, period, visibility_for(member))
    return period, exports.with_series(dashboard)


@org_view(C.VIEW_AGGREGATES)
@require_GET
def reach_export_csv(request: MemberRequest) -> HttpResponseBase:
    try:
        period, tables = _export_tables(request)
    except PeriodRefused as problem:
        return _refused(request, problem, _("Reach"))
    response = StreamingHttpResponse(exports.csv_chunks_of(tables), content_type=exports.CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{exports.file_name(period, "csv")}"'
    return response


@org_view(C.VIEW_AGGREGATES)
@require_GET
def reach_export_xlsx(request: MemberRequest) -> HttpResponseBase:
    try:
        period, tables = _export_tables(request)
    except PeriodRefused as problem:
        return _refused(request, problem, _("Reach"))
    response = HttpResponse(exports.xlsx_bytes(tables), content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{exports.file_name(period, "xlsx")}"'
    return response


def _report(request: MemberRequest, campaign: Campaign | None) -> HttpResponse:
    """The reach report of the dashboard the member sees, for the page's period, as PDF. A long one is
    made by the worker: the page waits (``?token=`` names the PDF being made), then offers the
    download, which this view serves from the kept copy (or, if the figures changed, starts anew)."""
    member = request.member
    token = request.GET.get("token", "")
    organization = member.organization
    if token and (
        wants_fragment(request) or report.pending_state(organization.pk, campaign, token) != "ready"
    ):
        return _report_waiting(request, campaign, token)
    try:
        period = _period(request)
    except PeriodRefused as problem:
        return _refused(request, problem, _("Reach report"))
    visibility = visibility_for(member)
    if campaign is None:
        dashboard = dashboards.organization_dashboard(organization.pk, period, visibility)
    else:
        dashboard = dashboards.campaign_dashboard(campaign, period, visibility)
    try:
        content = report.report_pdf(organization, dashboard, campaign, wait=False)
    except PdfPending as pending:
        return _report_waiting(request, campaign, pending.token)
    except PdfFailed as failed:
        return _report_waiting(request, campaign, failed.token, "failed")
    return ExportFile(content, PDF_CONTENT_TYPE, report.file_name(period, campaign)).download()


def _report_waiting(
    request: MemberRequest, campaign: Campaign | None, token: str, state: str = ""
) -> HttpResponse:
    organization = request.member.organization
    if campaign is None:
        url = reverse("reach:reach_overview_report", args=[organization.slug])
        page = reverse("reach:reach_overview", args=[organization.slug])
    else:
        url = reverse("reach:reach_campaign_report", args=[organization.slug, campaign.pk])
        page = reverse("reach:reach_campaign", args=[organization.slug, campaign.pk])
    query = request.GET.copy()
    query.pop("token", None)
    asked = query.urlencode()
    query["token"] = token
    wait = Wait(
        token,
        state or report.pending_state(organization.pk, campaign, token),
        token_url=f"{url}?{query.urlencode()}",
        retry_url=f"{url}?{asked}" if asked else url,
        running=_(
            "The reach report of this long period is being made. This takes a few seconds; you can keep "
            "working in another tab."
        ),
        failed=_(
            "The reach report could not be made. Please try again; the CSV and XLSX exports work for any "
            "period."
        ),
    )
    context = {"campaign": campaign, "back": f"{page}?{asked}" if asked else page}
    return waiting_response(request, wait, "reach/report_wait.html", context)


@org_view(C.VIEW_AGGREGATES)
@require_GET
def reach_overview_report(request: MemberRequest) -> HttpResponse:
    """The organization's reach report as PDF (who may see the dashboard may download it)."""
    return _report(request, None)


@org_view(C.VIEW_AGGREGATES)
@require_GET
def reach_campaign_report(request: MemberRequest, campaign_id: int) -> HttpResponse:
    """One campaign's reach report as PDF; another organization's campaign is not found (404)."""
    campaign = get_object_or_404(Campaign, pk=campaign_id, organization=request.member.organization)
    return _report(request, campaign)
