"""State changes of the competence app: named actions (``core.guards``) that write the audit trail."""

from resonanz.competence.actions.catalogue import (
    create_competence,
    deactivate_competence,
    remove_channel_requirement,
    remove_role_requirement,
    require_for_channel,
    require_for_role,
    update_competence,
)
from resonanz.competence.actions.certificates import (
    open_certificate_file,
    record_certificate,
    update_certificate,
)
from resonanz.competence.actions.exports import export_matrix
from resonanz.competence.actions.trainings import (
    create_training,
    enroll,
    plan_effectiveness_check,
    set_participation_status,
    update_effectiveness_check,
    update_training,
)

__all__ = [
    "create_competence",
    "create_training",
    "deactivate_competence",
    "enroll",
    "export_matrix",
    "open_certificate_file",
    "plan_effectiveness_check",
    "record_certificate",
    "remove_channel_requirement",
    "remove_role_requirement",
    "require_for_channel",
    "require_for_role",
    "set_participation_status",
    "update_certificate",
    "update_competence",
    "update_effectiveness_check",
    "update_training",
]
