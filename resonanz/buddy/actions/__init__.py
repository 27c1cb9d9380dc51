"""State changes of the buddy app: named actions (``core.guards``) that write the audit trail.

Import them from here: ``from resonanz.buddy import actions``.
"""

from resonanz.buddy.actions.buddies import save_buddy_profile
from resonanz.buddy.actions.checks import (
    create_criterion,
    delete_criterion,
    move_criterion,
    record_profile_check,
    update_criterion,
)
from resonanz.buddy.actions.coaching import (
    add_campaign,
    add_milestone,
    add_session,
    update_campaign,
    update_coaching_plan,
    update_milestone,
    update_session,
)
from resonanz.buddy.actions.leavers import end_programme_of_leaver
from resonanz.buddy.actions.matching import run_matching, update_matching_weights
from resonanz.buddy.actions.opt_ins import opt_in, opt_out
from resonanz.buddy.actions.pairs import end_pair, move_coachee, pin_pair

__all__ = [
    "add_campaign",
    "add_milestone",
    "add_session",
    "create_criterion",
    "delete_criterion",
    "end_pair",
    "end_programme_of_leaver",
    "move_coachee",
    "move_criterion",
    "opt_in",
    "opt_out",
    "pin_pair",
    "record_profile_check",
    "run_matching",
    "save_buddy_profile",
    "update_campaign",
    "update_coaching_plan",
    "update_criterion",
    "update_matching_weights",
    "update_milestone",
    "update_session",
]
