from __future__ import annotations

from resonanz.reach.tests.conftest import log_folder, manager, redirector  # noqa: F401  (fixtures)
