"""Why the publishing app processes personal data and how long it keeps it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Purpose, Retention

ACCOUNTS = Purpose(
    "publishing_accounts",
    _("publishing on network accounts that the organization or an employee connected"),
)
WHILE_CONNECTED = Retention(
    "publishing_while_connected",
    _("while the account is connected; the secrets are deleted when it is disconnected"),
)
