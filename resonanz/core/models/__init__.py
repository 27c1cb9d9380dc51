"""The core models: users, organizations, memberships, the audit trail and API tokens."""

from resonanz.core.imports.models import ImportJobBase
from resonanz.core.models.account_event import AccountEvent
from resonanz.core.models.audit import AuditCheckpoint, AuditRecord, HashVersion
from resonanz.core.models.heartbeat import WorkerHeartbeat
from resonanz.core.models.invitation import Invitation, InvitationStatus
from resonanz.core.models.membership import Membership, MembershipRole
from resonanz.core.models.organization import Organization
from resonanz.core.models.token import ApiToken
from resonanz.core.models.user import User

__all__ = [
    "AccountEvent",
    "ApiToken",
    "AuditCheckpoint",
    "AuditRecord",
    "HashVersion",
    "ImportJobBase",
    "Invitation",
    "InvitationStatus",
    "Membership",
    "MembershipRole",
    "Organization",
    "User",
    "WorkerHeartbeat",
]
