"""The consent part of the demo: a few people consented, one withdrew, the switches stay off."""

from __future__ import annotations

from resonanz.consent.demo import OTHERS_CONSENTING, load_consent_demo
from resonanz.consent.ledger import consenting, has_consent
from resonanz.consent.models import Consent, ConsentPurpose
from resonanz.consent.switches import switches_for
from resonanz.core.demo import CONSULTANCY_SLUG, DEMO_LOADERS, DOMAIN
from resonanz.core.models import Organization
from resonanz.core.tests.factories import make_member, make_organization


def test_the_demo_gives_a_few_consents_once(db: None) -> None:
    organization: Organization = make_organization("Rheinblick", slug=CONSULTANCY_SLUG)
    make_member(organization, ["admin"])
    buddy = make_member(organization, ["buddy"], email=f"buddy@{DOMAIN}")
    ambassador = make_member(organization, ["ambassador"], email=f"botschafterin@{DOMAIN}")
    others = [make_member(organization) for _ in range(20)]
    members = [buddy, ambassador, *others]

    load_consent_demo(organization, members)
    load_consent_demo(organization, members)

    assert load_consent_demo in DEMO_LOADERS
    assert has_consent(buddy, ConsentPurpose.PERSON_ANALYTICS) and has_consent(
        buddy, ConsentPurpose.LEADERBOARD
    )
    assert has_consent(ambassador, ConsentPurpose.LEADERBOARD)
    assert not has_consent(ambassador, ConsentPurpose.PERSON_ANALYTICS)
    given = Consent.objects.filter(organization=organization).exclude(membership__in=[buddy, ambassador])
    assert given.count() == OTHERS_CONSENTING, "given once, however often the demo loads"
    assert given.filter(withdrawn_at__isnull=False).count() == 1
    assert len(consenting(organization.pk, ConsentPurpose.LEADERBOARD)) >= 2
    assert switches_for(organization).works_council_mode
