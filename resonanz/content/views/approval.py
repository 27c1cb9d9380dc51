"""Approval pages: posts awaiting my approval, one post's approval panel (decide, comment), and the
approval rules per channel. Thin: parse, call one action, render or redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from resonanz.content import approval_access as access
from resonanz.content.actions import approval as actions
from resonanz.content.approval import is_overdue, policy_for
from resonanz.content.approval_forms import APPROVE, CHANGES, CommentForm, DecisionForm, PolicyForm
from resonanz.content.approval_panel import approval_panel_context
from resonanz.content.check_messages import check_results_context
from resonanz.content.images_shown import images_context
from resonanz.content.models import Post
from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest, render_page_or_fragment
from resonanz.core.roles import Capability

C = Capability


def _panel_url(request: MemberRequest, post: Post) -> str:
    return reverse("approval:approval_post", args=[request.member.organization.slug, post.pk])


def _panel(
    request: MemberRequest, post: Post, form: DecisionForm | None = None, status: int = 200
) -> HttpResponse:
    context = approval_panel_context(request.member, post, form)
    context.update(check_results_context(post))
    context.update(images_context(post, "approval:approval_image", may_edit=False))
    return render_page_or_fragment(
        request, "content/approval_post.html", "content/_approval_panel.html", context, status=status
    )


@org_view(C.APPROVE_POSTS)
@require_GET
def approval_awaiting(request: MemberRequest) -> HttpResponse:
    member = request.member
    now = timezone.now()
    posts = list(access.awaiting_queryset(member)[: access.MAX_AWAITING])
    rows: list[dict[str, Any]] = []
    for post in posts:
        policy = policy_for(post)
        rows.append({"post": post, "policy": policy, "overdue": is_overdue(post, now, policy)})
    rows.sort(key=lambda row: (not row["overdue"], row["post"].updated_at))
    return render(request, "content/approval_awaiting.html", {"rows": rows})


@org_view(C.VIEW_CONTENT)
@require_GET
def approval_post(request: MemberRequest, post_id: int) -> HttpResponse:
    return _panel(request, access.get_post_for(request.member, post_id))


@org_view(C.APPROVE_POSTS)
@require_POST
def approval_decide(request: MemberRequest, post_id: int) -> HttpResponseBase:
    member = request.member
    post = access.get_post_for(member, post_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
        try:
            if decision == APPROVE:
                actions.approve_post(member, post, comment=comment)
                message = _("Your approval is recorded.")
            elif decision == CHANGES:
                actions.request_changes(member, post, comment)
                message = _("The post goes back to its author with your comment.")
            else:
                actions.reject_post(member, post, comment)
                message = _("The post is rejected.")
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, message)
            post.refresh_from_db()
            if request.htmx:
                return _panel(request, post)
            return redirect(_panel_url(request, post))
    return _panel(request, post, form, status=400)


@org_view(C.APPROVE_POSTS)
@require_POST
def approval_comment(request: MemberRequest, post_id: int) -> HttpResponseBase:
    """An approver's comment on a post (authors answer through the API for now)."""
    member = request.member
    post = access.get_post_for(member, post_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            actions.comment_on_post(member, post, form.cleaned_data["text"])
        except ActionRefused as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(request, _("Your comment is added."))
    else:
        messages.error(request, _("Write a comment of at most 5,000 characters."))
    if request.htmx:
        return _panel(request, post, status=200 if form.is_valid() else 400)
    return redirect(_panel_url(request, post))


def _rules_page(request: MemberRequest, form: PolicyForm, status: int = 200) -> HttpResponse:
    policies = list(access.policy_queryset(request.member)[:500])
    return render(
        request,
        "content/approval_rules.html",
        {"policies": policies, "form": form, "may_manage": request.member.can(C.MANAGE_GUIDELINES)},
        status=status,
    )


@org_view(C.VIEW_CONTENT)
@require_GET
def approval_rules(request: MemberRequest) -> HttpResponse:
    return _rules_page(request, PolicyForm(member=request.member))


@org_view(C.MANAGE_GUIDELINES)
@require_POST
def approval_rule_set(request: MemberRequest) -> HttpResponseBase:
    member = request.member
    form = PolicyForm(request.POST, member=member)
    if form.is_valid():
        try:
            actions.set_approval_policy(member, **form.cleaned_data)
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, _("The approval rule is saved."))
            return redirect(reverse("approval:approval_rules", args=[member.organization.slug]))
    return _rules_page(request, form, status=400)


@org_view(C.MANAGE_GUIDELINES)
@require_POST
def approval_rule_remove(request: MemberRequest, approval_policy_id: int) -> HttpResponse:
    member = request.member
    policy = access.get_approval_policy_for(member, approval_policy_id)
    actions.remove_approval_policy(member, policy)
    messages.success(request, _("The approval rule is removed."))
    return redirect(reverse("approval:approval_rules", args=[member.organization.slug]))
