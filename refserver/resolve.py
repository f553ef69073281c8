"""ECHO-1/TXT/DIM: the resolved parameters and output size of a valid request, from the x-rules."""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import math
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from contract import (
    WEBHOOK_FIELD,
    AreaLimit,
    EmptyDefault,
    Operation,
    OutputFormat,
    OutputSize,
    PublicUrl,
    ResultCount,
    Spec,
    WordLimit,
    parse_ratio,
)
from refserver.faults import Fault, Faults
from refserver.images import FORMAT_OF_MEDIA_TYPE

TASK_FORMAT = "JPEG"
TRANSPARENT_FIELD = "transparentBackground"
BUCKET = "local"


class SizeError(ValueError):
    """No output size satisfies the bounds, the area limit and the ratio tolerance."""


def default_prompt(style: Any) -> str:
    """TXT-3: the spec holds no per-style prompt, so one is derived from the style's name."""
    return f"an artwork in the {style} style"


@functools.lru_cache(maxsize=4096)
def fit_ratio(
    ratio: Fraction,
    area: int,
    bounds: tuple[tuple[int, int], tuple[int, int]],
    limit: int | None,
    tolerance: float,
) -> tuple[int, int]:
    """DIM-5: floor(sqrt(A*r)) x floor(sqrt(A/r)), clamped to the side bounds keeping the ratio."""
    (wmin, wmax), (hmin, hmax) = bounds
    width, height = math.isqrt(math.floor(area * ratio)), math.isqrt(math.floor(area / ratio))
    if width > wmax:
        width, height = wmax, round(wmax / ratio)
    if height > hmax:
        width, height = round(hmax * ratio), hmax
    if width < wmin:
        width, height = wmin, round(wmin / ratio)
    if height < hmin:
        width, height = round(hmin * ratio), hmin
    for _ in range(4096):
        fits = wmin <= width <= wmax and hmin <= height <= hmax
        within = limit is None or width * height <= limit
        close = abs(Fraction(width, height) / ratio - 1) <= Fraction(tolerance)
        if fits and within and close:
            return width, height
        width, height = width - 1, round((width - 1) / ratio)
        if width < 1 or height < 1:
            break
    raise SizeError(f"no size fits the ratio {ratio}")


@dataclass
class Resolved:
    """A task request after defaults, truncation and sizing: what to echo and what to render."""

    parameters: dict[str, Any]
    size: tuple[int, int] | None
    fallback_size: tuple[int, int]
    source_url: str | None
    size_from_source: bool
    result_count: int
    format: str
    alpha: bool
    webhook: str | None


class TaskResolver:
    """Applies one task operation's defaults and x-rules to a validated body."""

    def __init__(self, spec: Spec, op: Operation, artwork_type: str, faults: Faults) -> None:
        assert op.request_schema is not None
        self.spec = spec
        self.op = op
        self.schema_name = op.request_schema
        self.artwork_type = artwork_type
        self.properties = set(spec.component(op.request_schema).get("properties", {}))
        self.defaults = spec.defaults(op.request_schema)
        self.faults = faults
        self.echoed = spec.echo_required(op)
        self.ignored = {name for rule in op.rules_of(OutputSize) for name in rule.ignores}
        self._bounds: dict[str, tuple[int, int]] = {}

    def resolve(self, body: Mapping[str, Any]) -> Resolved:
        params = self._known_fields(body)
        for name, value in self.defaults.items():
            if name not in params:
                params[name] = copy.deepcopy(value)
                if self.faults.on(Fault.ECHO_1) and name == "details":
                    params[name] = int(value) - 1
        self._texts(params, body)
        source_url = self._source_url(params)
        echoed = self.echoed
        if "imageUrl" in params and "imageUrls" in echoed:
            params["imageUrls"] = [params.pop("imageUrl")]
        if "bucket" in echoed:
            params["bucket"] = BUCKET
        size, from_source = self._size(params, skip_source=False)
        fallback, _ = self._size({k: v for k, v in params.items() if k not in self.ignored}, True)
        if from_source and self.faults.on(Fault.RES_4):
            size, from_source = fallback, False
        if size is not None:
            params["width"], params["height"] = size
        fmt, alpha = self._format(params)
        return Resolved(
            parameters=params,
            size=size,
            fallback_size=fallback or (1024, 1024),
            source_url=source_url,
            size_from_source=from_source,
            result_count=self._count(params),
            format=fmt,
            alpha=alpha,
            webhook=params.get(WEBHOOK_FIELD),
        )

    def _known_fields(self, body: Mapping[str, Any]) -> dict[str, Any]:
        if self.faults.on(Fault.VAL_3):
            return dict(body)
        return {name: value for name, value in body.items() if name in self.properties}

    def _texts(self, params: dict[str, Any], body: Mapping[str, Any]) -> None:
        for empty in self.op.rules_of(EmptyDefault):
            value = params.get(empty.field)
            if empty.applies(params) and empty.is_empty(value):
                if self.faults.on(Fault.TXT_3) and isinstance(value, str):
                    continue
                params[empty.field] = default_prompt(params.get(empty.source))
        if self.faults.on(Fault.SEC_1) and "{{{" in str(params.get("prompt", "")):
            raise RuntimeError("template engine exploded")
        for limit in self.op.rules_of(WordLimit):
            value = params.get(limit.field)
            if not isinstance(value, str) or not limit.when.matches(params):
                continue
            if self.faults.breaks(Fault.TXT_2, limit.id):
                continue
            max_words = limit.max_words
            if self.faults.breaks(Fault.TXT_1, limit.id) and limit.exceeded_by(params):
                max_words -= 1
            params[limit.field] = limit.truncate(value, max_words)

    def _source_url(self, params: Mapping[str, Any]) -> str | None:
        sources = [
            url
            for rule in self.op.rules_of(PublicUrl)
            for name, url in rule.urls(params)
            if name != WEBHOOK_FIELD
        ]
        if self.faults.on(Fault.RES_4_SOURCES) and sources:
            return sources[-1]
        return sources[0] if sources else None

    def _size(
        self, params: Mapping[str, Any], skip_source: bool
    ) -> tuple[tuple[int, int] | None, bool]:
        for rule in self.op.rules_of(OutputSize):
            if not rule.when.matches(params):
                continue
            if rule.from_source is not None:
                if skip_source:
                    continue
                return None, True
            if rule.size is not None:
                if self.faults.breaks(Fault.DIM_4, rule.id):
                    return (rule.size[0], rule.size[1] * 3 // 4), False
                if self.faults.on(Fault.DIM_4_HIGH_RESOLUTION) and params.get("highResolution"):
                    return (rule.size[0] - 8, rule.size[1] - 8), False
                return rule.size, False
            if rule.from_fields is not None:
                first, second = rule.from_fields
                return (int(params[first]), int(params[second])), False
            if rule.ratio_for(params) is not None and rule.target_area is not None:
                return self._fit(rule, params), False
        return None, False

    def _fit(self, rule: OutputSize, params: Mapping[str, Any]) -> tuple[int, int]:
        limits = [r for r in self.op.rules_of(AreaLimit) if r.when.matches(params)]
        fields = limits[0].fields if limits else ("width", "height")
        bounds = [self._bound(name) for name in fields]
        limit = min((r.max for r in limits), default=None)
        ratio = rule.ratio_for(params)
        assert rule.target_area is not None and ratio is not None
        return fit_ratio(
            parse_ratio(ratio),
            int(rule.target_area),
            (bounds[0], bounds[1]),
            limit,
            rule.tolerance,
        )

    def _bound(self, field: str) -> tuple[int, int]:
        if field not in self._bounds:
            self._bounds[field] = self.spec.bounds(self.schema_name, field)
        return self._bounds[field]

    def _count(self, params: Mapping[str, Any]) -> int:
        rule = self.op.first_matching(ResultCount, params)
        if rule is None:
            return 1
        count = rule.expected(params)
        if self.faults.on(Fault.RES_1) and rule.field is not None and count > 1:
            count = 1
        sources = params.get("imageUrls")
        if self.faults.on(Fault.RES_1_SOURCES) and isinstance(sources, list):
            count = len(sources)
        return count

    def _format(self, params: Mapping[str, Any]) -> tuple[str, bool]:
        alpha_ok = not self.faults.on(Fault.RES_3)
        for rule in self.op.rules_of(OutputFormat):
            if rule.media_type is not None and rule.when.matches(params):
                return FORMAT_OF_MEDIA_TYPE[rule.media_type], rule.alpha and alpha_ok
        if params.get(TRANSPARENT_FIELD) is True:
            return "PNG", alpha_ok
        return TASK_FORMAT, False


@dataclass
class Generation:
    """An E4 request resolved: the image's size, format and the seed its bytes depend on."""

    width: int
    height: int
    format: str
    quality: int
    seed: int


class GenerationResolver:
    """E4: long side and ratio from the output-size rule, the format from the output-format rule."""

    def __init__(self, spec: Spec, op: Operation, faults: Faults) -> None:
        assert op.request_schema is not None
        self.op = op
        self.defaults = spec.defaults(op.request_schema)
        self.faults = faults
        self.echoed = spec.echo_required(op)
        self.ignored = {name for rule in op.rules_of(OutputSize) for name in rule.ignores}
        self._bounds: dict[str, tuple[int, int]] = {}

    def resolve(self, body: Mapping[str, Any]) -> Generation:
        params = {**copy.deepcopy(self.defaults), **body}
        width, height = 1024, 1024
        for rule in self.op.rules_of(OutputSize):
            if rule.long_side_field is None or not rule.when.matches(params):
                continue
            long_side = rule.long_side_for(params)
            if self.faults.on(Fault.IMG_1_LONG_SIDE):
                long_side = min(long_side, 2000)
            ratio = parse_ratio(str(params[rule.ratio_field])) if rule.ratio_field else Fraction(1)
            if self.faults.on(Fault.IMG_1):
                ratio = Fraction(1)
            if ratio >= 1:
                width, height = long_side, max(1, round(long_side / ratio))
            else:
                width, height = max(1, round(long_side * ratio)), long_side
            break
        fmt = "WEBP"
        for format_rule in self.op.rules_of(OutputFormat):
            if format_rule.field is not None and format_rule.when.matches(params):
                fmt = FORMAT_OF_MEDIA_TYPE[format_rule.media_type_for(params)]
                break
        seed = params.get("seed")
        random = not isinstance(seed, int) or seed < 0 or self.faults.on(Fault.IMG_2)
        if random or (seed == 0 and self.faults.on(Fault.IMG_2_SEED_ZERO)):
            params["seed"] = secrets.randbits(63)
        digest = hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).digest()
        quality = params.get("output_quality", 80)
        seed_value = int.from_bytes(digest[:8], "big")
        return Generation(width, height, fmt, int(quality), seed_value)
