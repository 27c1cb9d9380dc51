"""Which version of a consent text applies now."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.consent.models import ConsentPurpose, ConsentText
from resonanz.core.errors import ActionRefused


def current_text(purpose: ConsentPurpose) -> ConsentText:
    """The latest published text of ``purpose``: what a person consents to now."""
    text = (
        ConsentText.objects.filter(purpose=purpose, published_at__lte=timezone.now())
        .order_by("-version")
        .first()
    )
    if text is None:
        raise ActionRefused(_("There is no published text for this consent yet."), field="purpose")
    return text
