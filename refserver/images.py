"""Result images: recipes rendered with Pillow on demand, so memory holds recipes, not pixels."""

from __future__ import annotations

import io
import random
from collections import OrderedDict
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw

MEDIA_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
FORMAT_OF_MEDIA_TYPE = {media: fmt for fmt, media in MEDIA_TYPES.items()}


@dataclass(frozen=True)
class Recipe:
    """Everything that determines an image's bytes: the same recipe gives the same bytes."""

    width: int
    height: int
    format: str
    alpha: bool
    seed: int
    quality: int = 85
    label: str | None = None

    @property
    def media_type(self) -> str:
        """The Content-Type served (the label, if a fault switch set one)."""
        return self.label or MEDIA_TYPES[self.format]

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]


def _colour(rng: random.Random) -> tuple[int, int, int]:
    return rng.randrange(256), rng.randrange(256), rng.randrange(256)


def render(recipe: Recipe) -> bytes:
    """Draw a seeded gradient with a disc on it and encode it; CPU-bound, so run it off the loop."""
    rng = random.Random(recipe.seed)
    size = (recipe.width, recipe.height)
    mask = Image.linear_gradient("L").rotate(rng.choice((0, 90, 180, 270))).resize(size)
    image = Image.composite(
        Image.new("RGB", size, _colour(rng)), Image.new("RGB", size, _colour(rng)), mask
    )
    draw = ImageDraw.Draw(image)
    radius = max(1, min(size) // rng.randint(3, 6))
    cx, cy = rng.randrange(recipe.width), rng.randrange(recipe.height)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=_colour(rng))
    out = io.BytesIO()
    if recipe.format == "PNG":
        if recipe.alpha:
            image.putalpha(ImageChops.invert(Image.radial_gradient("L").resize(size)))
        image.save(out, "PNG", compress_level=1)
    elif recipe.format == "JPEG":
        image.save(out, "JPEG", quality=max(1, min(95, recipe.quality)))
    else:
        image.save(out, "WEBP", quality=recipe.quality, method=0)
    return out.getvalue()


class ImageCache:
    """Rendered bytes, least recently used first out, within a byte budget."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.total = 0
        self._items: OrderedDict[str, bytes] = OrderedDict()

    def get(self, name: str) -> bytes | None:
        data = self._items.get(name)
        if data is not None:
            self._items.move_to_end(name)
        return data

    def put(self, name: str, data: bytes) -> None:
        self.discard(name)
        if len(data) > self.max_bytes:
            return
        self._items[name] = data
        self.total += len(data)
        while self.total > self.max_bytes:
            _, old = self._items.popitem(last=False)
            self.total -= len(old)

    def discard(self, name: str) -> None:
        old = self._items.pop(name, None)
        if old is not None:
            self.total -= len(old)
