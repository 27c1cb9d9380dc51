"""Seeders of the content app for the outsider walk (see resonanz/core/tests/outsider_seed.py)."""

from __future__ import annotations

from resonanz.content.tests import outsider_seed_approval, outsider_seed_posts  # noqa: F401  (registers their seeders)
