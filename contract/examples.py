"""Every example of the spec, checked against its schema and its x-rules: the one checker that
`scripts/lint`, `scripts/spec-diff` and the conformance kit share.

An example that breaks its own spec is a defect of the spec: a conforming server must refuse it.
Request examples are checked as the server checks a body (the schema, then the area limits), and a
schema failure names the rule the failed keyword stands for (`x-enforces`); parameter examples
name the parameter's rule; response examples, which no server is asked to accept, name SPEC-1.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from contract.echoes import SCHEMAS
from contract.parsing import parse_rule
from contract.pointers import join as _join
from contract.rules import AreaLimit, SpecError
from contract.spec import Operation, Spec, default_spec_path

REQUEST = "request"
RESPONSE = "response"
PARAMETER = "parameter"
SPEC_RULE_ID = "SPEC-1"  # an answer (here: a response example) that does not match the spec


@dataclass(frozen=True)
class Example:
    """One example value: where it is written, what it exemplifies, and the schema it must meet."""

    pointer: str
    operation: str
    kind: str  # request, response or parameter
    value: Any
    schema: Mapping[str, Any]
    request_schema: str | None = None  # the component a request body example must satisfy
    parameter_rule: str = "VAL-1"
    written_at: str = ""  # where a `$ref`'d example's value really is


@dataclass(frozen=True)
class ExampleProblem:
    """An example that breaks its spec: its pointer, its operation, the rule, and how."""

    pointer: str
    operations: tuple[str, ...]  # every operation that shows it (a shared answer's, several)
    kind: str
    rule: str
    message: str
    written_at: str = ""

    def __str__(self) -> str:
        where = f" (written at {self.written_at})" if self.written_at else ""
        return f"{self.pointer}{where}: the {self.kind} example breaks {self.rule}: {self.message}"


def _values(spec: Spec, holder: Mapping[str, Any], pointer: str) -> Iterator[tuple[str, Any, str]]:
    """(pointer, value, note) for `example` and each of `examples` (a `$ref` followed)."""
    if "example" in holder:
        yield _join(pointer, "example"), holder["example"], ""
    named = holder.get("examples")
    for name, entry in (named if isinstance(named, Mapping) else {}).items():
        at = _join(pointer, "examples", name)
        note = ""
        if isinstance(entry, Mapping) and isinstance(entry.get("$ref"), str):
            note = entry["$ref"][1:]
            entry = spec.resolve(entry["$ref"])
        if isinstance(entry, Mapping) and "value" in entry:
            yield _join(at, "value"), entry["value"], note


def _followed(spec: Spec, node: Any, pointer: str) -> tuple[Any, str]:
    """The object a node's `$ref`s lead to, and its pointer (where it is written)."""
    while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
        pointer = node["$ref"][1:]
        node = spec.resolve(node["$ref"])
    return node, pointer


def examples(spec: Spec) -> Iterator[Example]:
    """Every example of every operation and webhook: parameters, request bodies, responses."""
    by_id = {op.operation_id: op for op in spec.operations}
    for section in ("paths", "webhooks"):
        for path, item in (spec.raw.get(section) or {}).items():
            shared: dict[str, Any] = {"parameters": item.get("parameters") or ()}
            yield from _operation_examples(
                spec, None, shared, _join("", section, path), str(path), section
            )  # the path item's own parameters, common to its operations
            for method, raw in item.items():
                if not isinstance(raw, Mapping) or "responses" not in raw:
                    continue
                at = _join("", section, path, method)
                op_id = str(raw.get("operationId", path))
                yield from _operation_examples(spec, by_id.get(op_id), raw, at, op_id, section)


def _operation_examples(
    spec: Spec, op: Operation | None, raw: Mapping[str, Any], at: str, op_id: str, section: str
) -> Iterator[Example]:
    webhook = section == "webhooks"
    for index, entry in enumerate(raw.get("parameters") or ()):
        param, param_at = _followed(spec, entry, _join(at, "parameters", index))
        declared = [p for p in (op.parameters if op is not None else ()) if p.index == index]
        rule = op.rule_for_parameter(declared[0]) if op is not None and declared else "VAL-1"
        kind = RESPONSE if webhook else PARAMETER
        for pointer, value, _ in _values(spec, param, param_at):
            yield Example(pointer, op_id, kind, value, param.get("schema") or {}, None, rule)
    body, body_at = _followed(spec, raw.get("requestBody") or {}, _join(at, "requestBody"))
    for media, content in (body.get("content") or {}).items():
        schema = content.get("schema") or {}
        ref = schema.get("$ref") if isinstance(schema, Mapping) else None
        named = ref[len("#" + SCHEMAS) :] if isinstance(ref, str) and not webhook else None
        kind = RESPONSE if webhook else REQUEST
        for pointer, value, note in _values(spec, content, _join(body_at, "content", media)):
            yield Example(pointer, op_id, kind, value, schema, named, written_at=note)
    for code, answer in (raw.get("responses") or {}).items():
        answer, base = _followed(spec, answer, _join(at, "responses", code))
        for media, content in (answer.get("content") or {}).items():
            schema = content.get("schema") or {}
            for pointer, value, note in _values(spec, content, _join(base, "content", media)):
                yield Example(pointer, op_id, RESPONSE, value, schema, written_at=note)
        for name, header in (answer.get("headers") or {}).items():
            header, header_at = _followed(spec, header, _join(base, "headers", name))
            for pointer, value, _ in _values(spec, header, header_at):
                yield Example(pointer, op_id, RESPONSE, value, header.get("schema") or {})


def problems_of(spec: Spec, example: Example) -> Iterator[ExampleProblem]:
    """What one example breaks: its schema (the first error), then its body's area limits."""

    def problem(rule: str, message: str) -> ExampleProblem:
        return ExampleProblem(
            example.pointer, (example.operation,), example.kind, rule, message, example.written_at
        )

    if example.request_schema is not None:
        validator = spec.schema_validator(example.request_schema)
    else:
        validator = spec.inline_validator(example.schema)
    errors = list(validator.iter_errors(example.value))
    if errors:
        error = errors[0]
        where = "/" + "/".join(str(part) for part in error.instance_path)
        message = error.message
        if len(message) > 160:  # the failed value written out: keep what is wrong with it
            message = f"the value is {message.rsplit(' is ', 1)[-1]}"
        if example.request_schema is not None:
            rule = spec.rule_for_keyword_path(example.request_schema, list(error.schema_path))
        else:
            rule = SPEC_RULE_ID if example.kind == RESPONSE else example.parameter_rule
        yield problem(rule, f"{where}: {message}")
        return
    if example.request_schema is None or not isinstance(example.value, Mapping):
        return
    raw_rules = spec.component(example.request_schema).get("x-rules") or ()
    for limit in (r for r in map(parse_rule, raw_rules) if isinstance(r, AreaLimit)):
        if limit.exceeded_by(example.value):
            first, second = limit.fields
            area = limit.area(example.value)
            over = f"{first} x {second} is {area:,}, over the limit {limit.max:,}"
            yield problem(limit.id, over)


def example_problems(spec: Spec) -> list[ExampleProblem]:
    """Every example of the spec that breaks its schema or its x-rules, once per place written."""
    merged: dict[tuple[str, str], ExampleProblem] = {}
    for example in examples(spec):
        for found in problems_of(spec, example):
            key = (found.pointer, found.rule)
            if key in merged:
                ops = tuple(dict.fromkeys((*merged[key].operations, *found.operations)))
                found = dataclasses.replace(merged[key], operations=ops)
            merged[key] = found
    return list(merged.values())


def main(argv: list[str]) -> int:
    """`python -m contract.examples [SPEC]`: one line per broken example; exit 1 if any."""
    try:
        spec = Spec.from_path(Path(argv[0]) if argv else default_spec_path())
        found = example_problems(spec)
    except (OSError, SpecError, KeyError, TypeError, ValueError, yaml.YAMLError) as error:
        print(f"examples: cannot check the spec: {' '.join(str(error).split())}", file=sys.stderr)
        return 2
    for problem in found:
        print(f"examples: {problem}", file=sys.stderr)
    if not found:
        print(f"examples: {sum(1 for _ in examples(spec))} examples meet their schemas and x-rules")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
