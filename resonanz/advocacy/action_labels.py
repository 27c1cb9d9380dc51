"""How the share library's actions read in the audit trail (see ``resonanz.core.action_labels``)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from resonanz.core.action_labels import label_actions

ACTION_LABELS: dict[str, Promise | str] = {
    "advocacy.item_offered": _("Post offered for sharing"),
    "advocacy.item_withdrawn": _("Post withdrawn from the share library"),
    "advocacy.shared": _("Post shared from the share library"),
    "advocacy.share_text_changed": _("Text of a share copied again"),
}


def register() -> None:
    label_actions(ACTION_LABELS)
