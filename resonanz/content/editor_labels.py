"""How the editor's actions (posts, checks, campaigns, guideline rules) read in the audit trail."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from resonanz.core.action_labels import label_actions

ACTION_LABELS: dict[str, Promise | str] = {
    "content.campaign_created": _("Campaign created"),
    "content.campaign_changed": _("Campaign changed"),
    "content.campaign_activated": _("Campaign switched on"),
    "content.campaign_deactivated": _("Campaign switched off"),
    "content.guideline_rule_added": _("Guideline rule added"),
    "content.guideline_rule_changed": _("Guideline rule changed"),
    "content.guideline_rule_removed": _("Guideline rule removed"),
    "content.checks_run": _("Post checked"),
    "content.post_created": _("Post written"),
    "content.post_changed": _("Post changed"),
    "content.post_submitted": _("Post submitted for approval"),
    "content.post_archived": _("Post archived"),
    "content.image_added": _("Image added to a post"),
    "content.image_described": _("Alternative text of an image changed"),
    "content.image_moved": _("Image of a post moved"),
    "content.image_removed": _("Image removed from a post"),
}


def register() -> None:
    label_actions(ACTION_LABELS)
