"""The variants of each rule, from the spec: a new operation or branch shows up unexercised."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from conformance.run.outcome import Variant
from contract import (
    POLL_OPERATIONS,
    WEBHOOK_FIELD,
    AreaLimit,
    Operation,
    OperationId,
    OutputFormat,
    OutputSize,
    PublicUrl,
    ResultCount,
    Rule,
    Spec,
    WordLimit,
)

STATUS_SCHEMA = "ArtworkStatus"
NOT_TERMINAL = ("starting", "processing")  # LIFE-2: the statuses a task passes through
TERMINAL_RULES = ("LIFE-2", "LIFE-4", "HOOK-1")  # rules whose words hold for every terminal status
UNREACHABLE = {"canceled": "nothing in the contract makes a task end canceled"}
OTHERWISE = "otherwise"  # the branch where no `when` of a limit matches: the limit does not apply
_LIMIT_KINDS = (AreaLimit, WordLimit)  # kinds whose contract also speaks outside their `when`
_EVERY_OPERATION = ("AUTH-1", "AUTH-2", "ERR-1", "SEC-1")
_TASK_RULES = ("LIFE-1", "LIFE-2", "LIFE-3", "LIFE-4", "RES-2", "HOOK-1", "HOOK-2")


def operation(op_id: str) -> Variant:
    return Variant("operation", op_id)


def render_when(schema: Mapping[str, Any]) -> str:
    """A `when` schema in a few words: `imageGuidance=1, highResolution=true`, `no aspectRatio`."""
    parts = []
    for name, condition in schema.get("properties", {}).items():
        if "const" in condition:
            parts.append(f"{name}={json.dumps(condition['const'])}")
        elif "enum" in condition:
            parts.append(f"{name} in {json.dumps(condition['enum'])}")
    constrained = set(schema.get("properties", {}))
    parts += [f"{name} given" for name in schema.get("required", []) if name not in constrained]
    absent = [
        name
        for branch in schema.get("not", {}).get("anyOf", [])
        for name in branch.get("required", [])
    ]
    if absent:
        parts.append(f"no {'/'.join(absent)}")
    return ", ".join(parts) or json.dumps(schema, sort_keys=True)


def _entries(op: Operation, rule_id: str) -> list[Rule]:
    return [rule for rule in op.rules if rule.id == rule_id]


def _branch(op: Operation, rule: Rule) -> Variant:
    assert rule.when.schema is not None
    return Variant("when", f"{op.operation_id}: {render_when(rule.when.schema)}")


def when_variants(op: Operation) -> Iterator[tuple[str, Variant]]:
    """Each `when` branch of the operation's x-rules, and `otherwise` where a limit stops."""
    seen: set[tuple[str, Variant]] = set()
    for rule in op.rules:
        if rule.when.schema is None:
            continue
        found = [(rule.id, _branch(op, rule))]
        if isinstance(rule, _LIMIT_KINDS):
            found.append((rule.id, Variant("when", f"{op.operation_id}: {OTHERWISE}")))
        for item in found:
            if item not in seen:
                seen.add(item)
                yield item


def branches_hit(op: Operation, rule_id: str, body: Mapping[str, Any]) -> list[Variant]:
    """The `when` branches of `rule_id` that decide for `body` (none when it has no branches)."""
    entries = _entries(op, rule_id)
    if not any(rule.when.schema is not None for rule in entries):
        return []
    hit: list[Rule]
    if any(isinstance(rule, OutputSize) for rule in entries):
        decider = op.first_matching(OutputSize, body)
        hit = [decider] if decider is not None and decider.id == rule_id else []
    else:
        hit = [rule for rule in entries if rule.when.matches(body)]
    branches = [_branch(op, rule) for rule in hit if rule.when.schema is not None]
    limits = [rule for rule in entries if isinstance(rule, _LIMIT_KINDS) and rule.when.schema]
    if limits and not any(rule.when.matches(body) for rule in limits):
        branches.append(Variant("when", f"{op.operation_id}: {OTHERWISE}"))
    return branches


def source_fields(spec: Spec, op: Operation) -> tuple[str | None, str | None, int, int]:
    """E2-like sources: the single-URL field, the list field and the list's item bounds."""
    assert op.request_schema is not None
    props = spec.component(op.request_schema).get("properties", {})
    urls = [f for rule in op.rules_of(PublicUrl) for f in rule.fields if f != WEBHOOK_FIELD]
    listed = next((f for f in urls if props.get(f, {}).get("type") == "array"), None)
    if listed is None:
        return None, None, 0, 0
    single = listed[:-1] if listed[:-1] in urls else None
    schema = props[listed]
    return single, listed, int(schema.get("minItems", 1)), int(schema.get("maxItems", 1))


def count_variants(spec: Spec, op: Operation) -> list[Variant]:
    """RES-1: every count its words allow: each `batch` and its default, each number of sources."""
    found: list[Variant] = []
    for rule in op.rules_of(ResultCount):
        if rule.field is not None and op.request_schema is not None:
            low, high = spec.bounds(op.request_schema, rule.field)
            found += [
                Variant("count", f"{op.operation_id}: {rule.field}={n}")
                for n in range(low, high + 1)
            ]
            found.append(Variant("count", f"{op.operation_id}: {rule.field} default"))
        single, listed, low, high = source_fields(spec, op)
        if listed is not None:
            if single is not None:
                found.append(Variant("count", f"{op.operation_id}: one source as {single}"))
            found += [
                Variant("count", f"{op.operation_id}: {n} in {listed}")
                for n in range(low, high + 1)
            ]
    return found


def counts_hit(spec: Spec, op: Operation, body: Mapping[str, Any]) -> list[Variant]:
    """The RES-1 count variants one created body exercises."""
    found: list[Variant] = []
    for rule in op.rules_of(ResultCount):
        if rule.field is not None:
            name = (
                f"{rule.field}={body[rule.field]}"
                if rule.field in body
                else f"{rule.field} default"
            )
            found.append(Variant("count", f"{op.operation_id}: {name}"))
    single, listed, _, _ = source_fields(spec, op)
    if single is not None and single in body:
        found.append(Variant("count", f"{op.operation_id}: one source as {single}"))
    if listed is not None and isinstance(body.get(listed), list):
        found.append(Variant("count", f"{op.operation_id}: {len(body[listed])} in {listed}"))
    return found


def url_field(op: Operation, field: str) -> Variant:
    return Variant("field", f"{op.operation_id}.{field}")


def visibility_routes(spec: Spec) -> list[Variant]:
    """AUTH-4: E7 plain, with each of its query parameters but the page size, and all filters."""
    op = spec.operation(OperationId.LIST_ARTWORKS)
    paging = {p.name for p in op.parameters if op.rule_for_parameter(p) == "LIST-1"}
    others = [p for p in op.parameters if p.location == "query" and p.name not in paging]
    filters = sorted(p.name for p in others if "enum" in p.schema or "$ref" in p.schema)
    routes = [route_of({})] + [route_of({p.name: ""}) for p in others]
    if len(filters) > 1:
        routes.append(route_of(dict.fromkeys(filters, "")))
    return routes


def route_of(params: Mapping[str, Any]) -> Variant:
    """The AUTH-4 route a list call with these query parameters takes."""
    names = sorted(name for name in params if name != "limit")
    suffix = "?" + "&".join(names) if names else ""
    return Variant("route", f"{OperationId.LIST_ARTWORKS}{suffix}")


def terminal_statuses(spec: Spec) -> list[str]:
    return [s for s in spec.component(STATUS_SCHEMA)["enum"] if s not in NOT_TERMINAL]


def _referencing(spec: Spec, pointer: str) -> list[str]:
    """Operations whose definition reaches the component at `pointer` through `$ref`s."""
    target = "#" + pointer
    memo: dict[str, bool] = {}

    def reaches(node: Any) -> bool:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                if ref == target:
                    return True
                if ref not in memo:
                    memo[ref] = False
                    memo[ref] = reaches(spec.resolve(ref))
                return memo[ref]
            return any(reaches(value) for value in node.values())
        if isinstance(node, list):
            return any(reaches(value) for value in node)
        return False

    return [op.operation_id for op in spec.operations if reaches(dict(op.raw))]


def rule_operations(spec: Spec) -> dict[str, list[str]]:
    """Per rule, the operations its words apply to, read from x-rules, x-enforces and the paths."""
    found: dict[str, list[str]] = {rule.id: [] for rule in spec.contract_rules}

    def add(rule_id: str, op_id: str) -> None:
        if rule_id in found and op_id not in found[rule_id]:
            found[rule_id].append(op_id)

    every = [op.operation_id for op in spec.operations]
    hooked = [op.operation_id for op in spec.operations if op.has_body and _takes_webhook(spec, op)]
    for rule_id in _EVERY_OPERATION:
        for op_id in every:
            add(rule_id, op_id)
    for rule_id, pointer in spec.raw.get("x-enforces", {}).items():
        for op_id in _referencing(spec, pointer) if pointer.startswith("/components") else []:
            add(rule_id, op_id)
    for op in spec.operations:
        for rule_id in op.enforced_by():
            add(rule_id, op.operation_id)
        if op.request_schema is not None:
            for rule_id in [*spec.enforced_by(op.request_schema), *(r.id for r in op.rules)]:
                add(rule_id, op.operation_id)
    webhook = spec.raw["webhooks"]
    for item in webhook.values():
        hook = item.get("post", {})
        for rule_id in [*hook.get("x-enforces", {}), *(r["id"] for r in hook.get("x-rules", []))]:
            for op_id in hooked:
                add(rule_id, op_id)
    for rule_id in _TASK_RULES:
        for op_id in hooked:
            add(rule_id, op_id)
    for op_id in POLL_OPERATIONS:
        add("ECHO-2", op_id)
        add("AUTH-4", op_id)
    add("AUTH-4", OperationId.LIST_ARTWORKS)
    for rule_id in ("IMG-2",):
        for op_id in found.get("IMG-1", []):
            add(rule_id, op_id)
    return found


def _takes_webhook(spec: Spec, op: Operation) -> bool:
    return any(WEBHOOK_FIELD in rule.fields for rule in op.rules_of(PublicUrl))


def spec_variants(spec: Spec) -> Iterator[tuple[str, Variant, str]]:
    """Every (rule, variant, note) the spec itself names: operations, branches, counts, fields."""
    for rule_id, op_ids in rule_operations(spec).items():
        for op_id in op_ids:
            yield rule_id, operation(op_id), ""
    for op in spec.operations:
        for rule_id, variant in when_variants(op):
            yield rule_id, variant, ""
        if op.has_body:
            for variant in count_variants(spec, op):
                yield "RES-1", variant, ""
            for rule in op.rules_of(PublicUrl):
                for field in rule.fields:
                    yield rule.id, url_field(op, field), ""
        if (
            op.has_body
            and op.rules_of(OutputSize)
            and any(size.long_side_field for size in op.rules_of(OutputSize))
        ):
            for variant in output_variants(spec, op):
                yield "IMG-1", variant, ""
    for variant in visibility_routes(spec):
        yield "AUTH-4", variant, ""
    for status in terminal_statuses(spec):
        for rule_id in TERMINAL_RULES:
            yield rule_id, Variant("status", status), UNREACHABLE.get(status, "")


def output_variants(
    spec: Spec, op: Operation, body: Mapping[str, Any] | None = None
) -> list[Variant]:
    """IMG-1: each ratio, format and named or boundary long side; with a body, those it hits."""
    assert op.request_schema is not None
    found: list[Variant] = []
    for size in op.rules_of(OutputSize):
        if size.long_side_field is None or size.ratio_field is None:
            continue
        ratios = spec.property_schema(op.request_schema, size.ratio_field).get("enum", [])
        low, high = long_side_bounds(spec, op, size.long_side_field)
        sides = [*size.long_side_names, low, high]
        found += [Variant("class", f"{size.ratio_field}={ratio}") for ratio in ratios]
        found += [Variant("boundary", f"{size.long_side_field}={side}") for side in sides]
    for fmt in op.rules_of(OutputFormat):
        if fmt.field is not None:
            found += [Variant("class", f"{fmt.field}={name}") for name in fmt.media_types]
    sources = [f for rule in op.rules_of(PublicUrl) for f in rule.fields if f != WEBHOOK_FIELD]
    found += [Variant("count", f"{op.operation_id}: with {field}") for field in sources]
    if body is None:
        return found
    defaults = spec.defaults(op.request_schema)
    picked = {**defaults, **body}
    hit = {
        f"{name}={value}" for name, value in picked.items() if not isinstance(value, dict | list)
    }
    hit |= {f"{op.operation_id}: with {field}" for field in sources if picked.get(field)}
    return [variant for variant in found if variant.name in hit]


def long_side_bounds(spec: Spec, op: Operation, field: str) -> tuple[int, int]:
    """The integer range a long-side field allows (in one branch of its `anyOf`)."""
    assert op.request_schema is not None
    schema = spec.property_schema(op.request_schema, field)
    for branch in [schema, *schema.get("anyOf", [])]:
        if "minimum" in branch and "maximum" in branch:
            return int(branch["minimum"]), int(branch["maximum"])
    return 1, 1 << 31
