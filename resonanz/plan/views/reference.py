"""Reference data of the plan: channels (how), audiences (with whom), topics (what), and the reasons
a planned date can be missed for.

List, add, edit, deactivate.

The three kinds share one implementation; each has its own URLs (``channel_id``, ``audience_id``,
``topic_id``) and views, so the capability and the object type of every page stay explicit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Model
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.plan import access, actions
from resonanz.plan.forms import AudienceForm, ChannelForm, MissReasonForm, TopicForm


@dataclass(frozen=True)
class Kind:
    key: str
    title: str | Promise
    add_title: str | Promise
    fields: tuple[str, ...]
    form: type[Any]
    queryset: Callable[[Membership], Any]
    get: Callable[[Membership, Any, Capability], Any]
    create: Callable[..., Any]
    update: Callable[..., Any]
    deactivate: Callable[[Membership, Any], Any]
    uses: str = "rows"  # the relation counted as "used in"


CHANNELS = Kind(
    "channel",
    gettext_lazy("Channels"),
    gettext_lazy("Add a channel"),
    ("name", "kind", "direction", "owner"),
    ChannelForm,
    access.channel_queryset,
    access.get_channel_for,
    actions.create_channel,
    actions.update_channel,
    actions.deactivate_channel,
)
AUDIENCES = Kind(
    "audience",
    gettext_lazy("Audiences (interested parties)"),
    gettext_lazy("Add an audience"),
    ("name", "direction", "expectations"),
    AudienceForm,
    access.audience_queryset,
    access.get_audience_for,
    actions.create_audience,
    actions.update_audience,
    actions.deactivate_audience,
)
TOPICS = Kind(
    "topic",
    gettext_lazy("Topics"),
    gettext_lazy("Add a topic"),
    ("name", "description"),
    TopicForm,
    access.topic_queryset,
    access.get_topic_for,
    actions.create_topic,
    actions.update_topic,
    actions.deactivate_topic,
)
MISS_REASONS = Kind(
    "missreason",
    gettext_lazy("Reasons for missed dates"),
    gettext_lazy("Add a reason"),
    ("name",),
    MissReasonForm,
    access.miss_reason_queryset,
    access.get_miss_reason_for,
    actions.create_miss_reason,
    actions.update_miss_reason,
    actions.deactivate_miss_reason,
    uses="explanations",
)
KINDS = (CHANNELS, AUDIENCES, TOPICS, MISS_REASONS)


def _form(kind: Kind, member: Membership, data: Any = None, item: Model | None = None) -> Any:
    extra: dict[str, Any] = {"organization_id": member.organization_id}
    if kind is CHANNELS:
        extra["current_owner"] = getattr(item, "owner_id", None)
    initial = None
    if item is not None:
        initial = {name: getattr(item, f"{name}_id" if name == "owner" else name) for name in kind.fields}
    return kind.form(data, initial=initial, **extra)


def _list(request: MemberRequest, kind: Kind, errors: list[str] | None = None) -> HttpResponse:
    """Every member reads channels, audiences (interested parties, 4.2) and topics; editors change them."""
    member = request.member
    can_edit = member.can(Capability.EDIT_PLAN)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied(Capability.EDIT_PLAN)
    adding = request.method == "POST" and errors is None
    form = _form(kind, member, request.POST if adding else None) if can_edit else None
    status = 400 if errors else 200
    if adding and form is not None:
        status = 400
        if form.is_valid():
            try:
                item = kind.create(member, **form.cleaned_data)
            except ActionRefused as error:
                error.show_on(form)
            else:
                messages.success(request, _("“%(name)s” has been added.") % {"name": item.name})
                return redirect(f"plan:plan_{kind.key}s", member.organization.slug)
    items = (
        kind.queryset(member).annotate(row_count=Count(kind.uses)).order_by("-is_active", "position", "name")
    )
    context = {
        "kind": kind,
        "kinds": KINDS,
        "items": list(items),
        "form": form,
        "errors": errors or [],
        "can_edit": can_edit,
    }
    return render(request, "plan/reference_list.html", context, status=status)


def _edit(request: MemberRequest, kind: Kind, item_id: int) -> HttpResponse:
    member = request.member
    item = kind.get(member, item_id, Capability.EDIT_PLAN)
    form = _form(kind, member, request.POST or None, item)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                kind.update(member, item, **form.cleaned_data)
            except ActionRefused as error:
                error.show_on(form)
            else:
                messages.success(
                    request, _("“%(name)s” has been saved.") % {"name": form.cleaned_data["name"]}
                )
                return redirect(f"plan:plan_{kind.key}s", member.organization.slug)
    context = {"kind": kind, "kinds": KINDS, "item": item, "form": form}
    return render(request, "plan/reference_edit.html", context, status=status)


def _toggle(request: MemberRequest, kind: Kind, item_id: int) -> HttpResponse:
    """Deactivate (or activate again). Entries are never deleted: published versions refer to them."""
    member = request.member
    item = kind.get(member, item_id, Capability.EDIT_PLAN)
    choice = request.POST.get("active")
    if choice not in ("0", "1"):
        return _list(request, kind, errors=[_("Say whether the entry is to be active (1) or not (0).")])
    activate = choice == "1"
    try:
        changed = kind.update(member, item, is_active=True) if activate else kind.deactivate(member, item)
    except ActionRefused as error:
        return _list(request, kind, errors=list(error.messages))
    if changed.is_active:
        messages.success(request, _("“%(name)s” is active again.") % {"name": changed.name})
    elif kind is MISS_REASONS:
        messages.success(
            request,
            _("“%(name)s” has been deactivated: it is no longer offered, earlier explanations keep it.")
            % {"name": changed.name},
        )
    else:
        messages.success(
            request,
            _("“%(name)s” has been deactivated: new rows cannot choose it, existing rows keep it.")
            % {"name": changed.name},
        )
    return redirect(f"plan:plan_{kind.key}s", member.organization.slug)


READ_WRITE = require_http_methods(["GET", "POST"])


@org_view(Capability.VIEW_PLAN)
@READ_WRITE
def plan_channels(request: MemberRequest) -> HttpResponse:
    return _list(request, CHANNELS)


@org_view(Capability.EDIT_PLAN)
@READ_WRITE
def plan_channel(request: MemberRequest, channel_id: int) -> HttpResponse:
    return _edit(request, CHANNELS, channel_id)


@org_view(Capability.EDIT_PLAN)
@require_POST
def plan_channel_active(request: MemberRequest, channel_id: int) -> HttpResponse:
    return _toggle(request, CHANNELS, channel_id)


@org_view(Capability.VIEW_PLAN)
@READ_WRITE
def plan_audiences(request: MemberRequest) -> HttpResponse:
    return _list(request, AUDIENCES)


@org_view(Capability.EDIT_PLAN)
@READ_WRITE
def plan_audience(request: MemberRequest, audience_id: int) -> HttpResponse:
    return _edit(request, AUDIENCES, audience_id)


@org_view(Capability.EDIT_PLAN)
@require_POST
def plan_audience_active(request: MemberRequest, audience_id: int) -> HttpResponse:
    return _toggle(request, AUDIENCES, audience_id)


@org_view(Capability.VIEW_PLAN)
@READ_WRITE
def plan_topics(request: MemberRequest) -> HttpResponse:
    return _list(request, TOPICS)


@org_view(Capability.EDIT_PLAN)
@READ_WRITE
def plan_topic(request: MemberRequest, topic_id: int) -> HttpResponse:
    return _edit(request, TOPICS, topic_id)


@org_view(Capability.EDIT_PLAN)
@require_POST
def plan_topic_active(request: MemberRequest, topic_id: int) -> HttpResponse:
    return _toggle(request, TOPICS, topic_id)


@org_view(Capability.VIEW_PLAN)
@READ_WRITE
def plan_missreasons(request: MemberRequest) -> HttpResponse:
    return _list(request, MISS_REASONS)


@org_view(Capability.EDIT_PLAN)
@READ_WRITE
def plan_missreason(request: MemberRequest, miss_reason_id: int) -> HttpResponse:
    return _edit(request, MISS_REASONS, miss_reason_id)


@org_view(Capability.EDIT_PLAN)
@require_POST
def plan_missreason_active(request: MemberRequest, miss_reason_id: int) -> HttpResponse:
    return _toggle(request, MISS_REASONS, miss_reason_id)
