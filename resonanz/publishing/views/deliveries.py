"""Delivery pages: the overview of an organization's deliveries, one post's deliveries with the form
that schedules it, and the buttons and forms that cancel, reschedule, retry, resolve and correct.
Thin: parse, call one action, redirect (or show the refusal with a 400)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from resonanz.content import approval_access
from resonanz.content.models import Post
from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest
from resonanz.core.roles import Capability
from resonanz.publishing import delivery_access as access
from resonanz.publishing.actions import corrections, deliveries
from resonanz.publishing.delivery_forms import CorrectionForm, RescheduleForm, ResolveForm, ScheduleForm
from resonanz.publishing.failures import reason
from resonanz.publishing.models import Delivery, DeliveryStatus

C = Capability


def _rows(request: MemberRequest, listed: list[Delivery]) -> list[dict[str, Any]]:
    member = request.member
    may_schedule, may_correct = member.can(C.SCHEDULE_POSTS), member.can(C.CORRECT_POSTS)
    return [
        {
            "delivery": delivery,
            "reason": reason(delivery.failure_code)
            if delivery.status in (DeliveryStatus.FAILED, DeliveryStatus.NEEDS_ATTENTION)
            else "",
            "may_cancel": may_schedule
            and delivery.status in (DeliveryStatus.SCHEDULED, DeliveryStatus.FAILED),
            "may_reschedule": may_schedule and delivery.status == DeliveryStatus.SCHEDULED,
            "may_retry": may_schedule and delivery.status == DeliveryStatus.FAILED,
            "may_resolve": may_schedule and delivery.status == DeliveryStatus.NEEDS_ATTENTION,
            "may_correct": may_correct and delivery.status == DeliveryStatus.PUBLISHED,
            "resolve_form": ResolveForm(auto_id=f"id_resolve_{delivery.pk}_%s"),
            "correction_form": CorrectionForm(auto_id=f"id_correct_{delivery.pk}_%s"),
            "reschedule_form": RescheduleForm(
                auto_id=f"id_reschedule_{delivery.pk}_%s", initial={"due_at": delivery.due_at}
            ),
        }
        for delivery in listed
    ]


@org_view(C.VIEW_CONTENT)
@require_GET
def deliveries_overview(request: MemberRequest) -> HttpResponse:
    queryset = access.delivery_queryset(request.member)
    status = request.GET.get("status", "")
    if status in DeliveryStatus.values:
        queryset = queryset.filter(status=status)
    else:
        status = ""
    listed = list(queryset.order_by("-due_at", "-pk")[: access.MAX_LISTED])
    context = {"rows": _rows(request, listed), "statuses": DeliveryStatus.choices, "status": status}
    return render(request, "publishing/deliveries.html", context)


def _post_page(
    request: MemberRequest, post: Post, form: ScheduleForm | None = None, status: int = 200
) -> HttpResponse:
    member = request.member
    listed = list(
        access.delivery_queryset(member).filter(post=post).order_by("-due_at", "-pk")[: access.MAX_LISTED]
    )
    may_schedule = member.can(C.SCHEDULE_POSTS) and post.is_approved
    context = {
        "post": post,
        "rows": _rows(request, listed),
        "may_schedule": may_schedule,
        "form": form or (ScheduleForm(member=member) if may_schedule else None),
    }
    return render(request, "publishing/post_deliveries.html", context, status=status)


def _post_url(request: MemberRequest, post_id: int) -> str:
    return reverse("deliveries:post_deliveries", args=[request.member.organization.slug, post_id])


@org_view(C.VIEW_CONTENT)
@require_GET
def post_deliveries(request: MemberRequest, post_id: int) -> HttpResponse:
    return _post_page(request, approval_access.get_post_for(request.member, post_id))


@org_view(C.SCHEDULE_POSTS)
@require_POST
def post_schedule(request: MemberRequest, post_id: int) -> HttpResponseBase:
    member = request.member
    post = approval_access.get_post_for(member, post_id)
    form = ScheduleForm(request.POST, member=member)
    if form.is_valid():
        try:
            deliveries.schedule_post(
                member, post, list(form.cleaned_data["accounts"]), form.cleaned_data["due_at"]
            )
        except ActionRefused as refused:
            refused.show_on(form)
        else:
            messages.success(request, _("The post is scheduled."))
            return redirect(_post_url(request, post.pk))
    return _post_page(request, post, form, status=400)


def _refused(request: MemberRequest, delivery: Delivery, refused: ActionRefused) -> HttpResponse:
    messages.error(request, " ".join(refused.messages))
    return _post_page(request, delivery.post, status=400)


def _done(request: MemberRequest, delivery: Delivery, message: str) -> HttpResponseBase:
    messages.success(request, message)
    return redirect(_post_url(request, delivery.post_id))


@org_view(C.SCHEDULE_POSTS)
@require_POST
def delivery_cancel(request: MemberRequest, delivery_id: int) -> HttpResponseBase:
    delivery = access.get_delivery_for(request.member, delivery_id)
    try:
        deliveries.cancel_delivery(request.member, delivery)
    except ActionRefused as refused:
        return _refused(request, delivery, refused)
    return _done(request, delivery, _("The delivery is cancelled."))


@org_view(C.SCHEDULE_POSTS)
@require_POST
def delivery_reschedule(request: MemberRequest, delivery_id: int) -> HttpResponseBase:
    delivery = access.get_delivery_for(request.member, delivery_id)
    form = RescheduleForm(request.POST)
    if not form.is_valid():
        return _refused(request, delivery, ActionRefused(_("Enter the date and time to publish at.")))
    try:
        deliveries.reschedule_delivery(request.member, delivery, form.cleaned_data["due_at"])
    except ActionRefused as refused:
        return _refused(request, delivery, refused)
    return _done(request, delivery, _("The delivery is rescheduled."))


@org_view(C.SCHEDULE_POSTS)
@require_POST
def delivery_retry(request: MemberRequest, delivery_id: int) -> HttpResponseBase:
    delivery = access.get_delivery_for(request.member, delivery_id)
    try:
        deliveries.retry_delivery(request.member, delivery)
    except ActionRefused as refused:
        return _refused(request, delivery, refused)
    return _done(request, delivery, _("The delivery will be tried again shortly."))


@org_view(C.SCHEDULE_POSTS)
@require_POST
def delivery_resolve(request: MemberRequest, delivery_id: int) -> HttpResponseBase:
    delivery = access.get_delivery_for(request.member, delivery_id)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        return _refused(request, delivery, ActionRefused(_("Say whether the post is on the network.")))
    found = form.cleaned_data["outcome"] == ResolveForm.FOUND
    try:
        deliveries.resolve_delivery(request.member, delivery, published=found, url=form.cleaned_data["url"])
    except ActionRefused as refused:
        return _refused(request, delivery, refused)
    return _done(request, delivery, _("The delivery is settled."))


@org_view(C.CORRECT_POSTS)
@require_POST
def delivery_correct(request: MemberRequest, delivery_id: int) -> HttpResponseBase:
    delivery = access.get_delivery_for(request.member, delivery_id)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        return _refused(request, delivery, ActionRefused(_("Say what was wrong and what was done.")))
    try:
        corrections.record_correction(request.member, delivery, **form.cleaned_data)
    except ActionRefused as refused:
        return _refused(request, delivery, refused)
    return _done(request, delivery, _("The correction is recorded."))
