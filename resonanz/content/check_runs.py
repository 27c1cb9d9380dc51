"""Steps the editor's actions share: who works on a post, and storing a check run of its revision."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resonanz.content.checks.runner import counts, run_all
from resonanz.content.models import Post, PostCheckRun
from resonanz.core import audit
from resonanz.core.errors import ActionRefused
from resonanz.core.models import Membership
from resonanz.core.roles import Capability


def refuse_unless_visible(member: Membership, post: Post) -> None:
    """A writer who does not read all content (an ambassador) works only on their own posts."""
    if not member.can(Capability.VIEW_CONTENT) and post.author_id != member.pk:
        raise ActionRefused(_("You can work only on your own posts."), code="not_visible")


def record_check_run(member: Membership, post: Post) -> PostCheckRun:
    """Check the locked ``post`` and store the run of its current revision (a second run of the same
    revision replaces the first: the rules may have changed meanwhile). Call inside the action's
    transaction."""
    results = run_all(post)
    blocking, warnings = counts(results)
    run, _created = PostCheckRun.objects.update_or_create(
        post=post,
        revision=post.revision,
        defaults={"ran_at": timezone.now(), "results": results, "blocking": blocking, "warnings": warnings},
    )
    audit.record(
        post.organization,
        member,
        "content.checks_run",
        post,
        after={"revision": post.revision, "blocking": blocking, "warnings": warnings, "check_run": run.pk},
    )
    return run
