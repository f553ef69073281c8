"""The spec's examples that break its own rules: never sent as valid data, reported once as a
defect of the spec (SPEC-1), so a correct server is not failed for the spec's contradiction."""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from contract import Spec, pointers
from contract.examples import RESPONSE, ExampleProblem, example_problems

EXPECTED = "every example of the spec satisfies its schema and x-rules (contract.examples)"


@cache
def broken_examples(spec: Spec) -> tuple[ExampleProblem, ...]:
    """The examples of `spec` that its own schemas or x-rules refuse (checked once per spec)."""
    return tuple(example_problems(spec))


def sendable_document(spec: Spec) -> dict[str, Any]:
    """A copy of the spec's document without the request and parameter examples it contradicts
    (what a fuzzer's examples phase would send as valid data)."""
    document = copy.deepcopy(dict(spec.raw))
    for problem in broken_examples(spec):
        if problem.kind == RESPONSE:
            continue  # never sent: the server answers, the kit does not replay answers
        tokens = pointers.tokens(problem.pointer)
        if tokens[-1] == "value":  # examples/<name>/value: drop the named example
            tokens = tokens[:-1]
        holder: Any = document
        for token in tokens[:-1]:
            holder = holder[int(token)] if isinstance(holder, list) else holder[token]
        if isinstance(holder, dict):
            holder.pop(tokens[-1], None)
    return document


def defect_message(problem: ExampleProblem) -> str:
    """How the report tells a spec defect: the example's pointer and the rule it breaks."""
    return f"the spec contradicts itself: {problem}"
