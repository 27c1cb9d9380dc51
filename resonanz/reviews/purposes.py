"""Why the reviews app processes personal data and how long it keeps it (``core/personal_data.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from resonanz.core.personal_data import Purpose, Retention

MANAGEMENT_REVIEWS = Purpose(
    "management_reviews",
    _(
        "management reviews: who chaired and took part, the minutes, owners of the decided actions "
        "(ISO 9001 9.3)"
    ),
)
WITH_THE_REVIEW = Retention(
    "with_the_review",
    _("as long as the management review is kept as retained documented information (ISO 9001 9.3.3)"),
)
