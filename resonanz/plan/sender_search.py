"""Finding sending persons among an organization's members by name, e-mail, job title or unit.

The row form shows the chosen senders and a search field instead of a list of every member (800
names in the demo). A search reads at most ``LIMIT`` members of one organization, whatever it is
given, so each keystroke costs one bounded query.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from resonanz.core.models import Membership

LIMIT = 20
MIN_LENGTH = 2
MAX_LENGTH = 100


def clean_query(text: str) -> str:
    """The search words: trimmed, at most ``MAX_LENGTH`` characters, "" when too short to search."""
    query = " ".join(text.split())[:MAX_LENGTH]
    return query if len(query) >= MIN_LENGTH else ""


def find_senders(organization_id: int, text: str) -> list[Membership]:
    """Active members of the organization whose name, e-mail, job title or unit hold every word."""
    query = clean_query(text)
    if not query:
        return []
    members: QuerySet[Membership] = Membership.objects.filter(organization_id=organization_id, is_active=True)
    for word in query.split(" ")[:5]:
        members = members.filter(
            Q(user__full_name__icontains=word)
            | Q(user__email__icontains=word)
            | Q(job_title__icontains=word)
            | Q(unit__icontains=word)
        )
    return list(members.select_related("user").order_by("user__full_name", "pk")[:LIMIT])


def sender_label(member: Membership) -> str:
    """“Name · job title”, so two people of the same name can be told apart."""
    name = member.user.full_name or member.user.email
    return f"{name} · {member.job_title}" if member.job_title else name
