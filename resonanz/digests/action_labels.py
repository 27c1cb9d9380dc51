"""How the digests' actions read in the audit trail (see ``resonanz.core.action_labels``)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from resonanz.core.action_labels import label_actions

ACTION_LABELS: dict[str, Promise | str] = {
    "digests.frequency_chosen": _("E-mail digest of the share library chosen"),
}


def register() -> None:
    label_actions(ACTION_LABELS)
