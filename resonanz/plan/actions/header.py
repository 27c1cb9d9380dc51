"""The document header of a draft: purpose („Zweck") and scope („Geltungsbereich") of the plan.

Versioned like the rows: changed only in a draft (the database keeps them unchanged from approval
on), copied into the next draft, compared in the diff.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.roles import Capability
from resonanz.core.text import clean_text
from resonanz.plan.actions.rows import lock_draft
from resonanz.plan.models import PlanVersion

HEADER_FIELDS = ("purpose", "scope")
HEADER_LIMIT = 5000


def _clean(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise ActionRefused(_("Enter text."), field=field)
    text = clean_text(value, HEADER_LIMIT + 1)
    if len(text) > HEADER_LIMIT:
        raise ActionRefused(
            _("Use at most %(limit)s characters."), params={"limit": HEADER_LIMIT}, field=field
        )
    return text


@action(Capability.EDIT_PLAN)
def update_version_header(member: Membership, version: PlanVersion, **changes: object) -> PlanVersion:
    """Change the purpose and/or the scope of a draft; whoever changes them becomes a contributor."""
    unknown = set(changes) - set(HEADER_FIELDS)
    if unknown:
        raise ActionRefused(_("“%(field)s” cannot be set here."), params={"field": sorted(unknown)[0]})
    cleaned = {field: _clean(value, field) for field, value in changes.items()}
    with transaction.atomic():
        locked = lock_draft(member, version)
        before = audit.snapshot(locked, HEADER_FIELDS)
        for field, value in cleaned.items():
            setattr(locked, field, value)
        after = audit.snapshot(locked, HEADER_FIELDS)
        if before != after:
            locked.save(update_fields=list(cleaned))
        audit.record(
            locked.plan.organization,
            member,
            "plan.version_header_changed",
            locked,
            before={**before, "number": locked.number},
            after={**after, "number": locked.number},
        )
    return locked
