"""The names a version shows: read as they are while it is a draft, kept as approved from then on.

A published version is retained documented information (ISO 9001 7.5.3): renaming a topic, a
channel or an audience, a person changing their name, a new title or owner of the plan must not
change what version 2 says. So ``approve_version`` copies the names of everything the version's
rows refer to, and the plan's title and owner, into ``PlanVersion.names``; every reader of a version
(matrix, exports, PDF, diff, API) takes its names from ``version_names``. A rename then shows as a
change in the next draft's diff, because that draft reads the names as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from resonanz.core.models import Membership
from resonanz.plan.models import Audience, Channel, PlanRow, PlanVersion, Topic

# What rows refer to by id, each with the model its names come from.
KINDS = ("topic", "audience", "channel", "member")


@dataclass(frozen=True)
class Names:
    """Names by id of what a version's rows refer to, and the plan's title and owner."""

    title: str
    owner: str
    topic: dict[int, str] = field(default_factory=dict)
    audience: dict[int, str] = field(default_factory=dict)
    channel: dict[int, str] = field(default_factory=dict)
    member: dict[int, str] = field(default_factory=dict)

    def of(self, kind: str, pk: int | None) -> str | None:
        """The name of ``pk`` (a topic, audience, channel or member), None when there is none."""
        return None if pk is None else getattr(self, kind).get(pk)

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "owner": self.owner,
            **{kind: {str(pk): name for pk, name in getattr(self, kind).items()} for kind in KINDS},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Names:
        return cls(
            title=str(data["title"]),
            owner=str(data["owner"]),
            **{kind: {int(pk): str(name) for pk, name in data.get(kind, {}).items()} for kind in KINDS},
        )


def person_name(full_name: str, email: str) -> str:
    """How resonanz names a member: the full name, or the address when there is none."""
    return full_name or email


def live_names(version: PlanVersion, row_id: int | None = None) -> Names:
    """The names as they are now, of what the version's rows (or the one row ``row_id``) refer to.

    Four queries, however many rows there are.
    """
    rows = PlanRow.objects.filter(version_id=version.pk)
    if row_id is not None:
        rows = rows.filter(pk=row_id)
    plan = version.plan
    people = Membership.objects.filter(
        Q(pk=plan.owner_id)
        | Q(pk__in=rows.values("owner_id"))
        | Q(pk__in=rows.values("approver_id"))
        | Q(pk__in=PlanRow.senders.through.objects.filter(planrow__in=rows).values("membership_id"))
    ).values_list("pk", "user__full_name", "user__email")
    member = {pk: person_name(full_name, email) for pk, full_name, email in people}
    return Names(
        title=plan.title,
        owner=member.get(plan.owner_id, ""),
        topic=dict(Topic.objects.filter(rows__in=rows).distinct().values_list("pk", "name")),
        audience=dict(Audience.objects.filter(rows__in=rows).distinct().values_list("pk", "name")),
        channel=dict(Channel.objects.filter(rows__in=rows).distinct().values_list("pk", "name")),
        member=member,
    )


def version_names(version: PlanVersion, row_id: int | None = None) -> Names:
    """The names ``version`` shows: kept from its approval on, else as they are now."""
    if version.names:
        return Names.from_json(version.names)
    return live_names(version, row_id)
