"""The people directory: search colleagues by name, job title, unit or topic; filter; 25 a page.

The search and the filters run in the database; an odd filter value is ignored, never an error.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from resonanz.core.access import org_view
from resonanz.core.http import MemberRequest
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.people import access
from resonanz.people.models import ProgramRole
from resonanz.people.profile_values import ISO_639_1

PEOPLE_PER_PAGE = 25
# Values offered in the unit and location filters: an organization has a handful; more are cut.
MAX_CHOICES = 200
QUERY_LIMIT = 100


@dataclass(frozen=True)
class DirectoryFilter:
    query: str = ""
    unit: str = ""
    location: str = ""
    language: str = ""
    program_role: str = ""
    topic: int | None = None

    @property
    def active(self) -> bool:
        return any((self.query, self.unit, self.location, self.language, self.program_role, self.topic))


def _text(value: str) -> str:
    return value.replace("\x00", "").strip()[:QUERY_LIMIT]


def _topic_id(value: str, topics: dict[int, str]) -> int | None:
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        return None
    pk = int(value)
    return pk if pk in topics else None


def _distinct(people: QuerySet[Membership], field: str) -> list[str]:
    values = people.exclude(**{field: ""}).order_by(field).values_list(field, flat=True).distinct()
    return list(values[:MAX_CHOICES])


def chosen_filter(
    params: dict[str, str], units: list[str], locations: list[str], topics: dict[int, str]
) -> DirectoryFilter:
    """The filter a request asks for; values outside the offered choices are dropped."""
    language = params.get("language", "").strip().lower()
    role = params.get("program_role", "")
    unit, location = params.get("unit", ""), params.get("location", "")
    return DirectoryFilter(
        query=_text(params.get("q", "")),
        unit=unit if unit in units else "",
        location=location if location in locations else "",
        language=language if language in ISO_639_1 else "",
        program_role=role if role in ProgramRole.values else "",
        topic=_topic_id(params.get("topic", ""), topics),
    )


def filtered(people: QuerySet[Membership], chosen: DirectoryFilter) -> QuerySet[Membership]:
    if chosen.query:
        people = people.filter(
            Q(user__full_name__icontains=chosen.query)
            | Q(job_title__icontains=chosen.query)
            | Q(unit__icontains=chosen.query)
            | Q(profile__expertise_topics__name__icontains=chosen.query)
        )
    if chosen.unit:
        people = people.filter(unit=chosen.unit)
    if chosen.location:
        people = people.filter(location=chosen.location)
    if chosen.language:
        people = people.filter(profile__languages__icontains=f'"{chosen.language}"')
    if chosen.program_role == ProgramRole.NONE:
        people = people.filter(Q(profile__isnull=True) | Q(profile__program_role=ProgramRole.NONE))
    elif chosen.program_role:
        people = people.filter(profile__program_role=chosen.program_role)
    if chosen.topic is not None:
        people = people.filter(profile__expertise_topics=chosen.topic)
    return people


def directory_page(member: Membership, params: dict[str, str]) -> dict[str, object]:
    """The directory's filters and the page of people asked for (shared by the page and its tests)."""
    everyone = Membership.objects.filter(organization_id=member.organization_id, is_active=True)
    units, locations = _distinct(everyone, "unit"), _distinct(everyone, "location")
    topics = dict(access.topics_for(member).values_list("pk", "name")[:MAX_CHOICES])
    chosen = chosen_filter(params, units, locations, topics)
    # Distinct ids first: the topic search joins the topics, which must not repeat a person.
    ids = filtered(everyone, chosen).values("pk").distinct()
    people = access.people_queryset(member).filter(pk__in=ids).order_by("user__full_name", "pk")
    paginator = Paginator(people, PEOPLE_PER_PAGE)
    page: Page[Membership] = paginator.get_page(params.get("page"))
    return {
        "page": page,
        "chosen": chosen,
        "units": units,
        "locations": locations,
        "topics": sorted(topics.items(), key=lambda item: item[1]),
        "languages": sorted(ISO_639_1),
        "program_roles": ProgramRole.choices,
    }


@org_view(Capability.VIEW_PEOPLE)
@require_GET
def directory(request: MemberRequest) -> HttpResponse:
    params = {
        key: request.GET.get(key, "")
        for key in ("q", "unit", "location", "language", "program_role", "topic", "page")
    }
    context = directory_page(request.member, params)
    query = request.GET.copy()
    query.pop("page", None)
    context["query_string"] = query.urlencode()
    return render(request, "people/directory.html", context)
