"""Why the links app processes personal data and how long it keeps it (see ``core/personal_data.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Purpose, Retention

REACH = Purpose(
    "links_reach",
    _("measuring how often shared content is clicked, without storing who clicked (tracked links)"),
)
WITH_THE_LINK = Retention("links_with_link", _("as long as the tracked link exists"))
RAW_CLICKS = Retention(
    "links_raw_clicks",
    _("raw click events: deleted after RESONANZ_CLICK_RETENTION_DAYS days (default 90); salts: one day"),
)
