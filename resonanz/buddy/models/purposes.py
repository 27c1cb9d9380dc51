"""Why the buddy app processes personal data and how long it keeps it (see ``core/personal_data.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Purpose, Retention

PROGRAMME = Purpose(
    "buddy_programme",
    _("running the Social Media Buddy programme: matching, coaching and profile checks"),
)
SHARING = Purpose(
    "buddy_sharing",
    _("showing a coached colleague's progress to the programme managers, when the colleague agreed"),
)
WHILE_IN_PROGRAMME = Retention(
    "buddy_while_in_programme",
    _("while the person takes part in the programme; removed or anonymised after leaving the organization"),
)
