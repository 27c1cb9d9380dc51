"""Why the competence app processes personal data and how long it keeps it (see ``core/personal_data.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Purpose, Retention

COMPETENCE = Purpose(
    "competence_evidence",
    _("evidence of competence: trainings, certificates and their effectiveness (ISO 9001 7.2)"),
)
REMINDERS = Purpose("competence_reminders", _("reminding certificate holders of expiring certificates"))

WITH_THE_EVIDENCE = Retention(
    "competence_evidence",
    _("as long as the evidence of competence is kept as documented information (ISO 9001 7.2 d)"),
)
