"""Every change ID is a constant declared where it is emitted, and the table decides each of them.

Read from the code itself, not from the corpus: an ID the table lacks, or one it keeps that no code
can emit, fails here even when no corpus case reaches it.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from contract.parsing import KINDS as CONTRACT_KINDS
from specdiff.model import ChangeId, Sided
from specdiff.table import DECISIONS
from specdiff.xrules import KINDS

PACKAGE = Path(__file__).resolve().parents[2] / "specdiff"
EMITTERS = sorted(
    path for path in PACKAGE.glob("*.py") if not path.stem.startswith(("table", "verdicts", "__"))
)
# The calls a change ID is handed to: a finding, a schema walk's `add`, the context's `add`, `emit`.
EMIT_CALLS = {"Finding", "add", "emit"}


def _ids_in(value: Any) -> Iterator[ChangeId]:
    if isinstance(value, ChangeId):
        yield value
    elif isinstance(value, Sided):
        yield from value.ids
    elif isinstance(value, dict):
        for item in value.values():
            yield from _ids_in(item)
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _ids_in(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from _ids_in(getattr(value, item.name))


def _declared() -> dict[str, str]:
    """Each ID the emitting modules declare, and the module that declares it."""
    found: dict[str, str] = {}
    for path in EMITTERS:
        module = importlib.import_module(f"specdiff.{path.stem}")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        own = {
            target.id
            for node in tree.body
            if isinstance(node, ast.Assign | ast.AnnAssign)
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(target, ast.Name)
        }
        for name in own:
            for change_id in _ids_in(getattr(module, name)):
                found.setdefault(str(change_id), path.stem)
    return found


def _emit_arguments() -> Iterator[tuple[str, ast.expr]]:
    for path in EMITTERS:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else None
            name = node.func.attr if isinstance(node.func, ast.Attribute) else name
            if name in EMIT_CALLS:
                yield f"{path.name}:{node.lineno}", node.args[0]


def test_the_table_decides_exactly_the_declared_ids() -> None:
    declared = _declared()
    assert sorted(set(DECISIONS) - set(declared)) == [], "decided but declared nowhere"
    assert sorted(set(declared) - set(DECISIONS)) == [], "declared but not decided"


def _candidates(expr: ast.expr) -> Iterator[ast.expr]:
    """The expressions that may be the ID: both branches of a conditional, else the whole."""
    if isinstance(expr, ast.IfExp):
        yield from _candidates(expr.body)
        yield from _candidates(expr.orelse)
    else:
        yield expr


def test_every_id_handed_to_a_finding_is_a_declared_constant() -> None:
    checked = 0
    for where, argument in _emit_arguments():
        for candidate in _candidates(argument):
            checked += 1
            built = isinstance(candidate, ast.JoinedStr | ast.BinOp) or (
                isinstance(candidate, ast.Constant) and isinstance(candidate.value, str)
            )
            assert not built, f"{where}: an ID built from a string, not a declared constant"
    assert checked > 50


def test_every_declared_constant_is_used_by_the_code_that_emits() -> None:
    used: set[str] = set()
    declared: list[tuple[str, str]] = []
    for path in EMITTERS:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            value = node.value if isinstance(node, ast.Assign) else None
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.targets[0], ast.Name)
                and isinstance(value, ast.Call)
                and getattr(value.func, "id", "") in ("ChangeId", "Sided")
            ):
                declared.append((path.name, node.targets[0].id))
                continue
            used |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
    assert len(declared) > 80
    for module, name in declared:
        assert name in used, f"{module}: {name} is declared but nothing emits it"


def test_every_x_rules_kind_has_its_ids() -> None:
    assert set(KINDS) == set(CONTRACT_KINDS)
