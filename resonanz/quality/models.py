"""Incidents and nonconformities, their corrective actions and the effectiveness checks (clause 10.2).

An incident moves open → contained → analysed → actions → effectiveness check → closed. A check that
finds the actions not effective sends it back to a new round of cause analysis (``round`` counts
them); so does reopening a closed incident. Automatic sources (plan deviations, monitoring alarms,
audits) name themselves in ``source_key``: unique per organization, so a source never opens the same
incident twice, however many workers run at once.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare
from resonanz.quality.purposes import NONCONFORMITY_RECORDS, WITH_THE_INCIDENT

MAX_WHYS = 5
SOURCE_KEY_MAX_LENGTH = 200
DEFAULT_CHECK_WEEKS = 6
MAX_CHECK_WEEKS = 52
MAX_CHECKLIST_ITEMS = 50


class Source(models.TextChoices):
    MANUAL = "manual", _("entered by hand")
    SOCIAL_COMPLAINT = "social_complaint", _("complaint on a social channel")
    AUDIT_FINDING = "audit_finding", _("audit finding")
    PLAN_DEVIATION = "plan_deviation", _("deviation from the communication plan")
    MONITORING_ALARM = "monitoring_alarm", _("monitoring alarm")


class DeviationKind(models.TextChoices):
    UNPLANNED_POST = "unplanned_post", _("post published without a plan row")
    REVIEW_OVERDUE = "review_overdue", _("plan review overdue")
    SENDER_WITHOUT_COMPETENCE = "sender_without_competence", _("sender without the required competence")
    MISSED_DATE = "missed_date", _("planned date missed")


class Grade(models.TextChoices):
    MINOR = "minor", pgettext_lazy("nonconformity grade", "minor")
    MAJOR = "major", pgettext_lazy("nonconformity grade", "major")


class Status(models.TextChoices):
    OPEN = "open", pgettext_lazy("incident status", "open")
    CONTAINED = "contained", _("contained")
    ANALYSED = "analysed", _("cause analysed")
    ACTIONS = "actions", _("corrective actions under way")
    CHECKING = "checking", _("effectiveness check scheduled")
    CLOSED = "closed", pgettext_lazy("incident status", "closed")


class CauseCategory(models.TextChoices):
    PEOPLE = "people", _("people")
    METHOD = "method", _("method")
    MATERIAL = "material", _("material and content")
    TECHNOLOGY = "technology", _("tools and technology")
    ENVIRONMENT = "environment", _("environment")
    MANAGEMENT = "management", _("management and organization")


_PURPOSE = NONCONFORMITY_RECORDS
_BASIS = LawfulBasis.LEGITIMATE_INTERESTS
_KEPT = WITH_THE_INCIDENT


@declare(
    PersonalData(
        ("owner", "opened_by", "opened_by_name"),
        category=Category.EMPLOYMENT,
        purpose=_PURPOSE,
        basis=_BASIS,
        retention=_KEPT,
    ),
    PersonalData(
        ("title", "description", "containment", "whys", "checklist", "source_key"),
        category=Category.FREE_TEXT,
        purpose=_PURPOSE,
        basis=_BASIS,
        retention=_KEPT,
    ),
    not_personal=(
        "organization",
        "number",
        "source",
        "deviation_kind",
        "miss_explanation",
        "grade",
        "status",
        "round",
        "cause_category",
        "opened_at",
        "contained_at",
        "analysed_at",
        "closed_at",
    ),
)
class Incident(models.Model):
    """Something that went wrong: a nonconformity, a complaint, a deviation from the plan."""

    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=30, choices=Source.choices, default=Source.MANUAL)
    deviation_kind = models.CharField(
        _("kind of deviation"), max_length=30, choices=DeviationKind.choices, blank=True
    )
    # What opened it automatically ("plan.review_overdue:12:2026-11-30"); empty for incidents by hand.
    source_key = models.CharField(_("source key"), max_length=SOURCE_KEY_MAX_LENGTH, blank=True)
    # The plan's explanation of a missed date that asked for a corrective action (source: missed date).
    miss_explanation = models.ForeignKey(
        "plan.MissExplanation",
        verbose_name=_("explanation of a missed date"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices, default=Grade.MINOR)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    round = models.PositiveSmallIntegerField(_("analysis round"), default=1)
    owner = models.ForeignKey(
        "core.Membership",
        verbose_name=_("responsible"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    containment = models.TextField(_("containment"), blank=True)
    whys = models.JSONField(_("five whys"), default=list, blank=True)
    cause_category = models.CharField(
        _("cause category"), max_length=20, choices=CauseCategory.choices, blank=True
    )
    # The crisis playbook: [{"text": "…", "done": false}, …], ticked item by item.
    checklist = models.JSONField(_("checklist"), default=list, blank=True)
    opened_by = models.ForeignKey(
        "core.Membership",
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_by_name = models.CharField(_("opened by"), max_length=150, blank=True)
    opened_at = models.DateTimeField(_("opened"))
    contained_at = models.DateTimeField(_("contained"), null=True, blank=True)
    analysed_at = models.DateTimeField(_("cause analysed"), null=True, blank=True)
    closed_at = models.DateTimeField(pgettext_lazy("incident", "closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="quality_incident_number_unique"),
            models.UniqueConstraint(
                fields=["organization", "source_key"],
                condition=~Q(source_key=""),
                name="quality_incident_source_once",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="quality_incident_number_positive"),
            models.CheckConstraint(condition=Q(round__gte=1), name="quality_incident_round_positive"),
            models.CheckConstraint(
                condition=Q(source__in=Source.values), name="quality_incident_source_known"
            ),
            models.CheckConstraint(condition=Q(grade__in=Grade.values), name="quality_incident_grade_known"),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="quality_incident_status_known"
            ),
            models.CheckConstraint(
                condition=Q(source=Source.PLAN_DEVIATION, deviation_kind__in=DeviationKind.values)
                | (~Q(source=Source.PLAN_DEVIATION) & Q(deviation_kind="")),
                name="quality_incident_deviation_kind_with_source",
            ),
            models.CheckConstraint(
                condition=Q(cause_category="") | Q(cause_category__in=CauseCategory.values),
                name="quality_incident_cause_category_known",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.CLOSED, closed_at__isnull=False)
                | (~Q(status=Status.CLOSED) & Q(closed_at__isnull=True)),
                name="quality_incident_closed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.OPEN) | Q(contained_at__isnull=False),
                name="quality_incident_contained_before_moving_on",
            ),
        ]
        indexes = [models.Index(fields=["organization", "status"], name="quality_incident_by_status")]

    def __str__(self) -> str:
        return f"#{self.number} {self.title}"


@declare(
    PersonalData(
        ("owner", "owner_name", "created_by", "created_by_name"),
        category=Category.EMPLOYMENT,
        purpose=_PURPOSE,
        basis=_BASIS,
        retention=_KEPT,
    ),
    PersonalData(
        ("title", "done_note"), category=Category.FREE_TEXT, purpose=_PURPOSE, basis=_BASIS, retention=_KEPT
    ),
    not_personal=("organization", "incident", "round", "due_date", "status", "created_at", "done_at"),
)
class IncidentAction(models.Model):
    """What is done so that the incident's cause does not come back: an owner and a due date."""

    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="corrective_actions"
    )
    round = models.PositiveSmallIntegerField(_("analysis round"))
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        "core.Membership", verbose_name=_("responsible"), on_delete=models.PROTECT, related_name="+"
    )
    owner_name = models.CharField(_("responsible"), max_length=150)
    due_date = models.DateField(_("due"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=[("open", pgettext_lazy("action status", "open")), ("done", _("done"))],
        default="open",
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_note = models.TextField(_("what was done"), blank=True)
    created_by = models.ForeignKey(
        "core.Membership",
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by_name = models.CharField(_("created by"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", done_at__isnull=True) | Q(status="done", done_at__isnull=False),
                name="quality_action_done_has_date",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "due_date"],
                condition=Q(status="open"),
                name="quality_action_open_due",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Result(models.TextChoices):
    EFFECTIVE = "effective", _("effective")
    NOT_EFFECTIVE = "not_effective", _("not effective")


@declare(
    PersonalData(
        ("recorded_by", "recorded_by_name"),
        category=Category.ACTIVITY,
        purpose=_PURPOSE,
        basis=_BASIS,
        retention=_KEPT,
    ),
    PersonalData(
        ("criterion", "note"), category=Category.FREE_TEXT, purpose=_PURPOSE, basis=_BASIS, retention=_KEPT
    ),
    not_personal=(
        "organization",
        "incident",
        "round",
        "weeks",
        "due_date",
        "result",
        "scheduled_at",
        "recorded_at",
    ),
)
class EffectivenessCheck(models.Model):
    """Whether the corrective actions of one round worked, checked some weeks after the last was done."""

    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="effectiveness_checks"
    )
    round = models.PositiveSmallIntegerField(_("analysis round"))
    weeks = models.PositiveSmallIntegerField(_("weeks after the last action"), default=DEFAULT_CHECK_WEEKS)
    due_date = models.DateField(_("due"))
    # How the effect will be judged ("no post without approval in the next two months"), when said.
    criterion = models.TextField(_("what shows that the actions worked"), blank=True)
    result = models.CharField(_("result"), max_length=15, choices=Result.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        "core.Membership",
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by_name = models.CharField(_("recorded by"), max_length=150, blank=True)
    scheduled_at = models.DateTimeField(_("scheduled"))
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)

    class Meta:
        verbose_name = _("effectiveness check")
        verbose_name_plural = _("effectiveness checks")
        ordering = ["round"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "round"], name="quality_check_once_per_round"),
            models.CheckConstraint(
                condition=Q(weeks__gte=1) & Q(weeks__lte=MAX_CHECK_WEEKS), name="quality_check_weeks_in_range"
            ),
            models.CheckConstraint(
                condition=Q(result="", recorded_at__isnull=True)
                | (Q(result__in=Result.values) & Q(recorded_at__isnull=False)),
                name="quality_check_result_has_date",
            ),
            models.CheckConstraint(
                condition=Q(recorded_at__isnull=True) | Q(recorded_at__gte=F("scheduled_at")),
                name="quality_check_recorded_after_scheduled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.incident_id}/{self.round}"


@declare(
    PersonalData(
        ("recipients",), category=Category.IDENTIFICATION, purpose=_PURPOSE, basis=_BASIS, retention=_KEPT
    ),
    not_personal=("organization", "key", "sent_at"),
)
class QualityReminder(models.Model):
    """The claim of one reminder (an overdue action, a due check): inserted once, so sent once."""

    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("reminder"), max_length=100)
    recipients = models.TextField(_("recipients"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="quality_reminder_once"),
        ]

    def __str__(self) -> str:
        return self.key
