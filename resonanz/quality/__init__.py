"""Incidents, nonconformities and corrective actions (ISO 9001 clauses 8.7 and 10.2).

Other apps open incidents through ``open_incident_from`` (idempotent by a source key), never by
writing the models themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from resonanz.core.models import Organization
    from resonanz.quality.models import Incident


def open_incident_from(organization: Organization, **values: Any) -> Incident:
    """Open an incident for an automatic source (a monitoring alarm, an internal audit), or return the
    one that source already opened: see ``resonanz.quality.actions.open_incident_from``."""
    from resonanz.quality.actions import open_incident_from as opening

    return opening(None, organization, **values)
