"""API endpoints of the people app under /api/v1/people.

Every change goes through ``resonanz.people.actions``.
"""

from __future__ import annotations

from ninja import Router

router = Router(tags=["people"])
