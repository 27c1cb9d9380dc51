"""Every API module imports on its own: the top-level ``resonanz.api`` only assembles the routers."""

from __future__ import annotations

from pathlib import Path

import pytest

from resonanz.core.tests.processes import PROJECT_ROOT, PYTHON, clean_env, run

# Uses no test database (its own SQLite installation, or none): run once, in the SQLite run.
pytestmark = pytest.mark.single_run

PACKAGE = PROJECT_ROOT / "resonanz"


def _api_modules() -> list[str]:
    """``resonanz/api*.py`` and every app's ``api*.py``: what routers are built from, and the routers."""
    files = [*PACKAGE.glob("api*.py"), *PACKAGE.glob("*/api*.py")]
    return sorted(".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts) for path in files)


def test_the_app_routers_are_found() -> None:
    assert {"resonanz.core.api", "resonanz.plan.api", "resonanz.plan.api_schemas", "resonanz.api"} <= set(
        _api_modules()
    )


@pytest.mark.parametrize("module", _api_modules())
def test_each_api_module_imports_alone_in_a_fresh_interpreter(module: str, tmp_path: Path) -> None:
    # A module that imports resonanz.api, which imports the routers back, fails here when it is the
    # first one imported (ImportError from a partially initialised module).
    code = f"import django; django.setup(); import {module}"
    env = clean_env(tmp_path, DJANGO_SETTINGS_MODULE="resonanz.settings")
    result = run([PYTHON, "-c", code], env)
    assert result.returncode == 0, result.stderr[-2000:]


def test_no_router_imports_the_assembly() -> None:
    """Only the URL configuration (and tests) may import ``resonanz.api``: the apps build on its parts."""
    importers = [
        str(path.relative_to(PROJECT_ROOT))
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.parts
        and path != PACKAGE / "urls.py"
        and any(
            line.startswith("from resonanz.api import") or line.strip() == "import resonanz.api"
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert importers == []
