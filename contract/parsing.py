"""Reads one raw `x-rules` entry into its typed rule, failing loudly on an unknown kind or key."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from contract.rules import (
    AreaLimit,
    Delivery,
    EmptyDefault,
    OutputFormat,
    OutputSize,
    PublicUrl,
    ResultCount,
    Rule,
    SpecError,
    When,
    WordLimit,
)

Builder = Callable[[dict[str, Any], dict[str, Any]], Rule]


def parse_rule(raw: Mapping[str, Any]) -> Rule:
    """Build the typed rule for one `x-rules` entry."""
    data = dict(raw)
    try:
        rule_id, kind = data.pop("id"), data.pop("kind")
    except KeyError as missing:
        raise SpecError(f"x-rules entry {raw!r} lacks {missing}") from None
    build = KINDS.get(kind)
    if build is None:
        raise SpecError(f"unknown x-rules kind {kind!r}")
    base = {"id": rule_id, "when": When.of(data.pop("when", None))}
    try:
        rule = build(base, data)
    except KeyError as missing:
        raise SpecError(f"x-rules {rule_id} ({kind}) lacks {missing}") from None
    if data:
        raise SpecError(f"x-rules {rule_id} ({kind}) has unknown keys {sorted(data)}")
    return rule


def _pair(value: Any) -> tuple[str, str]:
    first, second = value
    return str(first), str(second)


def _area_limit(base: dict[str, Any], data: dict[str, Any]) -> Rule:
    return AreaLimit(**base, fields=_pair(data.pop("fields")), max=int(data.pop("max")))


def _word_limit(base: dict[str, Any], data: dict[str, Any]) -> Rule:
    return WordLimit(**base, field=data.pop("field"), max_words=int(data.pop("maxWords")))


def _empty_default(base: dict[str, Any], data: dict[str, Any]) -> Rule:
    return EmptyDefault(**base, field=data.pop("field"), source=data.pop("from"))


def _output_size(base: dict[str, Any], data: dict[str, Any]) -> Rule:
    size = data.pop("size", None)
    from_fields = data.pop("fromFields", None)
    rule = OutputSize(
        **base,
        size=(int(size["width"]), int(size["height"])) if size else None,
        from_fields=_pair(from_fields) if from_fields else None,
        ratio_field=data.pop("ratioField", None),
        ratio=data.pop("ratio", None),
        tolerance=float(data.pop("tolerance", 0.0)),
        target_area=data.pop("targetArea", None),
        from_source=data.pop("fromSource", None),
        ignores=tuple(data.pop("ignores", ())),
        long_side_field=data.pop("longSideField", None),
        long_side_names=dict(data.pop("longSideNames", {})),
    )
    modes = [rule.size, rule.from_fields, rule.from_source, rule.long_side_field]
    ratios = (rule.ratio_field is not None) + (rule.ratio is not None)
    if sum(mode is not None for mode in modes) + ratios == 0:
        raise SpecError(f"output-size {rule.id} says nothing about the size")
    return rule


def _result_count(base: dict[str, Any], data: dict[str, Any]) -> Rule:
    return ResultCount(**base, count=data.pop("count", None), field=data.pop("field", None))


def _output_format(base: dict[str, Any], data: dict[str, Any]) -> Rule:
    return OutputFormat(
        **base,
        media_type=data.pop("mediaType", None),
        alpha=bool(data.pop("alpha", False)),
        field=data.pop("field", None),
        media_types=dict(data.pop("mediaTypes", {})),
    )


def _public_url(base: dict[str, Any], data: dict[str, Any]) -> Rule:
    return PublicUrl(**base, fields=tuple(data.pop("fields")))


def _delivery(base: dict[str, Any], data: dict[str, Any]) -> Rule:
    return Delivery(
        **base,
        min_attempts=int(data.pop("minAttempts")),
        timeout_seconds=float(data.pop("timeoutSeconds")),
    )


KINDS: Mapping[str, Builder] = {
    "area-limit": _area_limit,
    "word-limit": _word_limit,
    "empty-default": _empty_default,
    "output-size": _output_size,
    "result-count": _result_count,
    "output-format": _output_format,
    "public-url": _public_url,
    "delivery": _delivery,
}
