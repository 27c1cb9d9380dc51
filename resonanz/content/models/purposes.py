"""Why the content app processes personal data and how long it keeps it (see ``core/personal_data.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Purpose, Retention

PUBLISHING = Purpose(
    "content_publishing",
    _("writing, checking, approving and publishing posts, and keeping them as release evidence"),
)
RELEASE_EVIDENCE = Retention(
    "content_release_evidence",
    _("as long as the organization keeps release evidence for its quality management system"),
)
