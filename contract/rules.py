"""The `x-rules` vocabulary as typed objects, so no caller re-reads raw YAML to learn a limit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from fractions import Fraction
from typing import Any

import jsonschema_rs


class SpecError(ValueError):
    """The spec's `x-rules` break the vocabulary of `spec/X-VOCABULARY.md`."""


def truncate_words(text: str, max_words: int) -> str:
    """Apply TXT-1/TXT-2: over the limit, the first N words joined by single spaces."""
    words = text.split()
    if len(words) <= max_words:
        return text
    return " ".join(words[:max_words])


def parse_ratio(ratio: str) -> Fraction:
    """Read an `aspectRatio` value such as `16:9` as width / height."""
    width, _, height = ratio.partition(":")
    return Fraction(int(width), int(height))


@dataclass(frozen=True)
class When:
    """A JSON Schema the request must match for a rule to apply (absent: always)."""

    schema: Mapping[str, Any] | None = None
    _validator: Any = dataclass_field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, schema: Mapping[str, Any] | None) -> When:
        validator = jsonschema_rs.Draft202012Validator(dict(schema)) if schema else None
        return cls(schema, validator)

    def matches(self, body: Mapping[str, Any]) -> bool:
        return self._validator is None or bool(self._validator.is_valid(dict(body)))


@dataclass(frozen=True)
class Rule:
    """One `x-rules` entry: a contract rule ID, a kind and when it applies."""

    id: str
    when: When


@dataclass(frozen=True)
class AreaLimit(Rule):
    """DIM-3: the product of `fields` is at most `max`."""

    fields: tuple[str, str]
    max: int


@dataclass(frozen=True)
class WordLimit(Rule):
    """TXT-1/TXT-2: `field` is truncated to `max_words` words."""

    field: str
    max_words: int


@dataclass(frozen=True)
class EmptyDefault(Rule):
    """TXT-3: a `field` with no words is replaced by the default for the value of `source`."""

    field: str
    source: str


@dataclass(frozen=True)
class OutputSize(Rule):
    """DIM-4/DIM-5/RES-4/IMG-1: how the output size is resolved; the first matching entry wins."""

    size: tuple[int, int] | None = None
    from_fields: tuple[str, str] | None = None
    ratio_field: str | None = None
    ratio: str | None = None
    tolerance: float = 0.0
    target_area: int | None = None
    from_source: str | None = None
    ignores: tuple[str, ...] = ()
    long_side_field: str | None = None
    long_side_names: Mapping[str, int] = dataclass_field(default_factory=dict)


def wanted_ratio(rule: OutputSize, body: Mapping[str, Any]) -> str | None:
    """The ratio an output-size rule asks for: a fixed one, or the value of its ratio field."""
    if rule.ratio is not None:
        return rule.ratio
    if rule.ratio_field is not None and rule.ratio_field in body:
        return str(body[rule.ratio_field])
    return None


@dataclass(frozen=True)
class ResultCount(Rule):
    """RES-1: a succeeded task has `count` results, or as many as the resolved `field`."""

    count: int | None = None
    field: str | None = None

    def expected(self, parameters: Mapping[str, Any]) -> int:
        if self.field is not None:
            return int(parameters[self.field])
        assert self.count is not None
        return self.count


@dataclass(frozen=True)
class OutputFormat(Rule):
    """RES-3/IMG-1: the media type of results, fixed or chosen by `field`."""

    media_type: str | None = None
    alpha: bool = False
    field: str | None = None
    media_types: Mapping[str, str] = dataclass_field(default_factory=dict)


@dataclass(frozen=True)
class PublicUrl(Rule):
    """HOOK-4: the URLs in `fields` (a string or a list of strings) must reach public hosts."""

    fields: tuple[str, ...]


@dataclass(frozen=True)
class Delivery(Rule):
    """HOOK-2: webhook delivery attempts and the receiver's answer timeout."""

    min_attempts: int
    timeout_seconds: float


def _pair(value: Any) -> tuple[str, str]:
    first, second = value
    return str(first), str(second)


def parse_rule(raw: Mapping[str, Any]) -> Rule:
    """Build the typed rule for one `x-rules` entry, failing loudly on an unknown kind or key."""
    data = dict(raw)
    try:
        rule_id, kind = data.pop("id"), data.pop("kind")
    except KeyError as missing:
        raise SpecError(f"x-rules entry {raw!r} lacks {missing}") from None
    base = {"id": rule_id, "when": When.of(data.pop("when", None))}
    try:
        rule = _build(kind, base, data)
    except KeyError as missing:
        raise SpecError(f"x-rules {rule_id} ({kind}) lacks {missing}") from None
    if data:
        raise SpecError(f"x-rules {rule_id} ({kind}) has unknown keys {sorted(data)}")
    return rule


def _build(kind: str, base: dict[str, Any], data: dict[str, Any]) -> Rule:
    if kind == "area-limit":
        return AreaLimit(**base, fields=_pair(data.pop("fields")), max=int(data.pop("max")))
    if kind == "word-limit":
        return WordLimit(**base, field=data.pop("field"), max_words=int(data.pop("maxWords")))
    if kind == "empty-default":
        return EmptyDefault(**base, field=data.pop("field"), source=data.pop("from"))
    if kind == "output-size":
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
    if kind == "result-count":
        return ResultCount(**base, count=data.pop("count", None), field=data.pop("field", None))
    if kind == "output-format":
        return OutputFormat(
            **base,
            media_type=data.pop("mediaType", None),
            alpha=bool(data.pop("alpha", False)),
            field=data.pop("field", None),
            media_types=dict(data.pop("mediaTypes", {})),
        )
    if kind == "public-url":
        return PublicUrl(**base, fields=tuple(data.pop("fields")))
    if kind == "delivery":
        return Delivery(
            **base,
            min_attempts=int(data.pop("minAttempts")),
            timeout_seconds=float(data.pop("timeoutSeconds")),
        )
    raise SpecError(f"unknown x-rules kind {kind!r}")
