"""Why the core app processes personal data and how long it keeps it (see ``core/personal_data.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Purpose, Retention

ACCOUNTS = Purpose("accounts", _("user accounts and sign-in"))
MEMBERS = Purpose("members", _("managing the organization's members, their roles and responsibilities"))
ACCOUNT_SECURITY = Purpose("account_security", _("protecting accounts and the API against misuse"))
AUDIT_TRAIL = Purpose(
    "audit_trail", _("audit trail of changes, kept as documented information (ISO 9001 7.5.3)")
)

WHILE_ACCOUNT_EXISTS = Retention("account", _("as long as the account exists"))
WHILE_MEMBER = Retention("membership", _("as long as the person is a member of the organization"))
INVITATION_RETENTION = Retention(
    "invitation", _("as long as the organization keeps its member records; the address only, no name")
)
AUDIT_RETENTION = Retention(
    "audit_trail",
    _("as long as the audit trail is kept; names in it can be erased earlier, the records stay"),
)
