"""Who takes part in the buddy programme: buddies, colleagues who opt in, matching runs and the pairs."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from resonanz.buddy.models.purposes import PROGRAMME, SHARING, WHILE_IN_PROGRAMME
from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare
from resonanz.people.models.profile import MAX_EXPERTISE_TOPICS
from resonanz.people.models.profile import MAX_LANGUAGES as MAX_LANGUAGES

# Bounds every form, API schema and action reads from here.
MAX_CAPACITY = 30
MAX_WEIGHT = 1000
# A buddy's topics and languages are bounded like the person's own profile (one limit each).
MAX_TOPICS = MAX_EXPERTISE_TOPICS
TEXT_LENGTH = 5000


@declare(
    PersonalData(
        ("membership", "capacity", "topics", "languages", "time_zone", "introduction", "is_active"),
        category=Category.EMPLOYMENT,
        purpose=PROGRAMME,
        basis=LawfulBasis.CONTRACT,
        retention=WHILE_IN_PROGRAMME,
    ),
    not_personal=("organization", "created_at", "updated_at"),
)
class BuddyProfile(models.Model):
    """A member who coaches colleagues: how many at once, on which topics, in which languages."""

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="buddy_profiles"
    )
    membership = models.OneToOneField(
        "core.Membership", verbose_name=_("buddy"), on_delete=models.CASCADE, related_name="buddy_profile"
    )
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=5)
    topics = models.ManyToManyField("plan.Topic", verbose_name=_("topics"), blank=True, related_name="+")
    # ISO 639-1 codes, lower case, sorted, without duplicates (normalised by the actions).
    languages = models.JSONField(_("languages"), default=list, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Berlin")
    introduction = models.TextField(_("introduction"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("buddy")
        verbose_name_plural = _("buddies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__lte=MAX_CAPACITY), name="buddy_buddyprofile_capacity_bounded"
            ),
        ]

    def __str__(self) -> str:
        return str(self.membership)


@declare(
    PersonalData(
        ("membership", "topics", "languages", "time_zone", "prefers_other_unit", "wishes", "is_active"),
        category=Category.EMPLOYMENT,
        purpose=PROGRAMME,
        basis=LawfulBasis.CONSENT,
        retention=WHILE_IN_PROGRAMME,
    ),
    PersonalData(
        ("share_details_with_program_managers", "consent_changed_at"),
        category=Category.USAGE,
        purpose=SHARING,
        basis=LawfulBasis.CONSENT,
        retention=WHILE_IN_PROGRAMME,
    ),
    not_personal=("organization", "created_at", "ended_at"),
)
class CoachingOptIn(models.Model):
    """A colleague who wants to be coached. One active opt-in per person; opting out ends it."""

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="coaching_opt_ins"
    )
    membership = models.ForeignKey(
        "core.Membership",
        verbose_name=_("colleague"),
        on_delete=models.CASCADE,
        related_name="coaching_opt_ins",
    )
    topics = models.ManyToManyField("plan.Topic", verbose_name=_("topics"), blank=True, related_name="+")
    languages = models.JSONField(_("languages"), default=list, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Berlin")
    prefers_other_unit = models.BooleanField(_("prefers a buddy from another unit"), default=False)
    wishes = models.TextField(_("wishes"), blank=True)
    share_details_with_program_managers = models.BooleanField(
        _("programme managers may see my coaching details"), default=False
    )
    consent_changed_at = models.DateTimeField(_("consent given or withdrawn"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("coaching opt-in")
        verbose_name_plural = _("coaching opt-ins")
        constraints = [
            models.UniqueConstraint(
                fields=["membership"], condition=models.Q(is_active=True), name="buddy_optin_one_active"
            ),
        ]

    def __str__(self) -> str:
        return str(self.membership)


@declare(not_personal=("organization", "topic_miss", "timezone_hour", "unit", "load", "updated_at"))
class MatchingWeights(models.Model):
    """How much each part of the matching cost weighs, per organization (editable by the managers)."""

    organization = models.OneToOneField(
        "core.Organization", on_delete=models.CASCADE, related_name="matching_weights"
    )
    topic_miss = models.PositiveIntegerField(_("per topic the buddy does not cover"), default=10)
    timezone_hour = models.PositiveIntegerField(_("per hour of time difference"), default=3)
    unit = models.PositiveIntegerField(_("unit preference not met"), default=4)
    load = models.PositiveIntegerField(_("load balance"), default=1)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("matching weights")
        verbose_name_plural = _("matching weights")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(topic_miss__lte=MAX_WEIGHT, timezone_hour__lte=MAX_WEIGHT)
                & models.Q(unit__lte=MAX_WEIGHT, load__lte=MAX_WEIGHT),
                name="buddy_weights_bounded",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organization)


class RunStatus(models.TextChoices):
    """A run in the request is done at once; a large one waits for the worker (queued, running)."""

    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


OPEN_RUN_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING)


@declare(
    PersonalData(
        ("started_by",),
        category=Category.ACTIVITY,
        purpose=PROGRAMME,
        basis=LawfulBasis.CONTRACT,
        retention=WHILE_IN_PROGRAMME,
    ),
    PersonalData(
        ("unmatched",),
        category=Category.EMPLOYMENT,
        purpose=PROGRAMME,
        basis=LawfulBasis.CONSENT,
        retention=WHILE_IN_PROGRAMME,
    ),
    not_personal=(
        "organization",
        "rematch",
        "weights",
        "note",
        "total_cost",
        "optimal",
        "coachees_count",
        "buddies_count",
        "pairs_count",
        "kept_count",
        "unmatched_count",
        "status",
        "error",
        "language",
        "created_at",
        "updated_at",
        "finished_at",
    ),
)
class MatchingRun(models.Model):
    """One run of the optimal matching: the weights it used, what it cost, how many it paired."""

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="matching_runs"
    )
    started_by = models.ForeignKey(
        "core.Membership",
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rematch = models.BooleanField(_("new matching of existing pairs"), default=False)
    weights = models.JSONField(_("weights"), default=dict)
    note = models.CharField(_("note"), max_length=200, blank=True)
    total_cost = models.BigIntegerField(_("total cost"), default=0)
    optimal = models.BooleanField(_("proven optimal"), default=False)
    coachees_count = models.PositiveIntegerField(_("colleagues"), default=0)
    buddies_count = models.PositiveIntegerField(_("buddies"), default=0)
    pairs_count = models.PositiveIntegerField(_("pairs"), default=0)
    kept_count = models.PositiveIntegerField(_("pairs kept"), default=0)
    unmatched_count = models.PositiveIntegerField(_("without a buddy"), default=0)
    # [{"opt_in": id, "membership": id, "reason": code}]: who stayed without a buddy, and why.
    unmatched = models.JSONField(_("without a buddy"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=RunStatus.choices, default=RunStatus.DONE)
    # Why a run failed, in the language of the member who started it (``language``).
    error = models.CharField(_("reason"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One run at a time per organization: a second one would match the same colleagues again.
            models.UniqueConstraint(
                fields=["organization"],
                condition=models.Q(status__in=["queued", "running"]),
                name="buddy_run_one_open",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "done", "failed"]),
                name="buddy_run_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_RUN_STATUSES


@declare(
    PersonalData(
        ("buddy", "coachee", "opt_in", "started_at", "ended_at", "breakdown", "cost"),
        category=Category.EMPLOYMENT,
        purpose=PROGRAMME,
        basis=LawfulBasis.CONSENT,
        retention=WHILE_IN_PROGRAMME,
    ),
    PersonalData(
        ("override_reason", "end_reason"),
        category=Category.FREE_TEXT,
        purpose=PROGRAMME,
        basis=LawfulBasis.CONSENT,
        retention=WHILE_IN_PROGRAMME,
    ),
    not_personal=("organization", "run", "is_manual", "over_capacity"),
)
class Pair(models.Model):
    """A buddy coaching a colleague, from a matching run or set by hand (an audited override)."""

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.CASCADE, related_name="buddy_pairs"
    )
    buddy = models.ForeignKey(
        "core.Membership",
        verbose_name=_("buddy"),
        on_delete=models.CASCADE,
        related_name="buddy_pairs_as_buddy",
    )
    coachee = models.ForeignKey(
        "core.Membership", verbose_name=_("colleague"), on_delete=models.CASCADE, related_name="buddy_pairs"
    )
    opt_in = models.ForeignKey(
        CoachingOptIn, verbose_name=_("opt-in"), null=True, on_delete=models.SET_NULL, related_name="pairs"
    )
    run = models.ForeignKey(
        MatchingRun,
        verbose_name=_("matching run"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pairs",
    )
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    # {"topic": …, "timezone": …, "unit": …, "load": …}: why the matching chose this pair.
    breakdown = models.JSONField(_("score breakdown"), default=dict, blank=True)
    cost = models.IntegerField(_("cost"), default=0)
    is_manual = models.BooleanField(_("set by hand"), default=False)
    over_capacity = models.BooleanField(_("over the buddy's capacity"), default=False)
    override_reason = models.TextField(_("reason for the change by hand"), blank=True)
    end_reason = models.TextField(_("reason for ending"), blank=True)

    class Meta:
        verbose_name = _("pair")
        verbose_name_plural = _("pairs")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["coachee"], condition=models.Q(ended_at__isnull=True), name="buddy_pair_one_active"
            ),
        ]
        indexes = [models.Index(fields=["organization", "buddy", "ended_at"], name="buddy_pair_buddy_idx")]

    def __str__(self) -> str:
        return f"{self.buddy} – {self.coachee}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None
