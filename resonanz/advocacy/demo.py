"""The share library of the demo consultancy: three approved posts (two of them in a campaign each) offered
for sharing, two copied shares.

The posts are written, submitted and approved through the content app's actions, offered and shared
through this app's, like people would. Registered in ``core.demo.DEMO_LOADERS`` by the app's ``ready()``;
only the consultancy gets a library, and one that has items is left as it is.
"""

from __future__ import annotations

from resonanz.advocacy import actions
from resonanz.advocacy.models import ShareableItem
from resonanz.content.actions.approval import approve_post
from resonanz.content.actions.campaigns import create_campaign
from resonanz.content.actions.posts import create_post, submit_for_approval
from resonanz.core.demo import CONSULTANCY_SLUG, DOMAIN
from resonanz.core.models import Membership, Organization
from resonanz.plan.models import Audience, Topic

# The campaign of each post (by position; the webinar belongs to none).
CAMPAIGNS = (
    ("CSRD-Studie 2026", "Die Studie zur Berichtspflicht bekannt machen: Presse, LinkedIn, Mitarbeitende."),
    ("Karriere in Köln", "Beraterinnen und Berater für das Gesundheitswesen gewinnen."),
)
POSTS = (
    (
        "Studie Nachhaltigkeitsberichte 2026",
        "de",
        "https://rheinblick-consulting.example/studie-csrd",
        "Unsere neue Studie zeigt: Zwei Drittel der Mittelständler sind auf die CSRD-Berichtspflicht noch "
        "nicht vorbereitet. Was jetzt zu tun ist: https://rheinblick-consulting.example/studie-csrd",
        "Gut für Kontakte aus Industrie und Handel; gern mit einem Satz aus Ihren Projekten.",
    ),
    (
        "Wir suchen Verstärkung in Köln",
        "de",
        "https://rheinblick-consulting.example/karriere",
        "Wir suchen Beraterinnen und Berater für Digitalisierung im Gesundheitswesen. Alle offenen Stellen: "
        "https://rheinblick-consulting.example/karriere",
        "Persönliche Empfehlungen wirken am besten: Sagen Sie, warum Sie gern hier arbeiten.",
    ),
    (
        "Webinar: ISO 9001 in der Praxis",
        "en",
        "https://rheinblick-consulting.example/webinar-iso-9001",
        "Join our webinar on ISO 9001 in practice: how to keep a communication plan alive. "
        "https://rheinblick-consulting.example/webinar-iso-9001",
        "",
    ),
)


def register() -> None:
    from resonanz.core.demo import DEMO_LOADERS

    if load_advocacy_demo not in DEMO_LOADERS:
        DEMO_LOADERS.append(load_advocacy_demo)


def _member(organization: Organization, local: str) -> Membership | None:
    return (
        Membership.objects.filter(organization=organization, user__email=f"{local}@{DOMAIN}")
        .select_related("user", "organization")
        .first()
    )


def load_advocacy_demo(organization: Organization, members: list[Membership]) -> None:
    if (
        organization.slug != CONSULTANCY_SLUG
        or ShareableItem.objects.filter(organization=organization).exists()
    ):
        return
    manager = _member(organization, "kommunikation")
    approver = _member(organization, "qb")
    ambassador = _member(organization, "botschafterin")
    buddy = _member(organization, "buddy")
    if manager is None or approver is None or ambassador is None or buddy is None:
        return
    topics = list(Topic.objects.filter(organization=organization).order_by("position", "name")[:2])
    audiences = list(Audience.objects.filter(organization=organization).order_by("position", "name")[:1])
    campaigns = [create_campaign(manager, name, description) for name, description in CAMPAIGNS]
    items = []
    for position, (title, language, link, text, note) in enumerate(POSTS):
        post = create_post(
            manager,
            title,
            {"linkedin": text, "mastodon": text, "bluesky": text},
            language=language,
            campaign=campaigns[position] if position < len(campaigns) else None,
            link_url=link,
        )
        submit_for_approval(manager, post)
        approve_post(approver, post)
        post.refresh_from_db()
        if not post.is_approved:  # the demo's approval rules ask for more approvers: leave it
            continue
        items.append(actions.offer_for_sharing(manager, post, topics, audiences, note))
    if items:
        actions.copy_for_sharing(ambassador, items[0], "linkedin", "")
        actions.copy_for_sharing(buddy, items[-1], "mastodon", "")
