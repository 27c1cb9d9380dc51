"""The competence app's models; each domain in a module of its own, re-exported here."""

from resonanz.competence.models.catalogue import ChannelRequirement, Competence, RoleRequirement
from resonanz.competence.models.certificate import Certificate, CertificateReminder, CertificateReminderKind
from resonanz.competence.models.training import (
    EffectivenessCheck,
    EffectivenessResult,
    ParticipationStatus,
    Training,
    TrainingFormat,
    TrainingParticipation,
)

__all__ = [
    "Certificate",
    "CertificateReminder",
    "CertificateReminderKind",
    "ChannelRequirement",
    "Competence",
    "EffectivenessCheck",
    "EffectivenessResult",
    "ParticipationStatus",
    "RoleRequirement",
    "Training",
    "TrainingFormat",
    "TrainingParticipation",
]
