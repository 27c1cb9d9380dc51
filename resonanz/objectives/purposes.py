"""Why the objectives app processes personal data and how long it keeps it (``core/personal_data.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Purpose, Retention

OBJECTIVES = Purpose(
    "quality_objectives",
    _("quality objectives: who owns an objective and who recorded its values (ISO 9001 6.2)"),
)
WITH_THE_OBJECTIVE = Retention(
    "quality_objectives",
    _("as long as the quality objective is kept as documented information (ISO 9001 6.2.1)"),
)
