"""Versions: one version's matrix with its transitions and comments, the history, the diff of two versions."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest, render_page_or_fragment
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.plan import access, actions
from resonanz.plan.actions.version_reviews import outstanding_reviews
from resonanz.plan.diff import diff_versions
from resonanz.plan.forms import (
    CommentForm,
    NameReviewersForm,
    RequiredCommentForm,
    ReviewForm,
    SubmitForm,
    VersionHeaderForm,
)
from resonanz.plan.models import PlanVersion, VersionComment, VersionReview, VersionStatus
from resonanz.plan.views.diff_display import describe_diff
from resonanz.plan.views.matrix import build_matrix, competence_gaps
from resonanz.plan.views.plan_scope import plan_context
from resonanz.plan.waiting import waits_for_review

# The page shows this many periodic reviews, newest first; the API pages through all of them.
REVIEWS_SHOWN = 50


def _filter_query(request: MemberRequest) -> QueryDict:
    """The matrix filters: from the address, or for an htmx POST from the address of the page it came from."""
    if request.method == "GET":
        return request.GET
    return QueryDict(urlsplit(request.htmx.current_url or "").query if request.htmx else "")


def version_context(request: MemberRequest, version: PlanVersion, **extra: Any) -> dict[str, Any]:
    """Everything the version page and its matrix fragment show."""
    member = request.member
    context = plan_context(member, version.plan, "versions")
    matrix = build_matrix(version, _filter_query(request))
    context.update(
        version=version,
        matrix=matrix,
        editable=version.status == VersionStatus.DRAFT and member.can(Capability.EDIT_PLAN),
        comments=list(VersionComment.objects.filter(version=version).order_by("created_at", "pk")),
        approve_form=extra.pop("approve_form", None) or CommentForm(prefix="approve"),
        reject_form=extra.pop("reject_form", None) or RequiredCommentForm(prefix="reject"),
        comment_form=extra.pop("comment_form", None) or CommentForm(prefix="note"),
        header_form=extra.pop("header_form", None)
        or VersionHeaderForm(initial={"purpose": version.purpose, "scope": version.scope}),
        filter_url=request.path,
        is_contributor=actions.is_contributor(version, member),
        **_review_context(member, version, extra),
        focus_row=None,
        focus_move="",
        competence_gaps=competence_gaps(member, matrix),
    )
    context.update(extra)
    return context


def _review_context(member: Membership, version: PlanVersion, extra: dict[str, Any]) -> dict[str, Any]:
    """The review step on the version page: who reviews, what is still open, the forms that apply."""
    context: dict[str, Any] = {
        "version_reviews": list(
            VersionReview.objects.filter(version=version).order_by("submitted_at", "named_at", "pk")
        ),
        "outstanding_reviews": [],
        "waits_for_my_review": False,
    }
    editing = version.status == VersionStatus.DRAFT and member.can(Capability.EDIT_PLAN)
    in_review = version.status == VersionStatus.IN_REVIEW
    may_name = in_review and (
        member.can(Capability.APPROVE_PLAN)
        or (version.author_id == member.pk and member.can(Capability.EDIT_PLAN))
    )
    if editing or may_name:
        candidates = access.reviewer_candidates(member, version)
        # A version sent back for changes goes to the same reviewers again unless the submitter chooses.
        earlier = [review.reviewer_id for review in context["version_reviews"]]
        context["submit_form"] = extra.pop("submit_form", None) or SubmitForm(
            candidates=candidates, initial={"reviewers": earlier}
        )
        context["reviewers_form"] = extra.pop("reviewers_form", None) or NameReviewersForm(
            candidates=candidates
        )
    context["may_name_reviewers"] = may_name
    if in_review:
        context["outstanding_reviews"] = outstanding_reviews(version)
        context["waits_for_my_review"] = member.can(Capability.REVIEW_PLAN) and waits_for_review(
            member, version
        )
        context["review_form"] = extra.pop("review_form", None) or ReviewForm(prefix="review")
    return context


def version_page(
    request: MemberRequest, version: PlanVersion, status: int = 200, **extra: Any
) -> HttpResponse:
    context = version_context(request, version, **extra)
    return render_page_or_fragment(
        request,
        "plan/version_detail.html",
        "plan/_matrix.html",
        context,
        target="matrix-results",
        status=status,
    )


def matrix_fragment(
    request: MemberRequest, version: PlanVersion, status: int = 200, **extra: Any
) -> HttpResponse:
    """The draft's matrix alone, for htmx: it replaces ``#matrix-results`` whatever the request aimed at."""
    response = render(request, "plan/_matrix.html", version_context(request, version, **extra), status=status)
    response["HX-Retarget"] = "#matrix-results"
    response["HX-Reswap"] = "innerHTML"
    return response


@org_view(Capability.VIEW_PLAN_VERSIONS)
@require_http_methods(["GET"])
def plan_version(request: MemberRequest, plan_version_id: int) -> HttpResponse:
    """Any version's matrix; a draft is edited here, row by row, in place."""
    version = access.get_version_for(request.member, plan_version_id, Capability.VIEW_PLAN_VERSIONS)
    return version_page(request, version)


def _done(request: MemberRequest, version: PlanVersion, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("plan:plan_version", version.plan.organization.slug, version.pk)


@org_view(Capability.EDIT_PLAN)
@require_POST
def plan_version_submit(request: MemberRequest, plan_version_id: int) -> HttpResponse:
    member = request.member
    version = access.get_version_for(member, plan_version_id, Capability.EDIT_PLAN)
    form = SubmitForm(request.POST, candidates=access.reviewer_candidates(member, version))
    if not form.is_valid():
        return version_page(request, version, 400, submit_form=form)
    try:
        actions.submit_for_review(member, version, reviewers=list(form.cleaned_data["reviewers"]))
    except ActionRefused as error:
        return version_page(request, version, 400, submit_errors=error.messages, submit_form=form)
    return _done(request, version, _("The draft has been submitted for review."))


@org_view(Capability.EDIT_PLAN)
@require_POST
def plan_version_reviewers(request: MemberRequest, plan_version_id: int) -> HttpResponse:
    """Name more reviewers for a version in review (its submitter or an approver)."""
    member = request.member
    version = access.get_version_for(member, plan_version_id, Capability.EDIT_PLAN)
    form = NameReviewersForm(request.POST, candidates=access.reviewer_candidates(member, version))
    if form.is_valid():
        try:
            actions.name_reviewers(member, version, list(form.cleaned_data["reviewers"]))
        except ActionRefused as error:
            error.show_on(form)
        else:
            return _done(request, version, _("The reviewers have been named."))
    return version_page(request, version, 400, reviewers_form=form)


@org_view(Capability.REVIEW_PLAN)
@require_POST
def plan_version_review(request: MemberRequest, plan_version_id: int) -> HttpResponse:
    """A named reviewer records "reviewed" or "changes requested" (the button pressed)."""
    member = request.member
    version = access.get_version_for(member, plan_version_id, Capability.REVIEW_PLAN)
    form = ReviewForm(request.POST, prefix="review")
    if form.is_valid():
        outcome = request.POST.get("outcome", "")
        try:
            actions.review_version(member, version, outcome, form.cleaned_data["comment"])
        except ActionRefused as error:
            error.show_on(form)
        else:
            if outcome == "changes_requested":
                return _done(
                    request, version, _("Your review has been recorded; the version is a draft again.")
                )
            return _done(request, version, _("Your review has been recorded."))
    return version_page(request, version, 400, review_form=form)


@org_view(Capability.APPROVE_PLAN)
@require_POST
def plan_version_approve(request: MemberRequest, plan_version_id: int) -> HttpResponse:
    member = request.member
    version = access.get_version_for(member, plan_version_id, Capability.APPROVE_PLAN)
    form = CommentForm(request.POST, prefix="approve")
    if form.is_valid():
        try:
            actions.approve_version(member, version, comment=form.cleaned_data["comment"])
        except ActionRefused as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            return _done(request, version, _("The version has been approved. It can be published now."))
    return version_page(request, version, 400, approve_form=form)


@org_view(Capability.APPROVE_PLAN)
@require_POST
def plan_version_reject(request: MemberRequest, plan_version_id: int) -> HttpResponse:
    member = request.member
    version = access.get_version_for(member, plan_version_id, Capability.APPROVE_PLAN)
    form = RequiredCommentForm(request.POST, prefix="reject")
    if form.is_valid():
        try:
            actions.reject_version(member, version, form.cleaned_data["comment"])
        except ActionRefused as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            return _done(request, version, _("The version has been returned to draft with your comment."))
    return version_page(request, version, 400, reject_form=form)


@org_view(Capability.APPROVE_PLAN)
@require_POST
def plan_version_publish(request: MemberRequest, plan_version_id: int) -> HttpResponse:
    member = request.member
    version = access.get_version_for(member, plan_version_id, Capability.APPROVE_PLAN)
    try:
        actions.publish_version(member, version)
    except ActionRefused as error:
        return version_page(request, version, 400, publish_errors=error.messages)
    messages.success(
        request, _("Version %(number)s is published. Every member sees it now.") % {"number": version.number}
    )
    return redirect("plan:plan_detail", version.plan.organization.slug, version.plan_id)


@org_view(Capability.EDIT_PLAN)
@require_POST
def plan_version_header(request: MemberRequest, plan_version_id: int) -> HttpResponse:
    """Save the purpose and scope of a draft (the document header)."""
    member = request.member
    version = access.get_version_for(member, plan_version_id, Capability.EDIT_PLAN)
    form = VersionHeaderForm(request.POST)
    if form.is_valid():
        try:
            actions.update_version_header(member, version, **form.cleaned_data)
        except ActionRefused as error:
            error.show_on(form)
        else:
            return _done(request, version, _("Purpose and scope have been saved."))
    return version_page(request, version, 400, header_form=form)


@org_view(Capability.EDIT_PLAN)
@require_POST
def plan_version_comment(request: MemberRequest, plan_version_id: int) -> HttpResponse:
    member = request.member
    version = access.get_version_for(member, plan_version_id, Capability.EDIT_PLAN)
    form = CommentForm(request.POST, prefix="note")
    if form.is_valid():
        try:
            actions.add_comment(member, version, form.cleaned_data["comment"])
        except ActionRefused as error:
            for message in error.messages:
                form.add_error("comment", message)
        else:
            return _done(request, version, _("Your comment has been added."))
    return version_page(request, version, 400, comment_form=form)


@org_view(Capability.VIEW_PLAN_VERSIONS)
@require_http_methods(["GET"])
def plan_versions(request: MemberRequest, communication_plan_id: int) -> HttpResponse:
    """The version history: the document control record of the plan (clause 7.5)."""
    member = request.member
    plan = access.get_plan_for(member, communication_plan_id, Capability.VIEW_PLAN_VERSIONS)
    versions = (
        access.version_queryset(member)
        .filter(plan=plan)
        .annotate(row_count=Count("rows"))
        .prefetch_related(
            Prefetch("comments", queryset=VersionComment.objects.order_by("created_at", "pk")),
            Prefetch("reviews", queryset=VersionReview.objects.order_by("submitted_at", "named_at", "pk")),
        )
        .order_by("-number")
    )
    context = plan_context(member, plan, "versions")
    context["versions"] = list(versions)
    reviews = list(access.review_history(member, plan)[: REVIEWS_SHOWN + 1])
    context.update(reviews=reviews[:REVIEWS_SHOWN], more_reviews=len(reviews) > REVIEWS_SHOWN)
    return render(request, "plan/versions.html", context)


@org_view(Capability.VIEW_PLAN_VERSIONS)
@require_http_methods(["GET"])
def plan_diff(request: MemberRequest, communication_plan_id: int) -> HttpResponse:
    """The differences between two versions, row by row and field by field."""
    member = request.member
    plan = access.get_plan_for(member, communication_plan_id, Capability.VIEW_PLAN_VERSIONS)
    versions = list(access.version_queryset(member).filter(plan=plan).order_by("-number"))
    by_id = {str(version.pk): version for version in versions}
    errors = []
    new = by_id.get(request.GET.get("new", ""))
    old = by_id.get(request.GET.get("old", ""))
    for name, chosen in (("new", new), ("old", old)):
        if request.GET.get(name) and chosen is None:
            errors.append(_("The chosen version does not exist; the default is shown instead."))
    if new is None and versions:
        new = versions[0]
    if old is None and new is not None:
        old = _predecessor(new, versions)
    context = plan_context(member, plan, "versions")
    context.update(versions=versions, old=old, new=new, errors=errors)
    if old is not None and new is not None and old.pk != new.pk:
        context["diff"] = describe_diff(diff_versions(old, new))
    return render_page_or_fragment(
        request,
        "plan/diff.html",
        "plan/_diff.html",
        context,
        target="diff-results",
        status=400 if errors else 200,
    )


def _predecessor(version: PlanVersion, versions: list[PlanVersion]) -> PlanVersion | None:
    if version.based_on_id is not None:
        for candidate in versions:
            if candidate.pk == version.based_on_id:
                return candidate
    older = [candidate for candidate in versions if candidate.number < version.number]
    return max(older, key=lambda candidate: candidate.number) if older else None
