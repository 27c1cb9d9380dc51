"""Quality objectives (ISO 9001 6.2): measurable objectives, their data and how they are doing."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from resonanz.core.models import Organization
    from resonanz.objectives.evaluation import Evaluation


def objectives_at_risk(organization: Organization) -> list[Evaluation]:
    """The organization's active objectives that are at risk or missed, worst first (the QO's start page)."""
    from resonanz.objectives.evaluation import objectives_at_risk as find

    return find(organization)
