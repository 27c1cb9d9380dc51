"""Readable names for the actions in the audit trail; the trail itself keeps the stable codes.

Each app names its own actions with ``label_actions`` (the plan app from its ``ready``); a code
without a name is shown as it is.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_LABELS: dict[str, Promise | str] = {}


def label_actions(labels: dict[str, Promise | str]) -> None:
    _LABELS.update(labels)


def action_label(code: str) -> str:
    return str(_LABELS.get(code, code))


def has_label(code: str) -> bool:
    return code in _LABELS


label_actions(
    {
        "account.signed_in": _("Signed in"),
        "account.sign_in_failed": _("Failed sign-in"),
        "account.locked": _("Account locked after failed sign-ins"),
        "account.name_changed": _("Name changed"),
        "account.password_reset": _("Password reset"),
        "account.two_factor_enabled": _("Two-factor authentication switched on"),
        "account.two_factor_disabled": _("Two-factor authentication switched off"),
        "audit.exported": _("Audit trail exported"),
        "api_token.created": _("API token created"),
        "api_token.revoked": _("API token revoked"),
        "invitation.sent": _("Invitation sent"),
        "invitation.accepted": _("Invitation accepted"),
        "invitation.declined": _("Invitation declined"),
        "invitation.revoked": _("Invitation withdrawn"),
        "member.added": _("Member added"),
        "member.updated": _("Member changed"),
        "member.roles_changed": _("Roles changed"),
        "member.activated": _("Member activated"),
        "member.deactivated": _("Member deactivated"),
        "organization.created": _("Organization created"),
        "organization.updated": _("Organization settings changed"),
    }
)
