"""Why the digests app processes personal data and how long it keeps it (see ``core/personal_data.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Purpose, Retention

DIGESTS = Purpose(
    "digests",
    _("e-mailing a person the posts newly offered for sharing, as often as they chose"),
)
WHILE_MEMBER = Retention("digests_while_member", _("as long as the person is a member of the organization"))
