"""What a post's image may be: its kind, size and pixels, read from its first bytes, never from its name.

The networks set the bounds (``publishing.connectors``): Bluesky takes at most 1,000,000 bytes per image
(JPEG, PNG, GIF, WebP), Mastodon 16 MB and an image description of at most 1,500 characters, LinkedIn
no WebP. A post may go to any of them, so an image must fit the strictest: 1,000,000 bytes and 1,500
characters of alternative text. Pillow is not a dependency, so the picture is not decoded here: the
header is read for the kind and the dimensions, and a small file that declares a huge picture (a
decompression bomb, which would exhaust whoever decodes it: the networks, a browser) is refused.
"""

from __future__ import annotations

import dataclasses
import struct

from django.utils.translation import gettext_lazy as _

from resonanz.core.errors import ActionRefused

MAX_IMAGE_BYTES = 1_000_000  # Bluesky's limit per image, the strictest of the networks
MAX_ALT_TEXT = 1_500  # Mastodon's limit for a media description, the strictest of the networks
MAX_PIXELS = 40_000_000  # a photo of a good camera; decoded, 160 MB of RGBA
MAX_SIDE = 10_000
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp"}

_JPEG_SOF = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})
_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xDA)})


@dataclasses.dataclass(frozen=True)
class ImageFacts:
    mime_type: str
    width: int
    height: int


def _png(data: bytes) -> tuple[int, int] | None:
    if data[12:16] != b"IHDR" or len(data) < 24:
        return None
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def _gif(data: bytes) -> tuple[int, int] | None:
    if len(data) < 10:
        return None
    width, height = struct.unpack("<HH", data[6:10])
    return int(width), int(height)


def _webp(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8 " and len(data) >= 30 and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[26:30])
        return int(width) & 0x3FFF, int(height) & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25 and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(data) >= 30:
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    return None


def _jpeg(data: bytes) -> tuple[int, int] | None:
    """The frame header's dimensions: walk the segments (each step moves on, so the walk is bounded)."""
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in _JPEG_STANDALONE:
            position += 2
            continue
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        if length < 2:
            return None
        if marker in _JPEG_SOF:
            if position + 9 > len(data):
                return None
            height = int.from_bytes(data[position + 5 : position + 7], "big")
            width = int.from_bytes(data[position + 7 : position + 9], "big")
            return width, height
        position += 2 + length
    return None


def _kind(data: bytes) -> str | None:
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "image/webp"
    return None


_DIMENSIONS = {"image/jpeg": _jpeg, "image/png": _png, "image/gif": _gif, "image/webp": _webp}


def image_facts(data: bytes) -> ImageFacts:
    """The kind and dimensions of an uploaded image; ``ActionRefused`` (field ``image``) when it is none
    the networks take, too large, or declares more pixels than anyone should decode."""
    if len(data) > MAX_IMAGE_BYTES:
        raise ActionRefused(
            _("An image has at most 1 MB (1,000,000 bytes), Bluesky's limit. Make it smaller."),
            field="image",
            code="too_large",
        )
    kind = _kind(data)
    dimensions = _DIMENSIONS[kind](data) if kind is not None else None
    if kind is None or dimensions is None:
        raise ActionRefused(
            _("This file is not a JPEG, PNG, GIF or WebP image."), field="image", code="not_an_image"
        )
    width, height = dimensions
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE and width * height <= MAX_PIXELS):
        raise ActionRefused(
            _(
                "The image is %(width)s × %(height)s pixels; at most %(side)s pixels per side and "
                "%(megapixels)s megapixels in all are taken."
            ),
            params={
                "width": width,
                "height": height,
                "side": MAX_SIDE,
                "megapixels": MAX_PIXELS // 1_000_000,
            },
            field="image",
            code="too_many_pixels",
        )
    return ImageFacts(kind, width, height)
