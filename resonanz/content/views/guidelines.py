"""Campaigns and guideline rules: lists with forms to add, change, switch off and remove. Thin."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from resonanz.content import editor_access as access
from resonanz.content.actions import campaigns, guidelines
from resonanz.content.editor_forms import CampaignForm, RuleEditForm, RuleForm
from resonanz.content.models import MAX_RULES, Campaign, GuidelineRule
from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest
from resonanz.core.roles import Capability

C = Capability
MAX_CAMPAIGNS_SHOWN = 500


def _campaigns_url(request: MemberRequest) -> str:
    return reverse("editor:campaigns", args=[request.member.organization.slug])


def _campaigns_page(request: MemberRequest, form: CampaignForm, status: int = 200) -> HttpResponse:
    listed = list(access.campaign_queryset(request.member)[:MAX_CAMPAIGNS_SHOWN])
    return render(request, "content/campaigns.html", {"campaigns": listed, "form": form}, status=status)


@org_view(C.MANAGE_GUIDELINES)
@require_http_methods(["GET", "POST"])
def campaign_list(request: MemberRequest) -> HttpResponseBase:
    if request.method != "POST":
        return _campaigns_page(request, CampaignForm())
    form = CampaignForm(request.POST)
    if form.is_valid():
        try:
            campaigns.create_campaign(request.member, **form.cleaned_data)
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, _("The campaign is created."))
            return redirect(_campaigns_url(request))
    return _campaigns_page(request, form, status=400)


def _campaign_page(
    request: MemberRequest, campaign: Campaign, form: CampaignForm, status: int = 200
) -> HttpResponse:
    return render(request, "content/campaign.html", {"campaign": campaign, "form": form}, status=status)


@org_view(C.MANAGE_GUIDELINES)
@require_http_methods(["GET", "POST"])
def campaign_edit(request: MemberRequest, campaign_id: int) -> HttpResponseBase:
    member = request.member
    campaign = access.get_campaign_for(member, campaign_id)
    if request.method != "POST":
        initial = {
            "name": campaign.name,
            "description": campaign.description,
            "starts_on": campaign.starts_on,
            "ends_on": campaign.ends_on,
        }
        return _campaign_page(request, campaign, CampaignForm(initial=initial))
    form = CampaignForm(request.POST)
    if form.is_valid():
        try:
            campaigns.update_campaign(member, campaign, **form.cleaned_data)
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, _("The campaign is saved."))
            return redirect(_campaigns_url(request))
    return _campaign_page(request, campaign, form, status=400)


@org_view(C.MANAGE_GUIDELINES)
@require_POST
def campaign_active(request: MemberRequest, campaign_id: int) -> HttpResponseBase:
    member = request.member
    campaign = access.get_campaign_for(member, campaign_id)
    active = request.POST.get("active") == "1"
    campaigns.set_campaign_active(member, campaign, active)
    messages.success(
        request, _("The campaign is switched on.") if active else _("The campaign is switched off.")
    )
    return redirect(_campaigns_url(request))


def _rules_url(request: MemberRequest) -> str:
    return reverse("editor:guidelines", args=[request.member.organization.slug])


def _rules_page(request: MemberRequest, form: RuleForm, status: int = 200) -> HttpResponse:
    rules = list(access.rule_queryset(request.member)[:MAX_RULES])
    return render(
        request,
        "content/guidelines.html",
        {"rules": rules, "form": form, "may_manage": request.member.can(C.MANAGE_GUIDELINES)},
        status=status,
    )


@org_view(C.VIEW_CONTENT)
@require_GET
def guideline_list(request: MemberRequest) -> HttpResponse:
    return _rules_page(request, RuleForm())


@org_view(C.MANAGE_GUIDELINES)
@require_POST
def guideline_add(request: MemberRequest) -> HttpResponseBase:
    form = RuleForm(request.POST)
    if form.is_valid():
        try:
            guidelines.add_guideline_rule(request.member, **form.cleaned_data)
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, _("The rule is added."))
            return redirect(_rules_url(request))
    return _rules_page(request, form, status=400)


def _rule_page(
    request: MemberRequest, rule: GuidelineRule, form: RuleEditForm, status: int = 200
) -> HttpResponse:
    return render(request, "content/guideline.html", {"rule": rule, "form": form}, status=status)


@org_view(C.MANAGE_GUIDELINES)
@require_http_methods(["GET", "POST"])
def guideline_edit(request: MemberRequest, guideline_rule_id: int) -> HttpResponseBase:
    member = request.member
    rule = access.get_guideline_rule_for(member, guideline_rule_id)
    if request.method != "POST":
        initial = {
            "kind": rule.kind,
            "pattern": rule.pattern,
            "severity": rule.severity,
            "message": rule.message,
            "is_active": rule.is_active,
        }
        return _rule_page(request, rule, RuleEditForm(initial=initial))
    form = RuleEditForm(request.POST)
    if form.is_valid():
        try:
            guidelines.update_guideline_rule(member, rule, **form.cleaned_data)
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, _("The rule is saved."))
            return redirect(_rules_url(request))
    return _rule_page(request, rule, form, status=400)


@org_view(C.MANAGE_GUIDELINES)
@require_POST
def guideline_remove(request: MemberRequest, guideline_rule_id: int) -> HttpResponseBase:
    member = request.member
    guidelines.remove_guideline_rule(member, access.get_guideline_rule_for(member, guideline_rule_id))
    messages.success(request, _("The rule is removed."))
    return redirect(_rules_url(request))
