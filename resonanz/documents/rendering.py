"""Every PDF resonanz makes: a readable Typst template fed with JSON, compiled in a child process.

A document is a template (``plan/pdf/version.typ``, kept in the ``templates`` folder of the app
that owns it, beside its HTML templates), its data (JSON-ready values: strings, numbers, lists,
dicts; never spliced into Typst source, so nothing is escaped by hand), the language (for
hyphenation and quotes) and optional SVG images (charts: the same SVG the pages show). The
template reads them through the shared library ``documents/resonanz.typ``.

Typst does not give back the memory of a compilation, so the compiler runs in a short-lived
child process (``compiler.py``) that exits after one document. Starting it costs about 60 ms.
"""

from __future__ import annotations

import hashlib
import json
import logging
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from django.apps import apps

logger = logging.getLogger(__name__)

PDF_CONTENT_TYPE = "application/pdf"
# Typst may read files below this folder only: every app's templates and the shared library.
ROOT = Path(__file__).resolve().parent.parent
COMPILER = Path(__file__).resolve().with_name("compiler.py")
LANGUAGES = ("de", "en")
# A 2,000-row plan takes about 3 s; this bounds a document that went wrong, not a normal one.
RENDER_TIMEOUT_SECONDS = 300


class DocumentError(Exception):
    """A document could not be made (the message holds Typst's diagnostics, for the log)."""


def template_folders() -> list[Path]:
    """Where templates are found: the ``templates`` folder of each installed app below ``ROOT``."""
    folders = (Path(app.path).resolve() / "templates" for app in apps.get_app_configs())
    return [folder for folder in folders if folder.is_relative_to(ROOT) and folder.is_dir()]


def template_path(name: str) -> str:
    """The template ``name`` (``plan/pdf/version.typ``) as a path below ``ROOT``, found as Django
    finds HTML templates: in the first app's ``templates`` folder that has it."""
    parts = Path(name).parts
    if not name.endswith(".typ") or Path(name).is_absolute() or ".." in parts:
        raise DocumentError(f"not a document template name: {name!r}")
    for folder in template_folders():
        if (folder / name).is_file():
            return (folder / name).relative_to(ROOT).as_posix()
    raise DocumentError(f"no document template {name!r}")


@dataclass(frozen=True)
class Document:
    """What a PDF is made of. Equal documents give equal PDFs, so ``digest`` names the result."""

    template: str
    data: Mapping[str, Any]
    language: str = "de"
    images: Mapping[str, bytes] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise DocumentError(f"no documents in the language {self.language!r}")
        for name, svg in self.images.items():
            if not isinstance(svg, bytes) or b"<svg" not in svg[:4096]:
                raise DocumentError(f"the image {name!r} is not an SVG")

    @cached_property
    def data_json(self) -> str:
        # allow_nan=False: NaN is not JSON, and Typst would refuse it with a less helpful message.
        return json.dumps(self.data, ensure_ascii=False, sort_keys=True, allow_nan=False)

    def inputs(self) -> dict[str, str]:
        """The strings the template reads as ``sys.inputs`` (see ``resonanz.typ``)."""
        values = {"data": self.data_json, "language": self.language}
        for name, svg in self.images.items():
            values[f"svg:{name}"] = svg.decode("utf-8")
        return values

    @cached_property
    def digest(self) -> str:
        """SHA-256 over everything that goes into the PDF, as 64 hex digits."""
        hashed = hashlib.sha256()
        for part in (self.template, self.language, self.data_json):
            hashed.update(part.encode("utf-8") + b"\x00")
        for name in sorted(self.images):
            hashed.update(name.encode("utf-8") + b"\x00" + self.images[name] + b"\x00")
        return hashed.hexdigest()


def render_pdf(
    template: str, data: Mapping[str, Any], *, language: str, images: Mapping[str, bytes] | None = None
) -> bytes:
    """The PDF of ``template`` filled with ``data`` (JSON-ready values) in ``language``.

    ``images`` maps names to SVG documents the template places with ``svg("name")``.
    """
    return compile_pdf(Document(template, data, language, images or {}))


def compile_pdf(document: Document) -> bytes:
    """Compile ``document`` in a child process that exits afterwards; raise ``DocumentError``."""
    request = {"root": str(ROOT), "template": template_path(document.template), "inputs": document.inputs()}
    try:
        # -I: the child reads no PYTHON* variables and no user site; it needs only the typst package.
        finished = subprocess.run(  # noqa: S603  (our own interpreter and program, no shell)
            [sys.executable, "-I", str(COMPILER)],
            input=json.dumps(request, ensure_ascii=False).encode("utf-8"),
            capture_output=True,
            timeout=RENDER_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise DocumentError(f"{document.template}: no PDF after {RENDER_TIMEOUT_SECONDS} s") from error
    *messages, summary = finished.stderr.decode("utf-8", "replace").rstrip("\n").split("\n")
    if finished.returncode != 0 or not finished.stdout.startswith(b"%PDF"):
        detail = "\n".join(messages).strip() or f"exit status {finished.returncode}"
        raise DocumentError(f"{document.template}: {detail}")
    logger.info("rendered %s (%s bytes): %s", document.template, len(finished.stdout), summary)
    return finished.stdout
