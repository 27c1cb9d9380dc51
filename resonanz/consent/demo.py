"""The consent part of the demo: some of Rheinblick's people have consented, most have not.

The buddy login agreed to both; the ambassador login appears on the leaderboard only; a handful of
other ambassadors gave one consent or the other, and one withdrew again. The switches stay as they are
by default (works-council mode), so the demo shows privacy by default: the consents take effect only
when an administrator switches the features on. Given through the actions (audited), like a person
clicking on "My consents"; registered in ``core.demo.DEMO_LOADERS``.
"""

from __future__ import annotations

import random

from resonanz.consent import actions
from resonanz.consent.models import Consent, ConsentPurpose, ConsentText
from resonanz.core.demo import CONSULTANCY_SLUG, DEMO_LOGINS, DOMAIN
from resonanz.core.models import Membership, Organization

OTHERS_CONSENTING = 12


def load_consent_demo(organization: Organization, members: list[Membership]) -> None:
    if organization.slug != CONSULTANCY_SLUG or Consent.objects.filter(organization=organization).exists():
        return
    if not ConsentText.objects.exists():
        # The texts come from a data migration; a test database emptied after migrating (the browser
        # tests' live server) has none, and there is nothing anyone could have consented to.
        return
    by_email = {member.user.email: member for member in members}
    buddy = by_email.get(f"buddy@{DOMAIN}")
    ambassador = by_email.get(f"botschafterin@{DOMAIN}")
    if buddy is not None:
        actions.give_consent(buddy, ConsentPurpose.PERSON_ANALYTICS)
        actions.give_consent(buddy, ConsentPurpose.LEADERBOARD)
    if ambassador is not None:
        actions.give_consent(ambassador, ConsentPurpose.LEADERBOARD)
    rng = random.Random(2512)
    # Everyone but the demo logins is a generated ambassador (some are buddies as well).
    logins = {login.email for login in DEMO_LOGINS}
    others = [member for member in members if member.user.email not in logins]
    for index, member in enumerate(rng.sample(others, min(OTHERS_CONSENTING, len(others)))):
        purpose = ConsentPurpose.LEADERBOARD if index % 3 else ConsentPurpose.PERSON_ANALYTICS
        actions.give_consent(member, purpose)
        if index == 0:
            actions.withdraw_consent(member, purpose)


def register() -> None:
    from resonanz.core.demo import DEMO_LOADERS

    if load_consent_demo not in DEMO_LOADERS:
        DEMO_LOADERS.append(load_consent_demo)
