"""Why the advocacy app processes personal data and how long it keeps it (see ``core/personal_data.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Purpose, Retention

LIBRARY = Purpose(
    "advocacy_library",
    _("offering approved posts to employees for sharing, with a note for them (share library)"),
)
SHARING = Purpose(
    "advocacy_sharing",
    _("recording what employees shared from the library: their own list, and reach in figures"),
)
WITH_THE_ITEM = Retention("advocacy_with_item", _("as long as the post offered for sharing is kept"))
WHILE_MEMBER_OR_ERASED = Retention(
    "advocacy_until_erased",
    _("until the person's data is erased; then the share is kept without the person (counts only)"),
)
