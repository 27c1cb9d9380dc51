"""Run resonanz as a real process, with a clean environment, for the CLI and configuration tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[3]
RESONANZ = PROJECT_ROOT / ".venv" / "bin" / "resonanz"
PYTHON = Path(sys.executable)

# Variables a test run may carry (for example DATABASE_URL for PostgreSQL) that would leak into the
# child and change what it does.
_CONFIGURATION_PREFIXES = (
    "RESONANZ_",
    "DJANGO_",
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "EMAIL_",
    "CSRF_",
    "PYTEST_",
    "AWS_",
)


def clean_env(data_dir: Path, **values: str) -> dict[str, str]:
    """The parent's environment without resonanz configuration, plus a data directory and ``values``."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(_CONFIGURATION_PREFIXES)}
    env.update({"RESONANZ_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1", "LANG": "C.UTF-8"})
    env.update(values)
    return env


def run(
    args: list[str | Path], env: dict[str, str], stdin: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(arg) for arg in args],
        env=env,
        cwd=PROJECT_ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def resonanz(*args: str, env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed ``resonanz`` console script."""
    return run([RESONANZ, *args], env, stdin)


def django_setup(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run(
        [PYTHON, "-c", "import django; django.setup()"],
        {**env, "DJANGO_SETTINGS_MODULE": "resonanz.settings"},
    )
