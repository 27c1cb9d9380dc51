"""Files attached to evidence: what kinds are taken, how large, and whether the content fits the name."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from resonanz.core.errors import ActionRefused

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# What evidence of a meeting, a letter or a trade fair usually is: documents, sheets, slides, photos,
# mails and plain text. Their first bytes must fit the ending, so no page or program comes in disguised.
_ZIP, _OLE = (b"PK\x03\x04",), (b"\xd0\xcf\x11\xe0",)
ATTACHMENT_SIGNATURES: dict[str, tuple[bytes, ...] | None] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
    "docx": _ZIP,
    "xlsx": _ZIP,
    "pptx": _ZIP,
    "odt": _ZIP,
    "ods": _ZIP,
    "odp": _ZIP,
    "doc": _OLE,
    "xls": _OLE,
    "ppt": _OLE,
    "msg": _OLE,
    "txt": None,
    "csv": None,
    "md": None,
    "eml": None,
}
_MARKUP = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml")


def check_attachment(attachment: UploadedFile[Any]) -> None:
    """Refuse files that are too large, of a kind evidence is not, or not what their ending says."""
    if (attachment.size or 0) > MAX_ATTACHMENT_BYTES:
        raise ActionRefused(_("The file is larger than 10 MB."), field="attachment")
    extension = (attachment.name or "").rpartition(".")[2].lower() if "." in (attachment.name or "") else ""
    if extension not in ATTACHMENT_SIGNATURES:
        raise ActionRefused(
            _(
                "Attach a PDF, an office document, a picture (PNG, JPEG, GIF, WebP), "
                "an e-mail or a text file."
            ),
            field="attachment",
        )
    attachment.seek(0)
    head = attachment.read(512)
    attachment.seek(0)
    signatures = ATTACHMENT_SIGNATURES[extension]
    looks_like_markup = head.lstrip().lower().startswith(_MARKUP)
    if looks_like_markup or (signatures is not None and not head.startswith(signatures)):
        raise ActionRefused(
            _("The file is called .%(extension)s but its content is something else."),
            params={"extension": extension},
            field="attachment",
        )
