"""The ambassadors' pages of the share library: the feed, an item with its share forms, one's own shares.
Thin: parse, call one action, render (a refusal with a 400 and its reasons)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from resonanz.advocacy import actions
from resonanz.advocacy import library_access as access
from resonanz.advocacy.forms import LibraryFilterForm, ShareForm
from resonanz.advocacy.models import Share, ShareableItem, SuggestedText
from resonanz.advocacy.share_texts import TextRefused, check_text, final_text
from resonanz.content.check_messages import shown
from resonanz.content.models.posts import MAX_VARIANT_CHARS
from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest
from resonanz.core.roles import Capability
from resonanz.links.short_urls import short_url

C = Capability


@org_view(C.SHARE_CONTENT)
@require_GET
def library(request: MemberRequest) -> HttpResponse:
    member = request.member
    form = LibraryFilterForm(request.GET or None, member=member)
    queryset = access.library_queryset(member)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["topic"] is not None:
            queryset = queryset.filter(topics=data["topic"])
        if data["audience"] is not None:
            queryset = queryset.filter(audiences=data["audience"])
        if data["language"]:
            queryset = queryset.filter(language=data["language"])
        if data["network"]:
            queryset = queryset.filter(suggested_texts__network=data["network"])
    queryset = queryset.prefetch_related(
        Prefetch("suggested_texts", queryset=SuggestedText.objects.order_by("network")), "topics", "audiences"
    )
    page = Paginator(queryset, access.PAGE_SIZE).get_page(request.GET.get("page"))
    items: list[ShareableItem] = list(page.object_list)
    shared = set(
        Share.objects.filter(membership=member, item__in=[item.pk for item in items]).values_list(
            "item_id", flat=True
        )
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "items": items, "shared": shared, "query": query.urlencode()}
    return render(request, "advocacy/library.html", context)


def _forms(
    request: MemberRequest, item: ShareableItem, bound: ShareForm | None = None
) -> list[dict[str, Any]]:
    member = request.member
    with_accounts = set(access.own_accounts(member).values_list("network", flat=True))
    cards = []
    for suggestion in item.suggested_texts.order_by("network"):
        network = suggestion.network
        if bound is not None and bound.data.get("network") == network:
            form = bound
        else:
            initial = {"network": network, "text": suggestion.text}
            form = ShareForm(member=member, network=network, initial=initial)
        cards.append({"suggestion": suggestion, "form": form, "has_accounts": network in with_accounts})
    return cards


def _item_page(
    request: MemberRequest,
    item: ShareableItem,
    bound: ShareForm | None = None,
    results: list[dict[str, Any]] | None = None,
    status: int = 200,
) -> HttpResponse:
    member = request.member
    context = {
        "item": item,
        "cards": _forms(request, item, bound),
        "results": results,
        "checked_network": bound.data.get("network") if bound is not None else "",
        "own_shares": list(Share.objects.filter(item=item, membership=member).select_related("link")),
        "may_share": item.withdrawn_at is None and member.can(C.SHARE_CONTENT),
        "may_manage": member.can(C.MANAGE_LIBRARY),
    }
    return render(request, "advocacy/item.html", context, status=status)


@org_view(C.SHARE_CONTENT)
@require_GET
def item_detail(request: MemberRequest, shareable_item_id: int) -> HttpResponse:
    return _item_page(request, access.get_item_for(request.member, shareable_item_id))


def _preview(request: MemberRequest, item: ShareableItem, form: ShareForm) -> list[dict[str, Any]]:
    """The checks of the text as it would be shared (with the post's own link standing in for the
    personal one, which is made only when sharing)."""
    network = form.cleaned_data["network"]
    suggested = item.suggested_texts.filter(network=network).values_list("text", flat=True).first() or ""
    post = item.post
    text = final_text(form.cleaned_data["text"], suggested, post.link_url, "", MAX_VARIANT_CHARS)
    return shown(check_text(post, network, text))


@org_view(C.SHARE_CONTENT)
@require_http_methods(["POST"])
def item_share(request: MemberRequest, shareable_item_id: int) -> HttpResponseBase:
    member = request.member
    item = access.get_item_for(member, shareable_item_id)
    network = request.POST.get("network", "")
    form = ShareForm(request.POST, member=member, network=network if isinstance(network, str) else "")
    if not form.is_valid():
        return _item_page(request, item, form, status=400)
    data = form.cleaned_data
    try:
        if data["do"] == ShareForm.CHECK:
            return _item_page(request, item, form, results=_preview(request, item, form))
        if data["do"] == ShareForm.SHARE:
            share = actions.share_to_account(member, item, data["account"], data["text"])
            messages.success(
                request, _("Your post is scheduled on %(account)s.") % {"account": data["account"]}
            )
        else:
            share = actions.copy_for_sharing(member, item, data["network"], data["text"])
    except TextRefused as refused:
        refused.show_on(form)
        return _item_page(request, item, form, results=refused.shown(), status=400)
    except ActionRefused as refused:
        refused.show_on(form)
        return _item_page(request, item, form, status=400)
    return redirect(reverse("advocacy:share_detail", args=[member.organization.slug, share.pk]))


@org_view(C.SHARE_CONTENT)
@require_GET
def share_detail(request: MemberRequest, share_id: int) -> HttpResponse:
    share = access.get_own_share_for(request.member, share_id)
    results = shown(check_text(share.post, share.network, share.text))
    context = {
        "share": share,
        "short": short_url(share.link) if share.link is not None else "",
        "warnings": [result for result in results if result["severity"] != "block"],
    }
    return render(request, "advocacy/share.html", context)


@org_view(C.SHARE_CONTENT)
@require_GET
def my_shares(request: MemberRequest) -> HttpResponse:
    member = request.member
    page = Paginator(access.own_shares(member), access.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"share": share, "short": short_url(share.link) if share.link is not None else ""}
        for share in page.object_list
    ]
    return render(request, "advocacy/mine.html", {"page": page, "rows": rows})
