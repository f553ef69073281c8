"""Examples that a change made invalid: they break NEW's schemas or x-rules, and did not in OLD
(`contract.examples` is the checker, shared with `scripts/lint` and the conformance kit)."""

from __future__ import annotations

import hashlib

from contract import Spec
from contract.examples import ExampleProblem, example_problems
from specdiff.model import ChangeId, Finding
from specdiff.sources import Source

EXAMPLE_BECAME_INVALID = ChangeId("example-became-invalid")


_CHECKED: dict[str, tuple[ExampleProblem, ...]] = {}  # by the text's hash: OLD is often reused


def _checked(source: Source) -> tuple[ExampleProblem, ...]:
    """The examples a document's own rules refuse (a draft may lack names our code relies on)."""
    digest = hashlib.sha256(source.text.encode()).hexdigest()
    if digest not in _CHECKED:
        try:
            found = tuple(example_problems(Spec(source.document, check_names=False)))
        except (KeyError, TypeError, ValueError, AttributeError):  # a shape no checker foresaw
            found = ()
        if len(_CHECKED) > 16:
            _CHECKED.clear()
        _CHECKED[digest] = found
    return _CHECKED[digest]


def diff_examples(old: Source, new: Source) -> list[Finding]:
    """One finding per example that NEW's rules refuse and OLD's accepted, naming the rule."""
    before = {(p.pointer, p.rule) for p in _checked(old)}
    return [
        Finding(
            EXAMPLE_BECAME_INVALID,
            problem.pointer,
            f"the {problem.kind} example of {', '.join(problem.operations)}",
            "",
            problem.rule,
            problem.message,
            frozenset(problem.operations),
            frozenset({problem.rule}),
        )
        for problem in _checked(new)
        if (problem.pointer, problem.rule) not in before
    ]
