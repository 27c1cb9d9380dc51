"""Who communicates what: the rows of the plan per person and per role (senders, approvers, owners)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from resonanz.core.access import org_view
from resonanz.core.http import MemberRequest
from resonanz.core.models import Membership, MembershipRole
from resonanz.core.roles import Capability, Role
from resonanz.plan import access
from resonanz.plan.views.matrix import RowView, views_of
from resonanz.plan.views.plan_scope import plan_context, shown_version


@dataclass
class PersonDuties:
    member: Membership
    sends: list[RowView] = field(default_factory=list)
    approves: list[RowView] = field(default_factory=list)
    owns: list[RowView] = field(default_factory=list)
    roles: list[tuple[str, str, int]] = field(default_factory=list)  # (role, label, rows sent in it)

    @property
    def name(self) -> str:
        return str(self.member.user.full_name or self.member.user.email)

    @property
    def has_duties(self) -> bool:
        return bool(self.sends or self.approves or self.owns or self.roles)


@dataclass
class RoleDuties:
    role: str
    label: str
    sends: list[RowView]
    holders: list[str]


def duties(views: list[RowView], members: list[Membership]) -> tuple[list[PersonDuties], list[RoleDuties]]:
    by_role: dict[str, list[RowView]] = {role: [] for role in Role.values}
    people = {member.pk: PersonDuties(member) for member in members}
    for view in views:
        row = view.row
        for role in row.sender_roles:
            by_role.setdefault(role, []).append(view)
        for sender in row.senders.all():
            if sender.pk in people:
                people[sender.pk].sends.append(view)
        if row.approver_id in people:
            people[row.approver_id].approves.append(view)
        if row.owner_id in people:
            people[row.owner_id].owns.append(view)
    labels = dict(Role.choices)
    for duty in people.values():
        duty.roles = [
            (role, str(labels[role]), len(by_role[role]))
            for role in Role.values
            if role in duty.member.roles and by_role.get(role)
        ]
    roles = [
        RoleDuties(
            role,
            str(labels[role]),
            by_role[role],
            sorted(duty.name for duty in people.values() if role in duty.member.roles),
        )
        for role in Role.values
        if by_role.get(role)
    ]
    persons = sorted((duty for duty in people.values() if duty.has_duties), key=lambda d: d.name.casefold())
    return persons, roles


@org_view(Capability.VIEW_PLAN)
@require_GET
def plan_people(request: MemberRequest, communication_plan_id: int) -> HttpResponse:
    member = request.member
    plan = access.get_plan_for(member, communication_plan_id)
    context = plan_context(member, plan, "people")
    version = shown_version(member, plan, request, context["published"])
    views = views_of(version) if version is not None else []
    members = list(
        Membership.objects.filter(organization_id=member.organization_id, is_active=True)
        .select_related("user")
        .prefetch_related(Prefetch("role_assignments", queryset=MembershipRole.objects.order_by("role")))
    )
    persons, roles = duties(views, members)
    context.update(version=version, persons=persons, roles=roles)
    return render(request, "plan/people.html", context)
