"""Why the audits app processes personal data and how long it keeps it (``core/personal_data.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Purpose, Retention

AUDITS = Purpose(
    "internal_audits",
    _("the internal audit programme: auditors, audited persons, results and notes (ISO 9001 9.2)"),
)
WITH_THE_PROGRAMME = Retention(
    "internal_audits",
    _("as long as the audit programme and its results are kept as documented information (ISO 9001 9.2.2)"),
)
