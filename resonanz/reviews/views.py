"""Pages of the management review: the list (and preparing one), one review with its input pack, its
inputs written by hand, its outputs (htmx), holding and closing it, and its PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest, render_page_or_fragment
from resonanz.core.roles import Capability
from resonanz.documents.deferred import PdfFailed, PdfPending
from resonanz.documents.rendering import PDF_CONTENT_TYPE
from resonanz.reviews import access, actions, report
from resonanz.reviews.forms import HoldForm, InputsForm, OutputForm, ReviewForm
from resonanz.reviews.models import ManagementReview, ReviewStatus
from resonanz.reviews.pack import pack_of
from resonanz.reviews.presentation import EMPTY_PACK, show

C = Capability
MAX_LISTED = 200
OUTPUTS_TARGET = "outputs"


def _today(request: MemberRequest) -> Any:
    return timezone.localdate(timezone=request.member.organization.zone)


@org_view(C.VIEW_REVIEWS)
@require_http_methods(["GET", "POST"])
def review_list(request: MemberRequest) -> HttpResponse:
    member = request.member
    can_manage = member.can(C.MANAGE_REVIEWS)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied(C.MANAGE_REVIEWS)
    form = ReviewForm(request.POST if request.method == "POST" else None) if can_manage else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            review = actions.create_review(member, **form.cleaned_data)
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            messages.success(
                request, _("Management review #%(number)s is prepared.") % {"number": review.number}
            )
            return redirect("reviews:review_detail", member.organization.slug, review.pk)
    context = {"reviews": list(access.review_queryset(member)[:MAX_LISTED]), "form": form}
    return render(request, "reviews/list.html", context, status=400 if request.method == "POST" else 200)


def _outputs_context(
    request: MemberRequest, review: ManagementReview, form: OutputForm | None
) -> dict[str, Any]:
    member = request.member
    manage = member.can(C.MANAGE_REVIEWS)
    if manage and form is None and review.status != ReviewStatus.CLOSED:
        form = OutputForm(members=access.member_choices(member))
    return {
        "review": review,
        "outputs": list(review.outputs.all()[:500]),
        "output_form": form if review.status != ReviewStatus.CLOSED else None,
        "can_manage": manage,
        "today": _today(request),
    }


def _detail(
    request: MemberRequest, review: ManagementReview, forms: dict[str, Any], status: int = 200
) -> HttpResponse:
    member = request.member
    draft = review.status == ReviewStatus.DRAFT
    manage = member.can(C.MANAGE_REVIEWS)
    members = access.member_choices(member)
    if manage and draft:
        forms.setdefault(
            "inputs_form",
            InputsForm(initial={field: getattr(review, field) for field in actions.FIELDS}),
        )
        forms.setdefault(
            "hold_form", HoldForm(members=members, initial={"held_on": _today(request), "chair": member})
        )
    pack = pack_of(review, _today(request))
    context = {
        **_outputs_context(request, review, forms.pop("output_form", None)),
        "pack": pack,
        "sections": show(pack),
        "empty_message": EMPTY_PACK if pack.empty else "",
        "participants": list(review.participants.select_related("user")),
        "draft": draft,
        **forms,
    }
    return render(request, "reviews/detail.html", context, status=status)


@org_view(C.VIEW_REVIEWS)
@require_GET
def review_detail(request: MemberRequest, management_review_id: int) -> HttpResponse:
    return _detail(request, access.get_review_for(request.member, management_review_id), {})


@org_view(C.MANAGE_REVIEWS)
@require_POST
def review_inputs(request: MemberRequest, management_review_id: int) -> HttpResponseBase:
    member = request.member
    review = access.get_review_for(member, management_review_id, C.MANAGE_REVIEWS)
    form = InputsForm(request.POST)
    if form.is_valid():
        try:
            actions.update_review(member, review, **form.cleaned_data)
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, _("The inputs are saved."))
            return redirect("reviews:review_detail", member.organization.slug, review.pk)
    return _detail(request, review, {"inputs_form": form}, 400)


@org_view(C.MANAGE_REVIEWS)
@require_POST
def review_outputs(request: MemberRequest, management_review_id: int) -> HttpResponseBase:
    """Record an output; an htmx request gets the outputs' fragment back, else the page."""
    member = request.member
    review = access.get_review_for(member, management_review_id, C.MANAGE_REVIEWS)
    form: OutputForm | None = OutputForm(request.POST, members=access.member_choices(member))
    status = 400
    if form is not None and form.is_valid():
        try:
            actions.add_output(member, review, **form.cleaned_data)
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            status, form = 200, None
            messages.success(request, _("The output is recorded."))
            if not request.htmx:
                return redirect("reviews:review_detail", member.organization.slug, review.pk)
    if request.htmx:
        return render_page_or_fragment(
            request,
            "reviews/detail.html",
            "reviews/_outputs.html",
            _outputs_context(request, review, form),
            status=status,
        )
    return _detail(request, review, {"output_form": form}, status)


@org_view(C.MANAGE_REVIEWS)
@require_POST
def output_done(request: MemberRequest, review_output_id: int) -> HttpResponseBase:
    member = request.member
    output = access.get_output_for(member, review_output_id)
    actions.complete_output(member, output)
    messages.success(request, _("The output is marked as done."))
    return redirect("reviews:review_detail", member.organization.slug, output.review_id)


@org_view(C.MANAGE_REVIEWS)
@require_POST
def review_hold(request: MemberRequest, management_review_id: int) -> HttpResponseBase:
    member = request.member
    review = access.get_review_for(member, management_review_id, C.MANAGE_REVIEWS)
    form = HoldForm(request.POST, members=access.member_choices(member))
    if form.is_valid():
        try:
            actions.hold_review(member, review, **form.cleaned_data)
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, _("The review is held; its inputs are kept as presented."))
            return redirect("reviews:review_detail", member.organization.slug, review.pk)
    return _detail(request, review, {"hold_form": form}, 400)


@org_view(C.MANAGE_REVIEWS)
@require_POST
def review_close(request: MemberRequest, management_review_id: int) -> HttpResponseBase:
    member = request.member
    review = access.get_review_for(member, management_review_id, C.MANAGE_REVIEWS)
    try:
        actions.close_review(member, review)
    except ActionRefused as refused:
        for message in refused.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The review is closed."))
    return redirect("reviews:review_detail", member.organization.slug, review.pk)


@org_view(C.VIEW_REVIEWS)
@require_GET
def review_pdf(request: MemberRequest, management_review_id: int) -> HttpResponseBase:
    member = request.member
    review = access.get_review_for(member, management_review_id)
    pack = pack_of(review, _today(request))
    try:
        pdf = report.review_pdf(review, pack, list(review.outputs.all()[:500]))
    except (PdfFailed, PdfPending):
        messages.error(request, _("The PDF could not be made. Please try again later."))
        return redirect("reviews:review_detail", member.organization.slug, review.pk)
    response = HttpResponse(pdf, content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{report.file_name(review)}"'
    return response
