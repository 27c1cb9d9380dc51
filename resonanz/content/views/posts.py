"""The editor's post pages: the list (all posts, or mine), write and edit a post with a live length
counter per network, and the post page with its check results and the approval panel. Thin: parse,
call one action, render or redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from resonanz.content import approval_access as access
from resonanz.content.actions import checks, posts
from resonanz.content.approval_panel import approval_panel_context
from resonanz.content.check_messages import check_results_context
from resonanz.content.checks.limits import LIMITS, Network, check_length
from resonanz.content.editor_forms import PostFilterForm, PostForm, initial_for, text_field_name
from resonanz.content.image_forms import ImageForm
from resonanz.content.images_shown import images_context
from resonanz.content.models import MAX_VARIANT_CHARS, Post, PostNetwork, PostStatus
from resonanz.content.post_links import post_links
from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest
from resonanz.core.roles import Capability

C = Capability
PER_PAGE = 50


def _post_url(request: MemberRequest, post: Post) -> str:
    return reverse("editor:post", args=[request.member.organization.slug, post.pk])


def _filtered(request: MemberRequest, queryset: QuerySet[Post]) -> tuple[QuerySet[Post], PostFilterForm]:
    form = PostFilterForm(request.GET or None, member=request.member)
    if form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        else:
            queryset = queryset.exclude(status=PostStatus.ARCHIVED)
        if data["campaign"] is not None:
            queryset = queryset.filter(campaign=data["campaign"])
        if data["network"]:
            queryset = queryset.filter(variants__network=data["network"])
    else:
        queryset = queryset.exclude(status=PostStatus.ARCHIVED)
    return queryset, form


def _list(request: MemberRequest, queryset: QuerySet[Post], mine: bool) -> HttpResponse:
    queryset, form = _filtered(request, queryset)
    queryset = queryset.select_related("campaign").prefetch_related("variants").order_by("-updated_at", "-pk")
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "content/posts.html",
        {
            "page": page,
            "form": form,
            "mine": mine,
            "query": query.urlencode(),
            "may_write": request.member.can(C.WRITE_POSTS),
        },
    )


@org_view(C.VIEW_CONTENT)
@require_GET
def post_list(request: MemberRequest) -> HttpResponse:
    return _list(request, access.post_queryset(request.member), mine=False)


@org_view(C.WRITE_POSTS)
@require_GET
def my_posts(request: MemberRequest) -> HttpResponse:
    return _list(request, access.post_queryset(request.member).filter(author=request.member), mine=True)


def _form_page(request: MemberRequest, form: PostForm, post: Post | None, status: int = 200) -> HttpResponse:
    limits = {network.value: limit for network, limit in LIMITS.items()}
    fields = [(field, limits.get(field.name.removeprefix("text_"))) for field in form.text_fields()]
    return render(
        request, "content/post_form.html", {"form": form, "post": post, "text_fields": fields}, status=status
    )


@org_view(C.WRITE_POSTS)
@require_http_methods(["GET", "POST"])
def post_new(request: MemberRequest) -> HttpResponseBase:
    member = request.member
    if request.method != "POST":
        return _form_page(request, PostForm(member=member), None)
    form = PostForm(request.POST, member=member)
    if form.is_valid():
        try:
            post = posts.create_post(member, **form.action_arguments())
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, _("The post is saved as a draft."))
            return redirect(_post_url(request, post))
    return _form_page(request, form, None, status=400)


@org_view(C.WRITE_POSTS)
@require_http_methods(["GET", "POST"])
def post_edit(request: MemberRequest, post_id: int) -> HttpResponseBase:
    member = request.member
    post = access.get_post_for(member, post_id)
    if request.method != "POST":
        return _form_page(request, PostForm(member=member, post=post, initial=initial_for(post)), post)
    form = PostForm(request.POST, member=member, post=post)
    if form.is_valid():
        try:
            posts.update_post(member, post, **form.action_arguments())
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, _("The post is saved."))
            return redirect(_post_url(request, post))
    return _form_page(request, form, post, status=400)


def post_page_response(
    request: MemberRequest, post: Post, image_form: ImageForm | None = None, status: int = 200
) -> HttpResponse:
    """The post page; the image views show it again, with the refused form, when they refuse."""
    member = request.member
    context: dict[str, Any] = approval_panel_context(member, post)
    context.update(check_results_context(post))
    context.update(images_context(post, "editor:post_image", may_edit=post.status != PostStatus.ARCHIVED))
    context.update(
        {
            "variants": list(post.variants.all()),
            "may_submit": post.status in posts.SUBMITTABLE,
            "post_links": post_links(member, post),
            "image_form": image_form or ImageForm(),
        }
    )
    return render(request, "content/post.html", context, status=status)


@org_view(C.WRITE_POSTS)
@require_GET
def post_page(request: MemberRequest, post_id: int) -> HttpResponse:
    return post_page_response(request, access.get_post_for(request.member, post_id))


def _act(request: MemberRequest, post_id: int, step: str) -> HttpResponseBase:
    member = request.member
    post = access.get_post_for(member, post_id)
    try:
        if step == "check":
            run = checks.run_checks(member, post)
            messages.success(request, _("The post is checked."))
        elif step == "submit":
            run = posts.submit_for_approval(member, post)
            if run.blocking:
                messages.warning(
                    request,
                    ngettext(
                        "The post is submitted, but the checks found %(count)s blocking problem: "
                        "it cannot be approved until you fix it.",
                        "The post is submitted, but the checks found %(count)s blocking problems: "
                        "it cannot be approved until you fix them.",
                        run.blocking,
                    )
                    % {"count": run.blocking},
                )
            else:
                messages.success(request, _("The post is submitted for approval."))
        else:
            posts.archive_post(member, post)
            messages.success(request, _("The post is archived."))
    except ActionRefused as refused:
        messages.error(request, " ".join(refused.messages))
    return redirect(_post_url(request, post))


@org_view(C.WRITE_POSTS)
@require_POST
def post_check(request: MemberRequest, post_id: int) -> HttpResponseBase:
    return _act(request, post_id, "check")


@org_view(C.WRITE_POSTS)
@require_POST
def post_submit(request: MemberRequest, post_id: int) -> HttpResponseBase:
    return _act(request, post_id, "submit")


@org_view(C.WRITE_POSTS)
@require_POST
def post_archive(request: MemberRequest, post_id: int) -> HttpResponseBase:
    return _act(request, post_id, "archive")


@org_view(C.WRITE_POSTS)
@require_POST
def post_count(request: MemberRequest) -> HttpResponse:
    """The live length counter: one variant's length as its network counts it (an htmx fragment)."""
    network = request.POST.get("network", "")
    if network not in PostNetwork.values:
        return HttpResponse(status=400)
    text = request.POST.get(text_field_name(network), "")[: MAX_VARIANT_CHARS + 1]
    if network in Network.values:
        checked = check_length(text, Network(network))
        length, limit, fits = checked.length, checked.limit, checked.fits
    else:
        length, limit, fits = len(text), None, len(text) <= MAX_VARIANT_CHARS
    return render(request, "content/_length.html", {"length": length, "limit": limit, "fits": fits})
