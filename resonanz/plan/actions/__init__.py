"""Actions of the plan app: the only functions that change channels, audiences, topics, plans and rows.

Each takes the acting member, checks the member's capability again, runs in one transaction and
writes its audit record. Import them from here: ``from resonanz.plan import actions``.
"""

from resonanz.plan.actions.reference import (
    create_audience,
    create_channel,
    create_topic,
    deactivate_audience,
    deactivate_channel,
    deactivate_topic,
    update_audience,
    update_channel,
    update_topic,
)
from resonanz.plan.actions.rows import add_row, delete_row, reorder_rows, update_row
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
from resonanz.plan.evidence import link_evidence, mark_occurrence_done, open_evidence_file

__all__ = [
    "IncompleteRows",
    "add_comment",
    "add_row",
    "approve_version",
    "create_audience",
    "create_channel",
    "create_plan",
    "create_topic",
    "deactivate_audience",
    "deactivate_channel",
    "deactivate_topic",
    "delete_row",
    "incomplete_rows",
    "is_contributor",
    "link_evidence",
    "mark_occurrence_done",
    "mark_plan_reviewed",
    "next_review_date",
    "open_evidence_file",
    "publish_version",
    "reject_version",
    "reorder_rows",
    "start_new_draft",
    "submit_for_review",
    "update_audience",
    "update_channel",
    "update_plan",
    "update_row",
    "update_topic",
]
