"""API endpoints of the buddy app under /api/v1/buddy.

Every change goes through ``resonanz.buddy.actions``.
"""

from __future__ import annotations

from ninja import Router

router = Router(tags=["buddy"])
