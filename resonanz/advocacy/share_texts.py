"""An ambassador's text for a share: the personal short link put in, and the content app's text checks.

The checks are the content app's own (``content.checks.runner.run_for_text``: length per network, the
guideline with the employee disclosure rule, personal data), shown with its sentences
(``content.check_messages``). Blocking findings refuse the share; warnings are shown and do not block.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from resonanz.content.check_messages import describe, shown
from resonanz.content.checks.runner import BLOCK, Result, run_for_text
from resonanz.content.models import Post
from resonanz.core.errors import ActionRefused
from resonanz.core.text import clean_text


def with_short_link(text: str, post_link: str, short: str) -> str:
    """``text`` with the post's link replaced by the personal short address, or the address appended
    when the text does not contain the link (nothing changes without a short address)."""
    if not short:
        return text
    if post_link and post_link in text:
        return text.replace(post_link, short)
    if short in text:
        return text
    return f"{text}\n\n{short}" if text else short


def final_text(text: Any, suggested: str, post_link: str, short: str, max_length: int) -> str:
    """The text to share: the member's (the suggested text when empty), bounded, with the short link."""
    raw = str(text) if text is not None else ""
    if len(raw) > max_length:
        raise ActionRefused(
            _("Use at most %(count)s characters."),
            params={"count": max_length},
            field="text",
            code="too_long",
        )
    chosen = clean_text(raw) or suggested
    return with_short_link(chosen, post_link, short)


def check_text(post: Post, network: str, text: str) -> list[Result]:
    """The content app's text checks of a share's text (it goes out on an employee's own account)."""
    return run_for_text(post, network, text, employee=True)


def blocking(results: list[Result]) -> list[Result]:
    return [result for result in results if result["severity"] == BLOCK]


class TextRefused(ActionRefused):
    """The share's text has blocking findings; ``results`` holds every finding (warnings too)."""

    def __init__(self, results: list[Result]) -> None:
        sentences = " ".join(describe(result) for result in blocking(results))
        super().__init__(
            _("The text cannot be shared as it is: %(findings)s"),
            params={"findings": sentences},
            field="text",
            code="check_failed",
        )
        self.results = results

    def shown(self) -> list[dict[str, Any]]:
        return shown(self.results)


def refuse_if_blocked(results: list[Result]) -> None:
    if blocking(results):
        raise TextRefused(results)
