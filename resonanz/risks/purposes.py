"""Why the risks app processes personal data and how long it keeps it (``core/personal_data.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Purpose, Retention

RISKS = Purpose(
    "risk_register",
    _("the register of risks and opportunities: owners of risks and actions, reviewers (ISO 9001 6.1)"),
)
WITH_THE_REGISTER = Retention(
    "risk_register",
    _("as long as the risk register is kept as documented information (ISO 9001 6.1)"),
)
