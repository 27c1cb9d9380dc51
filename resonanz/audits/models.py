"""Internal audits (ISO 9001 9.2): the yearly programme, its audits, their checklists and results.

An audit moves planned → in progress → completed. Starting it generates its checklist, one item per
criterion clause, with the clause's number and title copied, so a later change of the clause library
does not change an audit. Completing it issues the report: every item has a result, the evidence shown
for each clause is copied onto the item, each nonconformity has opened its incident, and the names of
auditors and audited persons are copied; from then on nothing of the audit changes.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from resonanz.audits.purposes import AUDITS, WITH_THE_PROGRAMME
from resonanz.core.dates import EARLIEST, LATEST
from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare

TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 4000
NOTE_MAX_LENGTH = 2000
MAX_CRITERIA = 60  # a checklist holds at most this many clauses: an audit is bounded work
MAX_PEOPLE = 30  # auditors and audited persons of one audit, each


class AuditStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("audit status", "planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("audit status", "in progress")
    COMPLETED = "completed", pgettext_lazy("audit status", "completed (report issued)")


class ItemResult(models.TextChoices):
    CONFORM = "conform", _("conform")
    OBSERVATION = "observation", _("observation")
    MINOR = "minor", _("minor nonconformity")
    MAJOR = "major", _("major nonconformity")
    NOT_AUDITED = "not_audited", _("not audited")


NONCONFORMITIES = (ItemResult.MINOR, ItemResult.MAJOR)


def _bounded(field: str) -> Q:
    return Q(**{f"{field}__gte": EARLIEST, f"{field}__lte": LATEST})


@declare(not_personal=("organization", "year", "objectives", "created_at"))
class AuditProgramme(models.Model):
    """The audits planned for one year, with what the programme is to achieve."""

    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    objectives = models.TextField(_("objectives of the programme"), max_length=TEXT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("audit programme")
        verbose_name_plural = _("audit programmes")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="audits_programme_one_per_year"),
            models.CheckConstraint(
                condition=Q(year__gte=EARLIEST.year, year__lte=LATEST.year),
                name="audits_programme_year_bounded",
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)


@declare(
    PersonalData(
        ("lead_auditor", "co_auditors", "auditees", "people"),
        category=Category.EMPLOYMENT,
        purpose=AUDITS,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WITH_THE_PROGRAMME,
    ),
    PersonalData(
        ("scope", "summary"),
        category=Category.FREE_TEXT,
        purpose=AUDITS,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WITH_THE_PROGRAMME,
    ),
    not_personal=(
        "organization",
        "programme",
        "number",
        "title",
        "area",
        "planned_on",
        "status",
        "criteria",
        "started_at",
        "completed_on",
        "created_at",
    ),
)
class Audit(models.Model):
    """One internal audit: its scope and criteria (clauses), who audits and whose work is audited."""

    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    programme = models.ForeignKey(
        AuditProgramme, verbose_name=_("audit programme"), on_delete=models.PROTECT, related_name="audits"
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    scope = models.TextField(_("scope"), max_length=TEXT_MAX_LENGTH)
    area = models.CharField(_("audited area"), max_length=TITLE_MAX_LENGTH, blank=True)
    planned_on = models.DateField(_("planned for"))
    status = models.CharField(
        _("status"), max_length=12, choices=AuditStatus.choices, default=AuditStatus.PLANNED
    )
    lead_auditor = models.ForeignKey(
        "core.Membership", verbose_name=_("lead auditor"), on_delete=models.PROTECT, related_name="+"
    )
    co_auditors = models.ManyToManyField(
        "core.Membership", verbose_name=_("co-auditors"), blank=True, related_name="co_audits+"
    )
    # The people whose work is audited: the area's responsible persons among them.
    auditees = models.ManyToManyField(
        "core.Membership", verbose_name=_("audited persons"), related_name="audited_in+"
    )
    criteria = models.ManyToManyField(
        "standards.AdoptedClause", verbose_name=_("audit criteria"), related_name="+"
    )
    # The names of auditors and audited persons as issued, copied on completion:
    # {"lead": "…", "co": ["…"], "auditees": ["…"]}.
    people = models.JSONField(_("people as issued"), default=dict, blank=True)
    summary = models.TextField(_("conclusion"), max_length=TEXT_MAX_LENGTH, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("internal audit")
        verbose_name_plural = _("internal audits")
        ordering = ["planned_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="audits_audit_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="audits_audit_number_positive"),
            models.CheckConstraint(condition=~Q(title=""), name="audits_audit_has_title"),
            models.CheckConstraint(condition=~Q(scope=""), name="audits_audit_has_scope"),
            models.CheckConstraint(
                condition=Q(status__in=AuditStatus.values), name="audits_audit_status_valid"
            ),
            models.CheckConstraint(condition=_bounded("planned_on"), name="audits_audit_planned_on_bounded"),
            models.CheckConstraint(
                condition=Q(status=AuditStatus.PLANNED, started_at__isnull=True)
                | (~Q(status=AuditStatus.PLANNED) & Q(started_at__isnull=False)),
                name="audits_audit_started_unless_planned",
            ),
            models.CheckConstraint(
                condition=Q(status=AuditStatus.COMPLETED, completed_on__isnull=False)
                | (~Q(status=AuditStatus.COMPLETED) & Q(completed_on__isnull=True)),
                name="audits_audit_completed_has_date",
            ),
        ]
        indexes = [models.Index(fields=["organization", "planned_on"], name="audits_audit_by_date")]

    def __str__(self) -> str:
        return f"#{self.number} {self.title}"


@declare(
    PersonalData(
        ("recorded_by", "recorded_by_name"),
        category=Category.ACTIVITY,
        purpose=AUDITS,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WITH_THE_PROGRAMME,
    ),
    PersonalData(
        ("note",),
        category=Category.FREE_TEXT,
        purpose=AUDITS,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WITH_THE_PROGRAMME,
    ),
    not_personal=(
        "organization",
        "audit",
        "adopted_clause",
        "position",
        "clause_number",
        "clause_title_de",
        "clause_title_en",
        "result",
        "evidence",
        "incident",
        "recorded_at",
    ),
)
class ChecklistItem(models.Model):
    """One criterion clause of an audit: what the auditor found, and the evidence seen for it."""

    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    audit = models.ForeignKey(
        Audit, verbose_name=_("internal audit"), on_delete=models.CASCADE, related_name="items"
    )
    # Where the live evidence comes from while the audit runs; the copied number and title are what counts.
    adopted_clause = models.ForeignKey(
        "standards.AdoptedClause",
        verbose_name=_("clause"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.PositiveIntegerField(_("position"))
    clause_number = models.CharField(_("clause"), max_length=40)
    clause_title_de = models.CharField(_("title in German"), max_length=200)
    clause_title_en = models.CharField(_("title in English"), max_length=200)
    result = models.CharField(_("result"), max_length=12, choices=ItemResult.choices, blank=True)
    note = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    # The evidence shown for the clause when the report was issued: [{"label", "url", "date"}, …].
    evidence = models.JSONField(_("evidence as issued"), default=list, blank=True)
    incident = models.ForeignKey(
        "quality.Incident",
        verbose_name=_("incident"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        "core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_name = models.CharField(_("recorded by"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["audit", "position"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "position"], name="audits_item_position_unique"),
            models.CheckConstraint(
                condition=Q(result="") | Q(result__in=ItemResult.values), name="audits_item_result_valid"
            ),
            models.CheckConstraint(
                condition=Q(result="", recorded_at__isnull=True)
                | (~Q(result="") & Q(recorded_at__isnull=False)),
                name="audits_item_result_has_time",
            ),
            models.CheckConstraint(
                condition=Q(incident__isnull=True) | Q(result__in=[ItemResult.MINOR, ItemResult.MAJOR]),
                name="audits_item_incident_only_for_nonconformity",
            ),
            models.UniqueConstraint(
                fields=["incident"], condition=Q(incident__isnull=False), name="audits_item_one_incident_each"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.clause_number} {self.clause_title}"

    @property
    def clause_title(self) -> str:
        return self.clause_title_en if translation.get_language() == "en" else self.clause_title_de

    @property
    def is_finding(self) -> bool:
        return self.result in NONCONFORMITIES
