"""How the buddy programme's actions read in the audit trail."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from resonanz.core.action_labels import label_actions

ACTION_LABELS: dict[str, Promise | str] = {
    "buddy.buddy_created": _("Buddy added"),
    "buddy.buddy_updated": _("Buddy profile changed"),
    "buddy.opted_in": _("Opted in to coaching"),
    "buddy.opt_in_updated": _("Coaching opt-in changed"),
    "buddy.opted_out": _("Opted out of coaching"),
    "buddy.weights_updated": _("Matching weights changed"),
    "buddy.matching_run": _("Buddy matching run"),
    "buddy.matching_queued": _("Buddy matching queued for the worker"),
    "buddy.matching_failed": _("Buddy matching failed"),
    "buddy.pair_pinned": _("Pair set by hand"),
    "buddy.coachee_moved": _("Colleague moved to another buddy"),
    "buddy.pair_ended": _("Pair ended"),
    "buddy.pair_ended_leaver": _("Pair ended: a member left the organization"),
    "buddy.opt_in_withdrawn_leaver": _("Coaching opt-in withdrawn: the colleague left the organization"),
    "buddy.buddy_deactivated_leaver": _("Buddy deactivated: left the organization"),
    "buddy.plan_updated": _("Coaching goals changed"),
    "buddy.session_added": _("Coaching session planned"),
    "buddy.session_updated": _("Coaching session changed"),
    "buddy.milestone_added": _("Milestone added"),
    "buddy.milestone_updated": _("Milestone changed"),
    "buddy.campaign_added": _("Topic campaign added"),
    "buddy.campaign_updated": _("Topic campaign changed"),
    "buddy.criterion_created": _("Profile check criterion added"),
    "buddy.criterion_updated": _("Profile check criterion changed"),
    "buddy.criterion_moved": _("Profile check criterion moved"),
    "buddy.criterion_deleted": _("Profile check criterion deleted"),
    "buddy.profile_checked": _("Profile check recorded"),
}


def register() -> None:
    label_actions(ACTION_LABELS)
