"""What to tell a member when a network did not confirm an account they are connecting."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from resonanz.core.errors import ActionRefused
from resonanz.publishing.connectors.base import AuthExpired, Outcome, Transient


def connection_refused(outcome: Outcome, network_name: str) -> ActionRefused:
    """The refusal for a connector's outcome; never carries the outcome's detail (it may name secrets)."""
    if isinstance(outcome, AuthExpired):
        return ActionRefused(
            _("%(network)s did not accept these details. Check them and try again."),
            params={"network": network_name},
            code="not_accepted",
        )
    if isinstance(outcome, Transient):
        return ActionRefused(
            _("%(network)s could not be reached. Please try again in a few minutes."),
            params={"network": network_name},
            code="unreachable",
        )
    return ActionRefused(
        _("%(network)s refused the connection (%(reason)s)."),
        params={"network": network_name, "reason": outcome.code[:40]},
        code="refused",
    )
