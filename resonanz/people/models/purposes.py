"""Why the people app processes personal data and how long it keeps it (see ``core/personal_data.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Purpose, Retention

PROFILES = Purpose(
    "people_profiles",
    _("knowing colleagues' expertise, languages and social profiles for communication and coaching"),
)
WHILE_MEMBER = Retention(
    "people_while_member",
    _("while the person belongs to the organization; anonymised after leaving (data-protection settings)"),
)
IMPORT = Purpose("people_import", _("importing people from an HR export"))
IMPORT_JOB = Retention(
    "people_import",
    _("as long as the import is listed; the uploaded file is deleted when the import has finished or failed"),
)
