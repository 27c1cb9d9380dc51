"""Policy pages (ISO 9001 7.3 awareness): the list, one policy with "read and understood", writing and
publishing (quality officer), and who has acknowledged a policy (those who see competence records)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from resonanz.core.access import org_view
from resonanz.core.errors import ActionRefused
from resonanz.core.http import MemberRequest
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.events import access, actions
from resonanz.events.forms import PolicyForm
from resonanz.events.models import Acknowledgement, PolicyDocument
from resonanz.events.policy_versions import earlier_versions, outdated_labels, outdated_only

LIST_SIZE = 100
PEOPLE_SHOWN = 300


@org_view(Capability.TAKE_PART)
def events_policies(request: MemberRequest) -> HttpResponse:
    member = request.member
    documents = list(
        access.policy_queryset(member)
        .select_related("superseded_by")
        .order_by("kind", "title", "-created_at")[:LIST_SIZE]
    )
    acknowledged = set(
        Acknowledgement.objects.filter(membership=member, document__in=documents).values_list(
            "document_id", flat=True
        )
    )
    rows = [
        {
            "document": document,
            "acknowledged": document.pk in acknowledged,
            "replaced": _replaced(document),
        }
        for document in documents
    ]
    context = {
        "rows": rows,
        "can_manage": member.can(Capability.MANAGE_COMPETENCE),
        "can_view": member.can(Capability.VIEW_COMPETENCE),
    }
    return render(request, "events/policies.html", context)


def _replaced(document: PolicyDocument) -> bool:
    newer = getattr(document, "superseded_by", None)
    return newer is not None and newer.published_at is not None


@org_view(Capability.TAKE_PART)
def events_policy(request: MemberRequest, policy_document_id: int) -> HttpResponse:
    member = request.member
    document = access.get_policy_document_for(member, policy_document_id)
    own = Acknowledgement.objects.filter(document=document, membership=member).first()
    newer = PolicyDocument.objects.filter(supersedes=document, published_at__isnull=False).first()
    context = {
        "document": document,
        "own": own,
        "newer": newer,
        "can_manage": member.can(Capability.MANAGE_COMPETENCE),
        "can_view": member.can(Capability.VIEW_COMPETENCE),
    }
    return render(request, "events/policy.html", context)


@org_view(Capability.TAKE_PART)
@require_POST
def events_policy_acknowledge(request: MemberRequest, policy_document_id: int) -> HttpResponse:
    member = request.member
    document = access.get_policy_document_for(member, policy_document_id)
    try:
        actions.acknowledge_policy(member, document)
    except ActionRefused as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Thank you: your acknowledgement has been recorded."))
    return redirect("events:events_policy", member.organization.slug, document.pk)


def _save(
    request: MemberRequest, document: PolicyDocument | None, supersedes: PolicyDocument | None
) -> HttpResponse:
    member = request.member
    source = document or supersedes
    initial = None
    if source is not None:
        initial = {"kind": source.kind, "title": source.title, "text": source.text}
        if document is not None:
            initial["version_label"] = document.version_label
    form = PolicyForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if document is None:
                    document = actions.create_policy(member, supersedes=supersedes, **form.cleaned_data)
                else:
                    document = actions.update_policy(member, document, **form.cleaned_data)
            except ActionRefused as error:
                error.show_on(form)
            else:
                messages.success(request, _("The draft has been saved. Publish it when it is final."))
                return redirect("events:events_policy", member.organization.slug, document.pk)
    context = {"form": form, "document": document, "supersedes": supersedes}
    return render(request, "events/policy_form.html", context, status=status)


@org_view(Capability.MANAGE_COMPETENCE)
@require_http_methods(["GET", "POST"])
def events_policy_create(request: MemberRequest) -> HttpResponse:
    return _save(request, None, None)


@org_view(Capability.MANAGE_COMPETENCE)
@require_http_methods(["GET", "POST"])
def events_policy_edit(request: MemberRequest, policy_document_id: int) -> HttpResponse:
    document = access.get_policy_document_for(request.member, policy_document_id)
    if document.published_at is not None:
        messages.error(request, _("A published policy cannot be changed; write a new version instead."))
        return redirect("events:events_policy", request.member.organization.slug, document.pk)
    return _save(request, document, None)


@org_view(Capability.MANAGE_COMPETENCE)
@require_http_methods(["GET", "POST"])
def events_policy_new_version(request: MemberRequest, policy_document_id: int) -> HttpResponse:
    document = access.get_policy_document_for(request.member, policy_document_id)
    return _save(request, None, document)


@org_view(Capability.MANAGE_COMPETENCE)
@require_POST
def events_policy_publish(request: MemberRequest, policy_document_id: int) -> HttpResponse:
    member = request.member
    document = access.get_policy_document_for(member, policy_document_id)
    try:
        actions.publish_policy(member, document)
    except ActionRefused as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The policy has been published; everyone is asked to acknowledge it."))
    return redirect("events:events_policy", member.organization.slug, document.pk)


def _people(member: Membership) -> Q:
    """Who is asked to acknowledge: active members of the organization."""
    return Q(organization_id=member.organization_id, is_active=True)


@org_view(Capability.VIEW_COMPETENCE)
def events_policy_acknowledgements(request: MemberRequest, policy_document_id: int) -> HttpResponse:
    """Who has acknowledged this version and who has not yet (names: for competence records)."""
    member = request.member
    document = access.get_policy_document_for(member, policy_document_id)
    people = Membership.objects.filter(_people(member))
    acknowledged = (
        Acknowledgement.objects.filter(document=document, membership__is_active=True)
        .select_related("membership__user")
        .order_by("membership__user__family_name", "membership__user__given_name", "pk")
    )
    missing = people.exclude(acknowledgements__document=document).select_related("user")
    missing = missing.order_by("user__family_name", "user__given_name", "pk")
    shown_missing = list(missing[:PEOPLE_SHOWN])
    earlier = earlier_versions(document)
    outdated = outdated_labels([person.pk for person in shown_missing], earlier)
    context = {
        "document": document,
        "total": people.count(),
        "acknowledged_count": acknowledged.count(),
        "missing_count": missing.count(),
        "outdated_count": outdated_only(people, document, earlier),
        "acknowledged": list(acknowledged[:PEOPLE_SHOWN]),
        "missing": [{"person": person, "outdated": outdated.get(person.pk)} for person in shown_missing],
        "shown": PEOPLE_SHOWN,
    }
    return render(request, "events/acknowledgements.html", context)


@org_view(Capability.VIEW_AGGREGATES)
def events_awareness(request: MemberRequest) -> HttpResponse:
    """Counts only: how many have acknowledged each current policy. Never a named person."""
    member = request.member
    documents = list(
        PolicyDocument.objects.filter(organization_id=member.organization_id, published_at__isnull=False)
        .exclude(superseded_by__published_at__isnull=False)
        .order_by("kind", "title")[:LIST_SIZE]
    )
    total = Membership.objects.filter(_people(member)).count()
    counts = dict(
        Acknowledgement.objects.filter(document__in=documents, membership__is_active=True)
        .values("document_id")
        .annotate(n=Count("pk"))
        .values_list("document_id", "n")
    )
    people = Membership.objects.filter(_people(member))
    rows = [
        {
            "document": document,
            "acknowledged": counts.get(document.pk, 0),
            "percent": round(100 * counts.get(document.pk, 0) / total) if total else 0,
            "outdated": outdated_only(people, document, earlier_versions(document)),
        }
        for document in documents
    ]
    return render(request, "events/awareness.html", {"rows": rows, "total": total})
