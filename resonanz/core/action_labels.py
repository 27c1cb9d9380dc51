"""Readable names for the actions in the audit trail; the trail itself keeps the stable codes.

Each app names its own actions with ``label_actions`` (the plan app from its ``ready``); a code
without a name is shown as it is. Readers see the names; the codes stay where machines read (the
JSON export, the API) and in the technical details of a record.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_LABELS: dict[str, Promise | str] = {}
# Actions that read or hand out data without changing it (exports, downloads): recorded in the trail,
# but not what the start page means by "latest changes".
_READS: set[str] = {"audit.exported"}


def label_actions(labels: dict[str, Promise | str]) -> None:
    _LABELS.update(labels)


def mark_reads(codes: set[str] | frozenset[str]) -> None:
    _READS.update(codes)


def read_actions() -> frozenset[str]:
    """The codes of actions that change nothing (see ``mark_reads``)."""
    return frozenset(_READS)


def action_label(code: str) -> str:
    return str(_LABELS.get(code, code))


def has_label(code: str) -> bool:
    return code in _LABELS


def codes_matching(words: str) -> set[str]:
    """The codes whose name contains ``words`` in any of the offered languages, or whose code does.

    "freigegeben" and "approved" both find ``plan.version_approved``. The work is bounded by the
    number of named actions, whatever is typed.
    """
    wanted = words.strip().casefold()
    if not wanted:
        return set()
    found = {code for code in _LABELS if wanted in code.casefold()}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            found |= {code for code, label in _LABELS.items() if wanted in str(label).casefold()}
    return found


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
