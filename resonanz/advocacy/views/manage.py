"""The managers' pages of the share library: offer an approved post, the list of offered posts, withdraw.
Thin: parse, call one action, redirect (or show the refusal with a 400)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from resonanz.advocacy import actions
from resonanz.advocacy import library_access as access
from resonanz.advocacy.forms import OfferForm
from resonanz.advocacy.models import ShareableItem
from resonanz.content.models import Post
from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest
from resonanz.core.roles import Capability

C = Capability


@org_view(C.MANAGE_LIBRARY)
@require_GET
def manage(request: MemberRequest) -> HttpResponse:
    queryset = access.managed_queryset(request.member).annotate(share_count=Count("shares"))
    page = Paginator(queryset, access.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "advocacy/manage.html", {"page": page, "items": list(page.object_list)})


def _offer_page(request: MemberRequest, post: Post, form: OfferForm, status: int = 200) -> HttpResponse:
    current = ShareableItem.objects.filter(post=post, withdrawn_at__isnull=True).first()
    context = {"post": post, "form": form, "current": current}
    return render(request, "advocacy/offer.html", context, status=status)


@org_view(C.MANAGE_LIBRARY)
@require_http_methods(["GET", "POST"])
def offer(request: MemberRequest, post_id: int) -> HttpResponseBase:
    member = request.member
    post = access.get_offerable_post_for(member, post_id)
    if request.method != "POST":
        return _offer_page(request, post, OfferForm(member=member))
    form = OfferForm(request.POST, member=member)
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = actions.offer_for_sharing(
                member, post, list(data["topics"]), list(data["audiences"]), data["note"]
            )
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, _("The post is in the share library."))
            return redirect(reverse("advocacy:item_detail", args=[member.organization.slug, item.pk]))
    return _offer_page(request, post, form, status=400)


@org_view(C.MANAGE_LIBRARY)
@require_POST
def withdraw(request: MemberRequest, shareable_item_id: int) -> HttpResponseBase:
    member = request.member
    item = access.get_item_for(member, shareable_item_id)
    actions.withdraw_from_library(member, item)
    messages.success(request, _("The post was withdrawn from the share library."))
    return redirect(reverse("advocacy:manage", args=[member.organization.slug]))
