"""Why the reach app keeps figures per person and unit, and for how long (see ``core/personal_data.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Purpose, Retention

REACH_FIGURES = Purpose(
    "reach_figures",
    _(
        "daily reach figures by campaign, topic, network, unit and person; a person's figures are shown "
        "to that person, to others only with the organization's switch and the person's consent"
    ),
)
WITH_THE_CLICKS = Retention(
    "reach_with_clicks", _("as long as the daily click counts of the tracked links they are made from")
)
