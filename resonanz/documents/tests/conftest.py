"""The engine's tests render ``documents/sample.typ`` from this folder's templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from resonanz.documents import rendering

TEST_TEMPLATES = Path(__file__).resolve().parent / "templates"


@pytest.fixture
def sample_templates(monkeypatch: pytest.MonkeyPatch) -> None:
    folders = rendering.template_folders()
    monkeypatch.setattr(rendering, "template_folders", lambda: [*folders, TEST_TEMPLATES])


def sample_data(**values: object) -> dict[str, object]:
    return {
        "page": {"title": "Probe", "page-pattern": "Seite %(page)s von %(pages)s"},
        "title": "Probe",
        "narrow": "",
        "plain": "",
        **values,
    }
