"""pytest plugin for mutation runs (``scripts/mutation``): build the SQLite test database once.

mutmut runs the tests once for every mutant, each run a pytest session of its own. Building the test
database with every migration took most of each session (3–9 s for tests that take a tenth of that).
With this plugin (``-p resonanz.core.tests.kept_database --reuse-db``) the first session builds the
database into a file in the working directory and keeps it; every later session works on a copy of its
own, so parallel mutmut workers do not share one, and removes the copy when it ends. It also runs the
quickest tests first (by the times mutmut measured), so that a mutant one quick test notices is not
first put through the slow ones: mutmut stops at the first failure.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

TEMPLATE = "kept-test-database.sqlite3"


def _copy_name() -> Path:
    return Path.cwd() / f"kept-test-database-{os.getpid()}.sqlite3"


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return
    template = Path.cwd() / TEMPLATE
    name = template
    if template.exists():
        name = _copy_name()
        shutil.copyfile(template, name)
    database.setdefault("TEST", {})["NAME"] = str(name)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    measured = Path.cwd() / "mutmut-stats.json"
    if not measured.exists():
        return
    durations: dict[str, float] = json.loads(measured.read_text()).get("duration_by_test", {})
    items.sort(key=lambda item: durations.get(item.nodeid, 0.0))


def pytest_unconfigure(config: pytest.Config) -> None:
    # Close the connection before the session ends: mutmut forks its workers from the process that ran
    # the first sessions, and a worker must not inherit an open SQLite connection.
    from django.db import connections

    connections.close_all()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{_copy_name()}{suffix}").unlink(missing_ok=True)
