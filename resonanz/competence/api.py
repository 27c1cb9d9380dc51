"""API endpoints of the competence app under /api/v1/competence.

Every change goes through ``resonanz.competence.actions``.
"""

from __future__ import annotations

from ninja import Router

router = Router(tags=["competence"])
