"""Inspects result bytes with Pillow: the format they really are, the size, the alpha channel."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

MAGIC = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/webp": (b"RIFF",),
}


@dataclass(frozen=True)
class Inspected:
    """What a result image really is."""

    media_type: str | None
    width: int
    height: int
    has_alpha: bool


def sniff(content: bytes) -> str | None:
    """The media type the magic bytes announce (WebP also needs `WEBP` at offset 8)."""
    for media_type, prefixes in MAGIC.items():
        if any(content.startswith(prefix) for prefix in prefixes):
            if media_type == "image/webp" and content[8:12] != b"WEBP":
                continue
            return media_type
    return None


def inspect(content: bytes) -> Inspected | None:
    """Decode the bytes; None when Pillow cannot read them as an image."""
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.load()
            alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            return Inspected(sniff(content), image.width, image.height, alpha)
    except (OSError, ValueError, SyntaxError):
        return None


def content_type(raw: str | None) -> str:
    return (raw or "").split(";", 1)[0].strip().lower()
