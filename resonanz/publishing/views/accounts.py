"""The network accounts page: company accounts, my own accounts, connecting and disconnecting.

Thin: parse, call one action, render or redirect. The OAuth networks leave the site and come back to
``account_oauth_callback``; what is needed in between is kept in the session (``oauth_flow``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest
from resonanz.core.roles import Capability
from resonanz.publishing import account_access as access
from resonanz.publishing import oauth_flow
from resonanz.publishing.account_forms import OAUTH_CHOICES, BlueskyForm, OAuthForm, WebhookForm
from resonanz.publishing.actions import account_oauth
from resonanz.publishing.actions import accounts as actions
from resonanz.publishing.models import AccountKind, AccountStatus

C = Capability


def _page_url(request: MemberRequest) -> str:
    return reverse("publishing_accounts:accounts", args=[request.member.organization.slug])


def _callback_url(request: MemberRequest) -> str:
    # The address registered with LinkedIn and X; from the configured site URL, not the request's Host.
    path = reverse("publishing_accounts:account_oauth_callback", args=[request.member.organization.slug])
    return settings.SITE_URL + path


def _configured(network: str) -> bool:
    if network == "linkedin":
        return bool(settings.RESONANZ_LINKEDIN_CLIENT_ID)
    if network == "x":
        return bool(settings.RESONANZ_X_CLIENT_ID)
    return True


def _page(request: MemberRequest, status: int = 200, **forms: Any) -> HttpResponse:
    member = request.member
    manager = member.can(C.MANAGE_ACCOUNTS)
    accounts = list(
        access.account_queryset(member).exclude(status=AccountStatus.DISCONNECTED)[: access.MAX_LISTED]
    )
    oauth = [
        {
            "network": network,
            "name": name,
            "configured": _configured(network),
            "form": forms.get(f"oauth_{network}")
            or OAuthForm(member=member, auto_id=f"id_{network}_%s", initial={"network": network}),
        }
        for network, name in OAUTH_CHOICES
    ]
    context = {
        "company_accounts": [account for account in accounts if account.kind == AccountKind.COMPANY],
        "own_accounts": [account for account in accounts if account.membership_id == member.pk],
        "colleague_accounts": [
            account
            for account in accounts
            if account.kind == AccountKind.PERSONAL and account.membership_id != member.pk
        ],
        "may_manage": manager,
        "bluesky_form": forms.get("bluesky") or BlueskyForm(member=member, auto_id="id_bluesky_%s"),
        "webhook_form": forms.get("webhook") or (WebhookForm(member=member) if manager else None),
        "oauth": oauth,
        "webhook_secret": forms.get("webhook_secret"),
    }
    return render(request, "publishing/accounts.html", context, status=status)


@org_view(C.TAKE_PART)
@require_GET
def accounts(request: MemberRequest) -> HttpResponse:
    return _page(request)


@org_view(C.TAKE_PART)
@require_POST
def account_connect_bluesky(request: MemberRequest) -> HttpResponseBase:
    member = request.member
    form = BlueskyForm(request.POST, member=member, auto_id="id_bluesky_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            account = actions.connect_bluesky(
                member,
                kind=data["kind"],
                handle=data["handle"],
                app_password=data["app_password"],
                server=data["server"] or actions.BLUESKY_SERVER,
                channel=data.get("channel"),
            )
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, _("%(account)s is connected.") % {"account": account})
            return redirect(_page_url(request))
    return _page(request, status=400, bluesky=form)


@org_view(C.MANAGE_ACCOUNTS)
@require_POST
def account_connect_webhook(request: MemberRequest) -> HttpResponse:
    member = request.member
    form = WebhookForm(request.POST, member=member)
    if form.is_valid():
        try:
            _account, secret = actions.connect_webhook(
                member, url=form.cleaned_data["url"], channel=form.cleaned_data["channel"]
            )
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            # Shown once, on this answer only: never kept in a message or the session.
            response = _page(request, webhook_secret=secret)
            response["Cache-Control"] = "no-store"
            return response
    return _page(request, status=400, webhook=form)


@org_view(C.TAKE_PART)
@require_POST
def account_oauth_start(request: MemberRequest) -> HttpResponseBase:
    member = request.member
    network = request.POST.get("network", "")
    auto_id = f"id_{network}_%s" if network in dict(OAUTH_CHOICES) else "id_%s"
    form = OAuthForm(request.POST, member=member, auto_id=auto_id)
    if form.is_valid():
        data = form.cleaned_data
        try:
            url, pending = account_oauth.start_oauth(
                member,
                network=data["network"],
                kind=data["kind"],
                redirect_uri=_callback_url(request),
                instance=data["instance"],
                channel=data.get("channel"),
                page=data.get("linkedin_page", ""),
            )
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            oauth_flow.remember(request.session, pending)
            return redirect(url)
    forms = {f"oauth_{network}": form} if network in dict(OAUTH_CHOICES) else {}
    return _page(request, status=400, **forms)


@org_view(C.TAKE_PART)
@require_GET
def account_oauth_callback(request: MemberRequest) -> HttpResponseBase:
    member = request.member
    pending = oauth_flow.take(request.session, request.GET.get("state"))
    if pending is None or pending.member_id != member.pk:
        messages.error(request, _("This sign-in was not started here or took too long. Please start again."))
        return redirect(_page_url(request))
    if request.GET.get("error"):
        messages.warning(request, _("The network was not allowed access; nothing was connected."))
        return redirect(_page_url(request))
    try:
        account = account_oauth.finish_oauth(
            member, pending=pending, code=request.GET.get("code", ""), redirect_uri=_callback_url(request)
        )
    except ActionRefused as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("%(account)s is connected.") % {"account": account})
    return redirect(_page_url(request))


@org_view(C.TAKE_PART)
@require_http_methods(["GET", "POST"])
def account_disconnect(request: MemberRequest, network_account_id: int) -> HttpResponseBase:
    member = request.member
    account = access.get_account_for(member, network_account_id)
    if account.status == AccountStatus.DISCONNECTED:
        messages.info(request, _("This account is disconnected already."))
        return redirect(_page_url(request))
    if request.method == "GET":
        return render(request, "publishing/account_disconnect.html", {"account": account})
    try:
        revocation = actions.disconnect_account(member, account)
    except ActionRefused as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect(_page_url(request))
    if revocation == actions.Revocation.REVOKED:
        messages.success(request, _("The account is disconnected and resonanz's access is revoked."))
    elif account.network == "bluesky":
        messages.success(
            request,
            _(
                "The account is disconnected. Bluesky cannot revoke app passwords for us: delete the app "
                "password in Bluesky under Settings → Privacy and security → App passwords."
            ),
        )
    elif revocation == actions.Revocation.FAILED:
        messages.warning(
            request,
            _(
                "The account is disconnected here, but the network could not be reached to revoke "
                "resonanz's access. Please remove resonanz in the account's settings on the network."
            ),
        )
    else:
        messages.success(request, _("The account is disconnected."))
    return redirect(_page_url(request))
