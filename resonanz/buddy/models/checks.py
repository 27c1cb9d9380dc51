"""Profile checks: a scored checklist per network, with criteria and weights as data per organization.

A check keeps a copy of the criteria as they were when it was recorded (label, weight, passed), so a
later change of the criteria never changes a score that was given. resonanz never scrapes networks: the
buddy looks at the profile and ticks what holds.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from resonanz.buddy.models.program import Pair
from resonanz.buddy.models.purposes import PROGRAMME, WHILE_IN_PROGRAMME
from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare
from resonanz.people.models import Network

MAX_CRITERION_WEIGHT = 100
MAX_CRITERIA = 30


@declare(
    not_personal=(
        "organization",
        "network",
        "key",
        "label",
        "weight",
        "is_active",
        "position",
        "in_use",
        "created_at",
    )
)
class ProfileCheckCriterion(models.Model):
    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="profile_check_criteria"
    )
    network = models.CharField(_("network"), max_length=16, choices=Network.choices)
    key = models.SlugField(_("key"), max_length=40)
    label = models.CharField(_("criterion"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Set by the first check that scores it: from then on the criterion is deactivated, never deleted.
    in_use = models.BooleanField(_("used in recorded checks"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("profile check criterion")
        verbose_name_plural = _("profile check criteria")
        ordering = ["network", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "network", "key"], name="buddy_criterion_key_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(weight__lte=MAX_CRITERION_WEIGHT), name="buddy_criterion_weight_bounded"
            ),
            models.CheckConstraint(
                condition=models.Q(network__in=Network.values), name="buddy_criterion_network_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.label


@declare(
    PersonalData(
        ("pair", "membership", "network", "checked_by", "checked_on", "score", "results"),
        category=Category.EMPLOYMENT,
        purpose=PROGRAMME,
        basis=LawfulBasis.CONSENT,
        retention=WHILE_IN_PROGRAMME,
    ),
    PersonalData(
        ("recommendations",),
        category=Category.FREE_TEXT,
        purpose=PROGRAMME,
        basis=LawfulBasis.CONSENT,
        retention=WHILE_IN_PROGRAMME,
    ),
    not_personal=("organization", "created_at"),
)
class ProfileCheck(models.Model):
    """A buddy's check of a colleague's profile on one network: score 0–100 and recommendations."""

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="profile_checks"
    )
    pair = models.ForeignKey(
        Pair, verbose_name=_("pair"), null=True, blank=True, on_delete=models.SET_NULL, related_name="checks"
    )
    membership = models.ForeignKey(
        "core.Membership",
        verbose_name=_("colleague"),
        on_delete=models.CASCADE,
        related_name="profile_checks",
    )
    network = models.CharField(_("network"), max_length=16, choices=Network.choices)
    checked_by = models.ForeignKey(
        "core.Membership",
        verbose_name=_("checked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_on = models.DateField(_("checked on"))
    score = models.PositiveSmallIntegerField(_("score"))
    # [{"key", "label", "weight", "passed"}]: the criteria as they were, and what held.
    results = models.JSONField(_("results"), default=list)
    recommendations = models.TextField(_("recommendations"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("profile check")
        verbose_name_plural = _("profile checks")
        ordering = ["checked_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(score__lte=100), name="buddy_check_score_bounded"),
            models.CheckConstraint(
                condition=models.Q(network__in=Network.values), name="buddy_check_network_valid"
            ),
        ]
        indexes = [models.Index(fields=["membership", "checked_on"], name="buddy_check_person_idx")]

    def __str__(self) -> str:
        return f"{self.get_network_display()} {self.checked_on:%Y-%m-%d}: {self.score}"
