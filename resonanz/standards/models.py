"""The clause library: standards as versioned data, their clauses, clause-to-clause mappings, and which
standards an organization uses with its readiness note per clause.

``Standard``, ``Clause`` and ``ClauseMapping`` are global: loaded from data files shipped in the
package (``resonanz/standards/library``), never edited in the product. A new edition is a new ``Standard``
row beside the old one (code and edition are unique together). What belongs to an organization is
``AdoptedStandard`` (it uses a standard) and ``AdoptedClause`` (one per clause of it, holding the
manual readiness note).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare
from resonanz.standards.purposes import READINESS_NOTES, WITH_THE_ADOPTION

CODE_MAX_LENGTH = 40
EDITION_MAX_LENGTH = 20
NUMBER_MAX_LENGTH = 20
NOTE_MAX_LENGTH = 2000


def _in_language(german: str, english: str) -> str:
    """German unless English is asked for (German first)."""
    return english if translation.get_language() == "en" else german


@declare(
    not_personal=(
        "code",
        "edition",
        "title_de",
        "title_en",
        "number_prefix",
        "amendment_de",
        "amendment_en",
        "note_de",
        "note_en",
        "loaded_at",
    )
)
class Standard(models.Model):
    """One edition of a standard or checklist (ISO 9001:2015, a GDPR checklist)."""

    code = models.SlugField(_("code"), max_length=CODE_MAX_LENGTH)
    edition = models.CharField(_("edition"), max_length=EDITION_MAX_LENGTH)
    title_de = models.CharField(_("title in German"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200)
    # "Art." for a regulation's articles; empty for a standard's clauses.
    number_prefix = models.CharField(_("number prefix"), max_length=10, blank=True)
    amendment_de = models.TextField(_("amendments in German"), blank=True)
    amendment_en = models.TextField(_("amendments in English"), blank=True)
    note_de = models.TextField(_("note in German"), blank=True)
    note_en = models.TextField(_("note in English"), blank=True)
    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        ordering = ["code", "-edition"]
        constraints = [
            models.UniqueConstraint(fields=["code", "edition"], name="standards_standard_one_per_edition"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.edition}"

    @property
    def title(self) -> str:
        return _in_language(self.title_de, self.title_en)

    @property
    def amendment(self) -> str:
        return _in_language(self.amendment_de, self.amendment_en)

    @property
    def note(self) -> str:
        return _in_language(self.note_de, self.note_en)


@declare(
    not_personal=(
        "standard",
        "number",
        "parent",
        "position",
        "title_de",
        "title_en",
        "paraphrase_de",
        "paraphrase_en",
        "typical_evidence_de",
        "typical_evidence_en",
        "evidence_providers",
    )
)
class Clause(models.Model):
    """One clause of a standard: our own short paraphrase, never the standard's text."""

    standard = models.ForeignKey(
        Standard, verbose_name=_("standard"), on_delete=models.CASCADE, related_name="clauses"
    )
    number = models.CharField(_("number"), max_length=NUMBER_MAX_LENGTH)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent clause"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    position = models.PositiveIntegerField(_("position"))
    title_de = models.CharField(_("title in German"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200)
    paraphrase_de = models.TextField(_("paraphrase in German"))
    paraphrase_en = models.TextField(_("paraphrase in English"))
    typical_evidence_de = models.TextField(_("typical evidence in German"), blank=True)
    typical_evidence_en = models.TextField(_("typical evidence in English"), blank=True)
    # Keys of the evidence providers the data file names for this clause (``standards.evidence``).
    evidence_providers = models.JSONField(_("evidence providers"), default=list, blank=True)

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["standard", "position"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "number"], name="standards_clause_number_unique"),
            models.UniqueConstraint(fields=["standard", "position"], name="standards_clause_position_unique"),
            models.CheckConstraint(condition=~Q(number=""), name="standards_clause_number_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.standard.number_prefix} {self.number}".strip()

    @property
    def label(self) -> str:
        return f"{self.standard.number_prefix} {self.number}".strip()

    @property
    def depth(self) -> int:
        return self.number.count(".")

    @property
    def title(self) -> str:
        return _in_language(self.title_de, self.title_en)

    @property
    def paraphrase(self) -> str:
        return _in_language(self.paraphrase_de, self.paraphrase_en)

    @property
    def typical_evidence(self) -> str:
        return _in_language(self.typical_evidence_de, self.typical_evidence_en)


@declare(not_personal=("source", "target"))
class ClauseMapping(models.Model):
    """Two clauses of different standards that cover related ground; shown on both clauses' pages."""

    source = models.ForeignKey(Clause, verbose_name=_("clause"), on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(
        Clause, verbose_name=_("mapped clause"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("clause mapping")
        verbose_name_plural = _("clause mappings")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="standards_mapping_unique_pair"),
            models.CheckConstraint(condition=~Q(source=F("target")), name="standards_mapping_two_clauses"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} ↔ {self.target_id}"


@declare(
    PersonalData(
        ("adopted_by",),
        category=Category.ACTIVITY,
        purpose=READINESS_NOTES,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WITH_THE_ADOPTION,
    ),
    not_personal=("organization", "standard", "adopted_at"),
)
class AdoptedStandard(models.Model):
    """The organization works to this standard: its clauses get a readiness status and a note."""

    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    standard = models.ForeignKey(
        Standard, verbose_name=_("standard"), on_delete=models.PROTECT, related_name="+"
    )
    adopted_by = models.ForeignKey(
        "core.Membership",
        verbose_name=_("adopted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    adopted_at = models.DateTimeField(_("adopted"))

    class Meta:
        verbose_name = _("adopted standard")
        verbose_name_plural = _("adopted standards")
        ordering = ["standard__code", "-standard__edition"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "standard"], name="standards_adopted_once"),
        ]

    def __str__(self) -> str:
        return str(self.standard)


@declare(
    PersonalData(
        ("noted_by", "noted_at"),
        category=Category.ACTIVITY,
        purpose=READINESS_NOTES,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WITH_THE_ADOPTION,
    ),
    PersonalData(
        ("note",),
        category=Category.FREE_TEXT,
        purpose=READINESS_NOTES,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=WITH_THE_ADOPTION,
    ),
    not_personal=("organization", "adopted_standard", "clause"),
)
class AdoptedClause(models.Model):
    """One clause of an adopted standard in one organization, with the manual readiness note."""

    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    adopted_standard = models.ForeignKey(
        AdoptedStandard, verbose_name=_("adopted standard"), on_delete=models.CASCADE, related_name="clauses"
    )
    clause = models.ForeignKey(Clause, verbose_name=_("clause"), on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("readiness note"), max_length=NOTE_MAX_LENGTH, blank=True)
    noted_by = models.ForeignKey(
        "core.Membership",
        verbose_name=_("note by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    noted_at = models.DateTimeField(_("note written"), null=True, blank=True)

    class Meta:
        verbose_name = _("adopted clause")
        verbose_name_plural = _("adopted clauses")
        ordering = ["adopted_standard", "clause__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["adopted_standard", "clause"], name="standards_adopted_clause_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.clause)
