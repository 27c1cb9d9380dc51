"""Why the standards app processes personal data and how long it keeps it (see ``core/personal_data.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Purpose, Retention

READINESS_NOTES = Purpose(
    "standards_readiness",
    _("recording who adopted a standard for the organization and who wrote a clause's readiness note"),
)
WITH_THE_ADOPTION = Retention(
    "standards_adoption",
    _("as long as the organization uses the standard; the audit trail keeps the history"),
)
