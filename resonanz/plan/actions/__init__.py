"""Actions of the plan app: the only functions that change the plan's data or record who took it.

Each takes the acting member and is declared with ``core.guards.action``, which checks the member's
capability and that every object belongs to the member's organization; the body runs in one
transaction and writes its audit record. Import them from here: ``from resonanz.plan import
actions``. Imports (``actions.imports``), exports (``actions.exports``) and the review reminders of
the worker (``actions.reminders``) have modules of their own.
"""

from resonanz.plan.actions.evidence import link_evidence, mark_occurrence_done, open_evidence_file
from resonanz.plan.actions.explanations import (
    close_corrective_action,
    create_corrective_action,
    explain_missed_date,
)
from resonanz.plan.actions.header import update_version_header
from resonanz.plan.actions.reference import (
    create_audience,
    create_channel,
    create_miss_reason,
    create_topic,
    deactivate_audience,
    deactivate_channel,
    deactivate_miss_reason,
    deactivate_topic,
    update_audience,
    update_channel,
    update_miss_reason,
    update_topic,
)
from resonanz.plan.actions.rows import add_row, delete_row, reorder_rows, update_row
from resonanz.plan.actions.version_reviews import name_reviewers, review_version
from resonanz.plan.actions.versions import (
    IncompleteRows,
    add_comment,
    approve_version,
    create_plan,
    incomplete_rows,
    is_contributor,
    mark_plan_reviewed,
    next_review_date,
    publish_version,
    reject_version,
    start_new_draft,
    submit_for_review,
    update_plan,
)

__all__ = [
    "IncompleteRows",
    "add_comment",
    "add_row",
    "approve_version",
    "close_corrective_action",
    "create_audience",
    "create_channel",
    "create_corrective_action",
    "create_miss_reason",
    "create_plan",
    "create_topic",
    "deactivate_audience",
    "deactivate_channel",
    "deactivate_miss_reason",
    "deactivate_topic",
    "delete_row",
    "explain_missed_date",
    "incomplete_rows",
    "is_contributor",
    "link_evidence",
    "mark_occurrence_done",
    "mark_plan_reviewed",
    "name_reviewers",
    "next_review_date",
    "open_evidence_file",
    "publish_version",
    "reject_version",
    "reorder_rows",
    "review_version",
    "start_new_draft",
    "submit_for_review",
    "update_audience",
    "update_channel",
    "update_miss_reason",
    "update_plan",
    "update_row",
    "update_topic",
    "update_version_header",
]
