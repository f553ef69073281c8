"""Builds request bodies from the spec: minimal valid ones, and ones that break one thing."""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from typing import Any

from conformance.judge.validity import body_problem
from contract import WEBHOOK_FIELD, Operation, PublicUrl, Spec, When

SOURCE_SIZE = (640, 480)


class BodyFactory:
    """Makes bodies for one operation, with URL fields pointed at the kit's sidecar."""

    def __init__(self, spec: Spec, op: Operation, image_url: str) -> None:
        assert op.request_schema is not None
        self.spec, self.op, self.image_url = spec, op, image_url
        self.schema_name = op.request_schema
        self.validator = spec.schema_validator(op.request_schema)
        schema = spec.component(op.request_schema)
        self.properties: Mapping[str, Any] = schema.get("properties", {})
        self.required: tuple[str, ...] = tuple(schema.get("required", ()))
        self.url_rules = op.rules_of(PublicUrl)
        self.url_fields = {f for rule in self.url_rules for f in rule.fields}

    def property(self, name: str) -> Mapping[str, Any]:
        return self.spec.property_schema(self.schema_name, name)

    def is_valid(self, body: Mapping[str, Any]) -> bool:
        """Valid by the schema and within every area limit that applies."""
        return body_problem(self.spec, self.op, dict(body)) is None

    def examples(self) -> list[dict[str, Any]]:
        """The spec's request examples, with URLs pointed at the sidecar and no webhook."""
        media = self.op.raw["requestBody"]["content"]["application/json"]
        bodies = [
            self._localise(example["value"]) for example in media.get("examples", {}).values()
        ]
        return [body for body in bodies if self.is_valid(body)]

    def _localise(self, body: Mapping[str, Any]) -> dict[str, Any]:
        local = copy.deepcopy(dict(body))
        for rule in self.url_rules:
            local = rule.pointed(local, self.source_url_for)
        return local

    def source_url_for(self, field: str) -> str | None:
        """Where a URL field points in a kit body: the sidecar's image, and no webhook."""
        return None if field == WEBHOOK_FIELD else self.image_url

    def minimal(self) -> dict[str, Any]:
        """The first example stripped of every optional field it can do without."""
        body = self.examples()[0]
        for name in list(body):
            if name in self.required:
                continue
            trial = {k: v for k, v in body.items() if k != name}
            if self.is_valid(trial):
                body = trial
        return body

    def satisfying(self, when: Mapping[str, Any] | None, base: Mapping[str, Any]) -> dict[str, Any]:
        """`base` with the `const`/`enum` properties of a rule's `when` set, so the rule applies."""
        body = dict(base)
        for name, schema in (when or {}).get("properties", {}).items():
            if "const" in schema:
                body[name] = schema["const"]
            elif "enum" in schema:
                body[name] = schema["enum"][0]
        return body

    def in_branch(self, when: Mapping[str, Any], base: Mapping[str, Any]) -> dict[str, Any] | None:
        """A valid body inside a rule's `when` branch (its values set, what it excludes dropped)."""
        body = self.satisfying(when, base)
        for name in when.get("required", ()):
            if name not in body and name in self.properties:
                body[name] = next((value for _, value in self.boundary_values(name)), None)
        for branch in when.get("not", {}).get("anyOf", ()):
            for name in branch.get("required", ()):
                body.pop(name, None)
        return body if self.is_valid(body) and _matches(when, body) else None

    def wrong_values(self, name: str) -> Iterator[tuple[str, Any]]:
        """Values the schema forbids for one property, each with what it breaks."""
        schema = self.property(name)
        types = schema.get("type")
        type_set = set(types) if isinstance(types, list) else {types} if types else set()
        if "enum" in schema:
            yield "an unknown enum value", "not-a-valid-value"
        if type_set & {"integer", "number"}:
            yield "a string instead of a number", "12"
            if "minimum" in schema:
                yield "one under the minimum", schema["minimum"] - 1
            if "maximum" in schema:
                yield "one over the maximum", schema["maximum"] + 1
        if "integer" in type_set:
            yield "a fraction", 1.5
        if "string" in type_set or ("enum" in schema and isinstance(schema["enum"][0], str)):
            yield "a number instead of a string", 123
        if "boolean" in type_set:
            yield "a string instead of a boolean", "true"
        if "array" in type_set:
            yield "a string instead of a list", "x"
            if "maxItems" in schema:
                yield "too many items", [self.image_url] * (schema["maxItems"] + 1)
        if "null" not in type_set:
            yield "null", None
        yield "an object", {}

    def boundary_values(self, name: str) -> Iterator[tuple[str, Any]]:
        """Values exactly at the schema's edges, which must be accepted."""
        schema = self.property(name)
        if "minimum" in schema:
            yield "the minimum", schema["minimum"]
        if "maximum" in schema:
            yield "the maximum", schema["maximum"]
        for value in schema.get("enum", ()):
            yield f"enum value {value!r}", value
        kinds = schema.get("type")
        if kinds == "boolean" or (isinstance(kinds, list) and "boolean" in kinds):
            yield "true", True  # a boolean's two values are its edges
            yield "false", False


def _matches(when: Mapping[str, Any], body: Mapping[str, Any]) -> bool:
    return bool(When.of(when).matches(body))


def exact_area(max_area: int, low: int, high: int) -> tuple[int, int] | None:
    """A width x height exactly at `max_area` with both sides within bounds."""
    for width in range(min(high, max_area // low), low - 1, -1):
        if max_area % width == 0 and low <= max_area // width <= high:
            return width, max_area // width
    return None


def just_over_area(max_area: int, low: int, high: int) -> tuple[int, int] | None:
    """The smallest product over `max_area` with both sides within bounds."""
    best: tuple[int, int] | None = None
    for width in range(low, high + 1):
        height = max_area // width + 1
        if low <= height <= high and (best is None or width * height < best[0] * best[1]):
            best = (width, height)
    return best


def words(count: int) -> str:
    """`count` words separated by a mix of whitespace Python's str.split() recognises."""
    separators = [" ", "  ", "\t", "\n", "\u2003", " \u00a0"]
    return "".join(f"w{i}{separators[i % len(separators)]}" for i in range(count)).strip()
