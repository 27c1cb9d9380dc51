"""Why a delivery failed, in words a member understands: the stable codes of the connectors and worker.

Connectors report a ``code`` (``resonanz.publishing.connectors.base.Outcome``); the worker adds its own
(``too_late``, ``not_approved`` …). The code is stored on the delivery and translated when shown, so a
member reads the reason in their language; an unknown code falls back to a general sentence.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

REASONS: dict[str, Any] = {
    # The worker's own reasons.
    "not_approved": _("The post is no longer approved in the scheduled revision; it was not sent."),
    "account_not_connected": _("The account is no longer connected; it was not sent."),
    "too_late": _("The post could not be sent in time and was not sent so late."),
    "too_many_attempts": _("The network refused the post too often for a passing reason; it was not sent."),
    "not_published": _("A person checked the network: the post is not there."),
    "unreadable_credentials": _("The account's stored access cannot be read; reconnect the account."),
    "no_connector": _("resonanz cannot publish to this network."),
    "crashed": _("The sending stopped midway and the network cannot say whether the post is there."),
    # The connectors' codes.
    "auth_expired": _("The account's access has expired; the account must be reconnected."),
    "unauthorized": _("The network refused the account's access; the account must be reconnected."),
    "forbidden": _("The network does not allow this account to post this."),
    "too_long": _("The text is too long for this network."),
    "empty": _("The post is empty."),
    "duplicate": _("The network refused the post as a duplicate of an earlier one."),
    "image_too_large": _("An image is too large for this network."),
    "media_too_large": _("An image is too large for this network."),
    "media_type": _("An image has a type this network does not take."),
    "too_many_images": _("The post has more images than this network takes."),
    "alt_text_too_long": _("An image's alternative text is too long for this network."),
    "media_processing": _("The network could not process an image."),
    "rate_limited": _("The network asked to wait before posting again."),
    "server_error": _("The network had a fault."),
    "gateway_error": _("The network had a fault."),
    "unreachable": _("The network could not be reached."),
    "network_error": _("The network could not be reached."),
    "timeout": _("The network did not answer in time; whether the post is there is unknown."),
    "connection_lost": _("The connection broke off; whether the post is there is unknown."),
    "no_answer": _("The network did not answer; whether the post is there is unknown."),
    "invalid": _("The network refused the post as invalid."),
    "rejected": _("The network refused the post."),
    "delete_unsupported": _("resonanz cannot delete posts on this network; please delete it there by hand."),
    "not_own_post": _("The post belongs to another account."),
}
GENERAL = _("The network refused the post.")


def reason(code: str) -> Any:
    """The translated reason for a failure ``code`` (lazy: rendered in the reader's language)."""
    return REASONS.get(code, GENERAL) if code else ""
