"""Why the monitoring app keeps mentions and who acted, and for how long (see ``core/personal_data.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Purpose, Retention

MONITORING = Purpose(
    "monitoring_mentions",
    _(
        "the shitstorm early warning: public mentions of and replies to the organization, their tone and "
        "volume per hour, and the alarms raised from them"
    ),
)
MONITORING_DUTIES = Purpose(
    "monitoring_duties",
    _("who is on call for monitoring alarms and who imported mentions"),
)
MENTIONS_KEPT = Retention(
    "monitoring_mentions",
    _("mentions are deleted after RESONANZ_MENTION_RETENTION_DAYS days (default 90)"),
)
WITH_THE_SETTINGS = Retention("monitoring_settings", _("until the next change of the monitoring settings"))
WITH_THE_IMPORT = Retention("monitoring_import", _("as long as the record of the import is kept"))
