"""What the competence actions share: looking ids up within the actor's organization, cleaning dates."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from resonanz.core.dates import refuse_far_date
from resonanz.core.errors import ActionRefused
from resonanz.core.models import Membership

M = TypeVar("M", bound=models.Model)


def own(member: Membership, model: type[M], value: Any, field: str, *, path: str = "organization") -> M:
    """``value`` (an instance or an id) as an object of ``model`` in the member's organization, or refuse."""
    pk = value.pk if isinstance(value, model) else value
    if isinstance(pk, bool) or not isinstance(pk, int) or not 0 < pk < 2**63:
        raise ActionRefused(_("Choose an entry of your organization."), field=field)
    found = model._default_manager.filter(pk=pk, **{path: member.organization_id}).first()
    if found is None:
        raise ActionRefused(_("Choose an entry of your organization."), field=field)
    return found


def own_person(member: Membership, value: Any, field: str) -> Membership:
    """An active member of the actor's organization, or a refusal."""
    person = own(member, Membership, value, field)
    if not person.is_active:
        raise ActionRefused(_("Choose an active member of the organization."), field=field)
    return person


def clean_date(value: Any, field: str, *, required: bool = True) -> dt.date | None:
    if value is None or value == "":
        if required:
            raise ActionRefused(_("Enter a date."), field=field)
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise ActionRefused(_("Enter a date."), field=field) from None
    if not isinstance(value, dt.date):
        raise ActionRefused(_("Enter a date."), field=field)
    refuse_far_date(value, field)
    return value


def refuse_unknown(values: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise ActionRefused(_("“%(field)s” cannot be set here."), params={"field": sorted(unknown)[0]})
