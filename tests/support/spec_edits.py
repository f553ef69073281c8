"""Spec-only edits that tests apply to a copy of the spec, found from the spec itself."""

from __future__ import annotations

import copy
from typing import Any

from contract import AreaLimit, Spec, parse_rule
from contract.examples import REQUEST, examples


def lowered_under_an_example(spec: Spec) -> tuple[dict[str, Any], str, str]:
    """A copy of the document whose largest-example area limit sits one pixel under that example:
    the document, the example's pointer, and the rule it now breaks."""
    best: tuple[int, str, str, int, str] | None = None
    for example in examples(spec):
        if example.kind != REQUEST or example.request_schema is None:
            continue
        raw_rules = spec.component(example.request_schema).get("x-rules", ())
        for index, raw in enumerate(raw_rules):
            rule = parse_rule(raw)
            if isinstance(rule, AreaLimit) and rule.applies(example.value):
                area = int(rule.area(example.value))
                if best is None or area > best[0]:
                    best = (area, example.pointer, example.request_schema, index, rule.id)
    assert best is not None, "no request example is covered by an area limit"
    area, pointer, schema, index, rule_id = best
    document = copy.deepcopy(dict(spec.raw))
    document["components"]["schemas"][schema]["x-rules"][index]["max"] = area - 1
    return document, pointer, rule_id
