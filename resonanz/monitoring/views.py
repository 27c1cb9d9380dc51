"""Pages of the shitstorm early warning, under ``/o/<org>/monitoring/``."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest
from resonanz.core.roles import Capability
from resonanz.monitoring import actions
from resonanz.monitoring.figures import hourly_figures
from resonanz.monitoring.forms import ImportForm, MentionFilterForm, SettingsForm
from resonanz.monitoring.models import Mention, MentionImport, MonitoringAlarm
from resonanz.monitoring.notices import settings_of
from resonanz.reach.charts import line_chart

C = Capability
PAGE_SIZE = 50
RECENT = 10


def _page(request: MemberRequest, template: str, status: int = 200, **context: Any) -> HttpResponse:
    context.setdefault("organization", request.member.organization)
    context.setdefault("member", request.member)
    context["perms_mentions"] = request.member.can(C.VIEW_MENTIONS)
    context["perms_alarms"] = request.member.can(C.VIEW_MONITORING_ALARMS)
    context["perms_manage"] = request.member.can(C.MANAGE_MONITORING)
    return render(request, template, context, status=status)


@org_view(C.VIEW_MONITORING_FIGURES)
@require_GET
def monitoring_overview(request: MemberRequest) -> HttpResponse:
    """Mentions per hour and their negative share over the last seven days; the latest alarms."""
    member = request.member
    figures = hourly_figures(member.organization)
    hours = [figure.start for figure in figures]
    volume = line_chart(
        hours,
        [figure.mentions for figure in figures],
        alt=_("Mentions per hour; the figures are in the table below the charts."),
        label=_("Mentions"),
    )
    negative = line_chart(
        hours,
        [figure.negative_percent for figure in figures],
        alt=_("Negative share per hour in percent; the figures are in the table below the charts."),
        label=_("Negative share (%)"),
    )
    alarms = (
        MonitoringAlarm.objects.filter(organization=member.organization)[:RECENT]
        if member.can(C.VIEW_MONITORING_ALARMS)
        else None
    )
    shown = [figure for figure in reversed(figures) if figure.mentions]
    return _page(
        request,
        "monitoring/overview.html",
        volume=volume,
        negative=negative,
        hours=shown,
        total=sum(figure.mentions for figure in figures),
        alarms=alarms,
    )


@org_view(C.VIEW_MENTIONS)
@require_GET
def monitoring_mentions(request: MemberRequest) -> HttpResponse:
    member = request.member
    form = MentionFilterForm(request.GET or None)
    mentions = Mention.objects.filter(organization=member.organization)
    if form.is_valid():
        if form.cleaned_data["tone"]:
            mentions = mentions.filter(tone=form.cleaned_data["tone"])
        if form.cleaned_data["network"]:
            mentions = mentions.filter(network=form.cleaned_data["network"].strip().lower())
    page = Paginator(mentions.order_by("-posted_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    filters = urlencode(
        {key: value for key, value in (form.cleaned_data if form.is_valid() else {}).items() if value}
    )
    return _page(request, "monitoring/mentions.html", form=form, page=page, filters=filters)


@org_view(C.VIEW_MONITORING_ALARMS)
@require_GET
def monitoring_alarms(request: MemberRequest) -> HttpResponse:
    alarms = MonitoringAlarm.objects.filter(organization=request.member.organization).order_by("-at", "-pk")
    page = Paginator(alarms, PAGE_SIZE).get_page(request.GET.get("page"))
    return _page(request, "monitoring/alarms.html", page=page)


@org_view(C.MANAGE_MONITORING)
@require_http_methods(["GET", "POST"])
def monitoring_settings(request: MemberRequest) -> HttpResponseBase:
    member = request.member
    current = settings_of(member.organization)
    initial = {"on_call": current.on_call_id, "playbook": "\n".join(current.playbook)}
    form = SettingsForm(request.POST or None, initial=initial, organization=member.organization)
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.update_monitoring_settings(
                    member,
                    on_call=form.cleaned_data["on_call"],
                    playbook=form.cleaned_data["playbook"].splitlines(),
                )
            except ActionRefused as error:
                error.show_on(form)
            else:
                messages.success(request, _("The monitoring settings were saved."))
                return redirect("monitoring:monitoring_settings", member.organization.slug)
        return _page(request, "monitoring/settings.html", 400, form=form)
    return _page(request, "monitoring/settings.html", form=form)


@org_view(C.MANAGE_MONITORING)
@require_http_methods(["GET", "POST"])
def monitoring_import(request: MemberRequest) -> HttpResponseBase:
    member = request.member
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                batch = actions.import_mentions(member, data=upload.read(), file_name=upload.name or "")
            except ActionRefused as error:
                error.show_on(form)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(stored)s mention imported, %(duplicates)s already stored.",
                        "%(stored)s mentions imported, %(duplicates)s already stored.",
                        batch.stored,
                    )
                    % {"stored": batch.stored, "duplicates": batch.duplicates},
                )
                return redirect("monitoring:monitoring_import", member.organization.slug)
        status = 400
    recent = MentionImport.objects.filter(organization=member.organization)[:RECENT]
    return _page(request, "monitoring/import.html", status, form=form, recent=recent)
