"""Why the consent app processes personal data and how long it keeps it (see ``core/personal_data.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Purpose, Retention

CONSENT_PROOF = Purpose(
    "consent_proof",
    _("recording which consents a person gave or withdrew, to which text and when (Art. 7(1) GDPR)"),
)
ANALYTICS_SETTINGS = Purpose(
    "analytics_settings", _("recording who switched the organization's analytics and privacy settings")
)
WITH_CONSENT_HISTORY = Retention(
    "consent_history",
    _("as long as the person is a member; the history stays as proof of what was consented to and when"),
)
WITH_THE_SETTINGS = Retention("analytics_settings", _("until the next change of the settings"))
