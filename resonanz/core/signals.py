"""Signals other apps listen to. Sent inside the action's transaction."""

from __future__ import annotations

from django.dispatch import Signal

# Sent with ``organization`` and ``actor`` when an organization is created, so that later apps
# (channels, audiences and topics of the plan, say) can give it sensible defaults in one transaction.
organization_created = Signal()

# Sent with ``membership`` (now inactive) and ``actor`` (or None) when a member leaves or is
# deactivated, inside the deactivating action's transaction: apps end what the person held
# (coaching pairs, event registrations) there, with their own audit records.
member_left = Signal()
