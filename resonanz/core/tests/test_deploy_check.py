"""Production settings pass Django's deployment checks; weakening them is noticed."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from resonanz.core.tests.processes import clean_env, resonanz
from resonanz.environment import fernet_key

# Uses no test database (its own SQLite installation, or none): run once, in the SQLite run.
pytestmark = pytest.mark.single_run


def production_env(data_dir: Path, **overrides: str) -> dict[str, str]:
    values = {
        "RESONANZ_PRODUCTION": "1",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "RESONANZ_ENCRYPTION_KEY": fernet_key(),
        "ALLOWED_HOSTS": "resonanz.example.com",
        "RESONANZ_SITE_URL": "https://resonanz.example.com",
        "RESONANZ_DEBUG": "0",
    }
    return clean_env(data_dir, **{**values, **overrides})


def test_production_settings_pass_the_deployment_check_at_warning_level(tmp_path: Path) -> None:
    result = resonanz("check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("overrides", "check_id"),
    [
        ({"RESONANZ_DEBUG": "1"}, "security.W018"),
        ({"RESONANZ_HSTS_SECONDS": "0"}, "security.W004"),
        ({"RESONANZ_SSL_REDIRECT": "0"}, "security.W008"),
    ],
    ids=["debug", "no-hsts", "no-ssl-redirect"],
)
def test_the_deployment_check_notices_weakened_settings(
    tmp_path: Path, overrides: dict[str, str], check_id: str
) -> None:
    result = resonanz(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path, **overrides)
    )

    assert result.returncode == 1
    assert check_id in result.stderr + result.stdout
