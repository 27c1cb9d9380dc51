"""Who communicates what: the rows of the plan per person and per role (senders, approvers, owners).

An organization has hundreds of people, most of whom send only through a role (every ambassador).
So the persons are searched and filtered in the database and shown a page at a time, the signed-in
member first; each role lists its rows and how many people hold it, not their names. Members who see
no individual people (the works council) get the roles and the counts only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
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

PEOPLE_PER_PAGE = 25
# Units offered in the filter: an organization has a handful; a list longer than this is cut.
MAX_UNITS = 200


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
    holders: int


def _by_role(views: list[RowView]) -> dict[str, list[RowView]]:
    by_role: dict[str, list[RowView]] = {role: [] for role in Role.values}
    for view in views:
        for role in view.row.sender_roles:
            by_role.setdefault(role, []).append(view)
    return by_role


def person_duties(views: list[RowView], members: list[Membership]) -> list[PersonDuties]:
    """The duties of ``members`` (in their order) in the rows ``views``."""
    by_role = _by_role(views)
    people = {member.pk: PersonDuties(member) for member in members}
    for view in views:
        row = view.row
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
    return [people[member.pk] for member in members]


def role_duties(views: list[RowView], holders: dict[str, int]) -> list[RoleDuties]:
    by_role = _by_role(views)
    labels = dict(Role.choices)
    return [
        RoleDuties(role, str(labels[role]), by_role[role], holders.get(role, 0))
        for role in Role.values
        if by_role.get(role)
    ]


def named_ids(views: list[RowView]) -> set[int]:
    """Members the rows name: as sender, approver or responsible."""
    found: set[int] = set()
    for view in views:
        row = view.row
        found.update(sender.pk for sender in row.senders.all())
        found.update(pk for pk in (row.approver_id, row.owner_id) if pk is not None)
    return found


@dataclass
class PeopleFilter:
    query: str
    role: str
    unit: str

    @property
    def active(self) -> bool:
        return bool(self.query or self.role or self.unit)


def _filter(request: MemberRequest, units: list[str]) -> PeopleFilter:
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    role = request.GET.get("role", "")
    unit = request.GET.get("unit", "")
    return PeopleFilter(query, role if role in Role.values else "", unit if unit in units else "")


def _with_duties(member: Membership, views: list[RowView]) -> QuerySet[Membership]:
    """Active members with a duty in the rows: named in one, or holding a role a row names as sender."""
    sending_roles = {role for view in views for role in view.row.sender_roles}
    return Membership.objects.filter(organization_id=member.organization_id, is_active=True).filter(
        Q(pk__in=named_ids(views)) | Q(role_assignments__role__in=sending_roles)
    )


def _units(people: QuerySet[Membership]) -> list[str]:
    return sorted(people.exclude(unit="").order_by().values_list("unit", flat=True).distinct()[:MAX_UNITS])


def _filtered(people: QuerySet[Membership], chosen: PeopleFilter) -> QuerySet[Membership]:
    if chosen.query:
        people = people.filter(
            Q(user__full_name__icontains=chosen.query) | Q(job_title__icontains=chosen.query)
        )
    if chosen.role:
        people = people.filter(role_assignments__role=chosen.role)
    if chosen.unit:
        people = people.filter(unit=chosen.unit)
    return people


def _loaded(people: QuerySet[Membership]) -> QuerySet[Membership]:
    return people.select_related("user").prefetch_related(
        Prefetch("role_assignments", queryset=MembershipRole.objects.order_by("role"))
    )


@org_view(Capability.VIEW_PLAN)
@require_GET
def plan_people(request: MemberRequest, communication_plan_id: int) -> HttpResponse:
    member = request.member
    plan = access.get_plan_for(member, communication_plan_id)
    context = plan_context(member, plan, "people")
    version = shown_version(member, plan, request, context["published"])
    views = views_of(version) if version is not None else []
    holders = dict(
        MembershipRole.objects.filter(
            membership__organization_id=member.organization_id, membership__is_active=True
        )
        .values_list("role")
        .annotate(count=Count("membership", distinct=True))
        .values_list("role", "count")
    )
    sees_names = member.can(Capability.VIEW_NAMES)
    context.update(version=version, roles=role_duties(views, holders), sees_names=sees_names)
    if sees_names and version is not None:
        context.update(_persons(request, member, views))
    return render(request, "plan/people.html", context)


def _persons(request: MemberRequest, member: Membership, views: list[RowView]) -> dict[str, object]:
    """The page of persons asked for; without a filter the signed-in member's own duties come first."""
    everyone = _with_duties(member, views)
    units = _units(everyone)
    chosen = _filter(request, units)
    people = _filtered(everyone, chosen)
    own = None
    if not chosen.active:
        people = people.exclude(pk=member.pk)
        mine = _loaded(Membership.objects.filter(pk=member.pk)).first()
        if mine is not None:
            own = person_duties(views, [mine])[0]
    # Distinct ids first: the role filter joins the role assignments, which must not repeat a person.
    ids = people.values("pk").distinct()
    paginator = Paginator(
        _loaded(Membership.objects.filter(pk__in=ids)).order_by("user__full_name", "pk"), PEOPLE_PER_PAGE
    )
    page: Page[Membership] = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    role_labels = dict(Role.choices)
    return {
        "own": own if page.number == 1 else None,
        "persons": person_duties(views, list(page.object_list)),
        "page": page,
        "page_query": query.urlencode(),
        "people_filter": chosen,
        "units": units,
        "role_options": [(role, str(role_labels[role])) for role in Role.values],
        "person_count": paginator.count,
    }
