"""The `x-rules` vocabulary as typed objects that say what each rule means, once for all callers."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from fractions import Fraction
from typing import Any

import jsonschema_rs


class SpecError(ValueError):
    """The spec breaks the vocabulary of `spec/X-VOCABULARY.md` or the names code relies on."""


@functools.lru_cache(maxsize=256)
def parse_ratio(ratio: str) -> Fraction:
    """Read an `aspectRatio` value such as `16:9` as width / height (a handful of values)."""
    width, _, height = ratio.partition(":")
    return Fraction(int(width), int(height))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


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

    def applies(self, body: Mapping[str, Any]) -> bool:
        """Whether the rule speaks about this request at all."""
        return self.when.matches(body)


@dataclass(frozen=True)
class AreaLimit(Rule):
    """DIM-3: when both `fields` are present, their product is at most `max`."""

    fields: tuple[str, str]
    max: int

    def applies(self, body: Mapping[str, Any]) -> bool:
        return all(_is_number(body.get(name)) for name in self.fields) and super().applies(body)

    def area(self, body: Mapping[str, Any]) -> int | float:
        """The product of the two fields (the caller knows the rule applies)."""
        first, second = self.fields
        product: int | float = body[first] * body[second]
        return product

    def exceeded_by(self, body: Mapping[str, Any]) -> bool:
        """Over the limit: exactly `max` is still accepted."""
        return self.applies(body) and self.area(body) > self.max

    def shrunk(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """`body` with the second field lowered so the product fits (unchanged when it does)."""
        fitted = dict(body)
        if self.exceeded_by(fitted):
            first, second = self.fields
            fitted[second] = max(1, self.max // max(1, int(fitted[first])))
        return fitted


@dataclass(frozen=True)
class WordLimit(Rule):
    """TXT-1/TXT-2: `field` is truncated to `max_words` words."""

    field: str
    max_words: int

    def exceeded_by(self, body: Mapping[str, Any]) -> bool:
        """Whether the body's `field` is a text of more words (`str.split()`) than the limit."""
        text = body.get(self.field)
        return isinstance(text, str) and len(text.split()) > self.max_words

    def truncate(self, text: str, max_words: int | None = None) -> str:
        """Over the limit, the first N words (Python's `str.split()`) joined by single spaces."""
        limit = self.max_words if max_words is None else max_words
        words = text.split()
        return text if len(words) <= limit else " ".join(words[:limit])


@dataclass(frozen=True)
class EmptyDefault(Rule):
    """TXT-3: a `field` with no words is replaced by the default for the value of `source`."""

    field: str
    source: str

    @staticmethod
    def is_empty(value: Any) -> bool:
        """No words at all: absent, not a string, empty or only whitespace."""
        return not (isinstance(value, str) and value.split())


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

    def ratio_for(self, body: Mapping[str, Any]) -> str | None:
        """The ratio asked for: a fixed one, or the value of the ratio field."""
        if self.ratio is not None:
            return self.ratio
        if self.ratio_field is not None and self.ratio_field in body:
            return str(body[self.ratio_field])
        return None

    def nominal_area(self) -> int | None:
        """The output area this entry aims at: its fixed size's, or its target area."""
        if self.size is not None:
            return self.size[0] * self.size[1]
        return self.target_area

    def long_side_for(self, body: Mapping[str, Any]) -> int:
        """The long side asked for, as pixels or as one of `long_side_names`."""
        assert self.long_side_field is not None
        raw = body[self.long_side_field]
        return int(raw) if isinstance(raw, int) else int(self.long_side_names[str(raw)])


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

    def media_type_for(self, parameters: Mapping[str, Any]) -> str:
        """The media type results must have for these (resolved) parameters."""
        if self.media_type is not None:
            return self.media_type
        assert self.field is not None
        return self.media_types[str(parameters[self.field])]


@dataclass(frozen=True)
class PublicUrl(Rule):
    """HOOK-4: the URLs in `fields` (a string or a list of strings) must reach public hosts."""

    fields: tuple[str, ...]

    def urls(self, body: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
        """Every (field, URL) the body holds in this rule's fields."""
        for name in self.fields:
            value = body.get(name)
            for url in value if isinstance(value, list) else [value]:
                if isinstance(url, str):
                    yield name, url

    def pointed(
        self, body: Mapping[str, Any], url_for: Callable[[str], str | None]
    ) -> dict[str, Any]:
        """`body` with each URL field pointed at `url_for(field)`; None drops the field."""
        pointed = dict(body)
        for name in self.fields:
            value = pointed.get(name)
            if not isinstance(value, str | list):
                continue
            url = url_for(name)
            if url is None:
                del pointed[name]
            else:
                pointed[name] = [url for _ in value] if isinstance(value, list) else url
        return pointed


@dataclass(frozen=True)
class Delivery(Rule):
    """HOOK-2: webhook delivery attempts and the receiver's answer timeout."""

    min_attempts: int
    timeout_seconds: float
