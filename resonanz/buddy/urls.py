"""URLs of the buddy pages, mounted at ``/o/<org>/buddy/``. Object ids are named ``<model_name>_id``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from resonanz.buddy.views import coaching, criteria, figures, programme

app_name = "buddy"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", programme.buddy_index, name="buddy_index"),
    path("runs/", programme.buddy_run, name="buddy_run"),
    path("runs/<int:matching_run_id>/", programme.buddy_run_detail, name="buddy_run_detail"),
    path("runs/<int:matching_run_id>/state/", programme.buddy_run_state, name="buddy_run_state"),
    path("buddies/new/", programme.buddy_buddy_new, name="buddy_buddy_new"),
    path("buddies/<int:buddy_profile_id>/", programme.buddy_buddy_edit, name="buddy_buddy_edit"),
    path("weights/", programme.buddy_weights, name="buddy_weights"),
    path("criteria/", criteria.buddy_criteria, name="buddy_criteria"),
    path(
        "criteria/<int:profile_check_criterion_id>/",
        criteria.buddy_criterion_edit,
        name="buddy_criterion_edit",
    ),
    path(
        "criteria/<int:profile_check_criterion_id>/move/",
        criteria.buddy_criterion_move,
        name="buddy_criterion_move",
    ),
    path(
        "criteria/<int:profile_check_criterion_id>/active/",
        criteria.buddy_criterion_active,
        name="buddy_criterion_active",
    ),
    path(
        "criteria/<int:profile_check_criterion_id>/delete/",
        criteria.buddy_criterion_delete,
        name="buddy_criterion_delete",
    ),
    path("pairs/pin/", programme.buddy_pair_pin, name="buddy_pair_pin"),
    path("pairs/<int:pair_id>/", programme.buddy_pair, name="buddy_pair"),
    path("pairs/<int:pair_id>/move/", programme.buddy_pair_move, name="buddy_pair_move"),
    path("pairs/<int:pair_id>/end/", programme.buddy_pair_end, name="buddy_pair_end"),
    path("pairs/<int:pair_id>/goals/", coaching.buddy_pair_goals, name="buddy_pair_goals"),
    path("pairs/<int:pair_id>/sessions/", coaching.buddy_pair_session, name="buddy_pair_session"),
    path("pairs/<int:pair_id>/milestones/", coaching.buddy_pair_milestone, name="buddy_pair_milestone"),
    path("pairs/<int:pair_id>/campaigns/", coaching.buddy_pair_campaign, name="buddy_pair_campaign"),
    path("pairs/<int:pair_id>/checks/", coaching.buddy_pair_check, name="buddy_pair_check"),
    path("milestones/<int:milestone_id>/done/", coaching.buddy_milestone_done, name="buddy_milestone_done"),
    path("coachees/", coaching.buddy_coachees, name="buddy_coachees"),
    path("coaching/", coaching.buddy_coaching, name="buddy_coaching"),
    path("opt-in/", coaching.buddy_opt_in, name="buddy_opt_in"),
    path("opt-out/", coaching.buddy_opt_out, name="buddy_opt_out"),
    path("figures/", figures.buddy_aggregates, name="buddy_aggregates"),
    path("personal-data/", figures.buddy_personal_data, name="buddy_personal_data"),
]
