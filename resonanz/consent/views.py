"""Pages of the consent app: "My consents" (give or withdraw, one click either way) and saving the
organization's analytics switches from the settings page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from resonanz.consent import actions
from resonanz.consent.overview import consent_rows
from resonanz.consent.sections import analytics_form
from resonanz.consent.switches import switches_for
from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest
from resonanz.core.roles import Capability


@org_view(Capability.TAKE_PART)
def consent_mine(request: MemberRequest) -> HttpResponse:
    return render(request, "consent/mine.html", {"rows": consent_rows(request.member)})


def _change(request: MemberRequest, give: bool) -> HttpResponse:
    member = request.member
    try:
        if give:
            actions.give_consent(member, request.POST.get("purpose", ""))
            messages.success(request, _("Thank you: your consent has been recorded."))
        else:
            withdrawn = actions.withdraw_consent(member, request.POST.get("purpose", ""))
            if withdrawn is not None:
                messages.success(request, _("Your consent has been withdrawn. It no longer applies."))
    except ActionRefused as error:
        for message in error.messages:
            messages.error(request, message)
        return render(request, "consent/mine.html", {"rows": consent_rows(member)}, status=400)
    return redirect("consent:consent_mine", member.organization.slug)


@org_view(Capability.TAKE_PART)
@require_POST
def consent_give(request: MemberRequest) -> HttpResponse:
    return _change(request, give=True)


@org_view(Capability.TAKE_PART)
@require_POST
def consent_withdraw(request: MemberRequest) -> HttpResponse:
    return _change(request, give=False)


@org_view(Capability.MANAGE_ORGANIZATION)
@require_http_methods(["GET", "POST"])
def consent_analytics(request: MemberRequest) -> HttpResponse:
    """The switches on their own page; saved, they lead back to the organization's settings."""
    member = request.member
    form = analytics_form(member, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.change_analytics_settings(member, **form.cleaned_data)
            except ActionRefused as error:
                error.show_on(form)
            else:
                messages.success(request, _("The analytics settings have been saved."))
                return redirect("organization-settings", member.organization.slug)
    context = {"section": {"form": form, "switches": switches_for(member.organization_id)}}
    return render(request, "consent/analytics.html", context, status=status)
