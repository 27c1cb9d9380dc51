"""Running the checks on a post: the results of its current revision, kept as release evidence."""

from __future__ import annotations

from django.db import transaction

from resonanz.content.check_runs import record_check_run, refuse_unless_visible
from resonanz.content.models import Post, PostCheckRun
from resonanz.core.guards import action
from resonanz.core.models import Membership
from resonanz.core.roles import Capability


@action(Capability.WRITE_POSTS, Capability.APPROVE_POSTS)
def run_checks(member: Membership, post: Post) -> PostCheckRun:
    """Check the post's current revision: lengths, guideline rules, personal data, images, plan."""
    with transaction.atomic():
        locked = Post.objects.select_for_update().select_related("organization").get(pk=post.pk)
        refuse_unless_visible(member, locked)
        return record_check_run(member, locked)
