from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from resonanz.core.models.purposes import AUDIT_RETENTION, AUDIT_TRAIL
from resonanz.core.personal_data import Category, LawfulBasis, PersonalData, declare


class HashVersion(models.IntegerChoices):
    # Version 1 hashed the names in clear text; erasing one needs a signed seal (``legacy_seal``).
    CLEAR = 1
    DIGESTED = 2  # personal values enter the hash as salted digests


@declare(
    PersonalData(
        ("actor", "actor_name", "object_repr"),
        category=Category.IDENTIFICATION,
        purpose=AUDIT_TRAIL,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=AUDIT_RETENTION,
    ),
    PersonalData(
        ("before", "after"),
        category=Category.ACTIVITY,
        purpose=AUDIT_TRAIL,
        basis=LawfulBasis.LEGITIMATE_INTERESTS,
        retention=AUDIT_RETENTION,
    ),
    not_personal=(
        "organization",
        "seq",
        "created_at",
        "action",
        "object_type",
        "object_id",
        "request_id",
        "job_id",
        "prev_hash",
        "hash",
        "hash_version",
        # Digests of salted values: once a value and its salt are erased, nobody can tell whose it was.
        "personal_digests",
        "personal_salts",
        "legacy_seal",
    ),
)
class AuditRecord(models.Model):
    """One entry of an organization's append-only, hash-chained audit trail (ISO 9001 7.5.3).

    Records are written only by ``resonanz.core.audit.record`` inside the action's transaction. Each
    carries the hash of its predecessor, so ``resonanz audit verify`` notices altered, inserted and
    deleted records. Personal values (the actor's name, the object's name, personal keys of before
    and after) are hashed as salted digests (``personal_digests``), so that
    ``resonanz.core.audit_erasure`` can blank them and their salts without breaking the chain.
    """

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="audit_records"
    )
    seq = models.BigIntegerField(_("number"))
    created_at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A copy of the actor's name: the record stays readable when the account is erased later.
    actor_name = models.CharField(_("actor"), max_length=200)
    action = models.CharField(_("action"), max_length=100)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    object_repr = models.CharField(_("object name"), max_length=300, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    request_id = models.CharField(_("request"), max_length=64, blank=True)
    job_id = models.CharField(_("job"), max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    hash_version = models.PositiveSmallIntegerField()
    # Keyed "actor_name", "object_repr", "before.<key>", "after.<key>". The digests are hashed; the
    # salts are not, and are erased together with the clear value.
    personal_digests = models.JSONField(default=dict, blank=True)
    personal_salts = models.JSONField(default=dict, blank=True)
    # Only on version-1 records whose personal values were erased: the digests, signed with the audit
    # key by the erasure that checked the record first (see ``resonanz.core.audit_erasure``).
    legacy_seal = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        ordering = ["organization_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "seq"], name="core_audit_seq_unique"),
            models.CheckConstraint(condition=models.Q(seq__gte=1), name="core_audit_seq_positive"),
            models.CheckConstraint(
                condition=models.Q(hash_version__in=HashVersion.values), name="core_audit_hash_version_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "-created_at"], name="core_audit_org_time"),
            models.Index(fields=["organization", "action"], name="core_audit_org_action"),
            models.Index(fields=["organization", "object_type", "object_id"], name="core_audit_org_object"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit records are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit records are append-only")

    @property
    def action_label(self) -> str:
        """The action in words (“Zeile hinzugefügt”); ``action`` keeps the stable code."""
        from resonanz.core.action_labels import action_label

        return action_label(self.action)


@declare(
    not_personal=("organization", "seq", "head_hash", "created_at", "key_id", "signature"),
)
class AuditCheckpoint(models.Model):
    """The head of an organization's audit chain, signed with a key that is not in the database.

    Someone who can write the database can rewrite records and recompute every hash, but cannot sign
    the new head: ``resonanz audit verify`` compares each checkpoint with the chain. Append-only like
    the records (database triggers); one checkpoint per head and key (the unique constraint is the
    claim when several workers checkpoint at once). See ``resonanz.core.checkpoints``.
    """

    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="audit_checkpoints"
    )
    seq = models.BigIntegerField(_("number"))
    head_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("time"))
    key_id = models.CharField(max_length=32)
    signature = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")
        ordering = ["organization_id", "seq", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "seq", "key_id"], name="core_audit_checkpoint_once"
            ),
            models.CheckConstraint(condition=models.Q(seq__gte=1), name="core_audit_checkpoint_seq_positive"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.key_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit checkpoints are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit checkpoints are append-only")
