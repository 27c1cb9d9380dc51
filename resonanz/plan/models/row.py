"""A row of the plan: one answer each to what, when, with whom, how and who (clause 7.4 a–e)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from functools import reduce
from operator import or_
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare
from resonanz.plan.models.plan import PlanVersion, VersionStatus
from resonanz.plan.models.purposes import PLAN, WITH_THE_PLAN
from resonanz.plan.models.reference import Direction
from resonanz.plan.row_fields import ROW_FIELDS, limit


class WhenKind(models.TextChoices):
    RECURRENCE = "recurrence", _("recurring")
    FIXED = "fixed", _("on a fixed date")
    TRIGGER = "trigger", _("when something happens")


# The "when" fields each kind uses. The others stay empty: ``fitting_timing`` empties them for the
# row actions, and the constraint ``plan_row_timing_fits_kind`` refuses a row where they are not.
TIMING_FIELDS: dict[str, frozenset[str]] = {
    WhenKind.RECURRENCE: frozenset({"rrule", "start_date", "start_time"}),
    WhenKind.FIXED: frozenset({"start_date", "start_time"}),
    WhenKind.TRIGGER: frozenset({"trigger"}),
    "": frozenset(),
}
EMPTY_TIMING: dict[str, Any] = {"rrule": "", "start_date": None, "start_time": None, "trigger": ""}


def fitting_timing(kind: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """The when fields of ``values`` with those that ``kind`` does not use emptied."""
    used = TIMING_FIELDS.get(kind, frozenset())
    return {name: values.get(name, empty) if name in used else empty for name, empty in EMPTY_TIMING.items()}


def _timing_fits_kind() -> Q:
    return reduce(
        or_,
        (
            Q(when_kind=kind, **{name: empty for name, empty in EMPTY_TIMING.items() if name not in used})
            for kind, used in TIMING_FIELDS.items()
        ),
    )


class VersionFrozen(Exception):
    """Raised when code tries to change a row of a version that is no longer a draft."""


@declare(
    PersonalData(
        tuple(spec.name for spec in ROW_FIELDS if spec.refers_to == "member"),
        category=Category.EMPLOYMENT,
        purpose=PLAN,
        basis=LawfulBasis.CONTRACT,
        retention=WITH_THE_PLAN,
    ),
    not_personal=(
        "version",
        "row_key",
        "position",
        *(spec.name for spec in ROW_FIELDS if spec.refers_to != "member"),
    ),
)
class PlanRow(models.Model):
    """One line of the communication matrix.

    ``row_key`` stays the same when a new draft copies the row, so a diff can pair a row with its
    predecessor and evidence recorded against it stays attached across versions.

    When: a recurrence is an RFC 5545 RRULE (without DTSTART) starting at ``start_date``/``start_time``
    *local* to the organization's time zone; a fixed row happens once at ``start_date``/``start_time``;
    a trigger row has no date, only ``trigger``. Storing the local wall time rather than a UTC instant
    is what keeps a 09:00 meeting at 09:00 across daylight-saving changes.

    ``quality_objective`` is free text for now. The quality app (which depends on this one, not the
    other way round) links its objectives to rows by ``row_key``.
    """

    organization_path = "version__plan__organization"  # for the guard of every action (core.guards)

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="rows")
    row_key = models.UUIDField(_("row key"), default=uuid.uuid4, editable=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    # What
    topic = models.ForeignKey(
        "plan.Topic",
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rows",
    )
    description = models.TextField(_("description"), blank=True)
    key_messages = models.TextField(_("key messages"), blank=True)
    # When
    when_kind = models.CharField(_("when"), max_length=12, choices=WhenKind.choices, blank=True)
    rrule = models.CharField(_("recurrence rule"), max_length=limit("rrule"), blank=True)
    start_date = models.DateField(_("date"), null=True, blank=True)
    start_time = models.TimeField(_("time"), null=True, blank=True)
    trigger = models.TextField(_("trigger"), blank=True)
    # With whom
    audiences = models.ManyToManyField(
        "plan.Audience", verbose_name=_("audiences"), blank=True, related_name="rows"
    )
    # How
    channels = models.ManyToManyField(
        "plan.Channel", verbose_name=_("channels"), blank=True, related_name="rows"
    )
    format = models.CharField(_("format"), max_length=limit("format"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    # Who
    sender_roles = models.JSONField(_("sender roles"), default=list, blank=True)
    senders = models.ManyToManyField(
        "core.Membership", verbose_name=_("senders"), blank=True, related_name="plan_rows_sent"
    )
    approver = models.ForeignKey(
        "core.Membership",
        verbose_name=_("approver"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_rows_approved",
    )
    owner = models.ForeignKey(
        "core.Membership",
        verbose_name=_("responsible"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_rows_owned",
    )
    # Further
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.EXTERNAL
    )
    quality_objective = models.CharField(
        _("quality objective"), max_length=limit("quality_objective"), blank=True
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("plan row")
        verbose_name_plural = _("plan rows")
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint("version", "row_key", name="plan_row_key_unique"),
            models.CheckConstraint(
                condition=Q(when_kind="") | Q(when_kind__in=WhenKind.values), name="plan_row_when_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values), name="plan_row_direction_valid"
            ),
            models.CheckConstraint(condition=_timing_fits_kind(), name="plan_row_timing_fits_kind"),
        ]
        indexes = [models.Index(fields=["row_key"], name="plan_row_key_idx")]

    def __str__(self) -> str:
        return self.description[:80] or str(self.topic or "") or str(self.row_key)

    def save(self, *args: object, **kwargs: object) -> None:
        # The database refuses this too (migration 0002); checking here gives a clear Python error first.
        self._refuse_unless_draft()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        self._refuse_unless_draft()
        return super().delete(*args, **kwargs)  # type: ignore[arg-type]

    def _refuse_unless_draft(self) -> None:
        status = PlanVersion.objects.filter(pk=self.version_id).values_list("status", flat=True).first()
        if status != VersionStatus.DRAFT:
            raise VersionFrozen(f"rows of a {status} version cannot change")
