"""Signals other apps listen to. Sent inside the action's transaction."""

from __future__ import annotations

from django.dispatch import Signal

# Sent with ``organization`` and ``actor`` when an organization is created, so that later apps
# (channels, audiences and topics of the plan, say) can give it sensible defaults in one transaction.
organization_created = Signal()
