"""API endpoints of the events app under /api/v1/events.

Every change goes through ``resonanz.events.actions``.
"""

from __future__ import annotations

from ninja import Router

router = Router(tags=["events"])
