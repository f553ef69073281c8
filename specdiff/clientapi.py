"""Compares the public Python API of two generated clients with griffe: what a client user's code
meets after upgrading, which the wire-level diff cannot see (renamed modules and classes, changed
annotations, new required constructor arguments of the attrs models)."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import griffe

from specdiff.generate import cached_client
from specdiff.model import ClientApiChange
from specdiff.reach import soften
from specdiff.sources import parse

PACKAGE = "imagegen_client"


def load(project: Path) -> griffe.Object:
    """The package's API as griffe reads it from source (nothing is imported)."""
    loaded = griffe.load(
        PACKAGE, search_paths=[project], allow_inspection=False, store_source=False
    )
    assert isinstance(loaded, griffe.Object)
    return loaded


def _short(value: Any) -> str:
    if value is None:
        return "none"
    name = getattr(value, "name", None)
    return str(name) if isinstance(name, str) and not isinstance(value, str) else str(value)


def _breakages(old_api: griffe.Object, new_api: griffe.Object) -> Iterator[ClientApiChange]:
    for breakage in griffe.find_breaking_changes(old_api, new_api):
        kind = breakage.kind.name.lower().replace("_", "-")
        if breakage.kind is griffe.BreakageKind.OBJECT_REMOVED:
            message = "removed: code that uses it fails"
        else:
            old, new = _short(breakage.old_value), _short(breakage.new_value)
            message = f"{breakage.kind.value.lower()}: {old} -> {new}"
        yield ClientApiChange(kind, breakage.obj.path, True, message)


def _public(obj: griffe.Object) -> Iterator[griffe.Object | griffe.Alias]:
    """Public objects of a module or class: its own, and the names a package re-exports."""
    for name, member in obj.members.items():
        if name.startswith("_"):
            continue
        if isinstance(member, griffe.Object) or obj.is_init_module:
            yield member


def _fields(cls: griffe.Object) -> dict[str, griffe.Attribute]:
    """An attrs model's constructor arguments, in order (a field with no value is required)."""
    fields: dict[str, griffe.Attribute] = {}
    for name, member in cls.members.items():
        if not isinstance(member, griffe.Attribute) or member.annotation is None:
            continue
        if "property" in member.labels or "init=False" in str(member.value).replace(" ", ""):
            continue
        fields[name] = member
    return fields


def _default(field: griffe.Attribute) -> str | None:
    """A field's default as written; None when the constructor needs it (attrs' field() alone)."""
    if field.value is None:
        return None
    text = str(field.value)
    try:
        call = ast.parse(text, mode="eval").body
    except SyntaxError:
        return text
    if not isinstance(call, ast.Call) or not ast.unparse(call.func).endswith("field"):
        return text
    given = {keyword.arg: ast.unparse(keyword.value) for keyword in call.keywords}
    if "default" in given:
        return given["default"]
    return f"factory {given['factory']}" if "factory" in given else None


def _is_attrs(cls: griffe.Object) -> bool:
    """An openapi-python-client model: an attrs class, whose fields are its constructor."""
    return isinstance(cls, griffe.Class) and any(
        "attrs_define" in str(d.value) for d in cls.decorators
    )


def _additions(old: griffe.Object, new: griffe.Object) -> Iterator[ClientApiChange]:
    """What griffe's breakage search does not report: additions, and attrs constructors."""
    before = {obj.name: obj for obj in _public(old)}
    for obj in _public(new):
        previous = before.get(obj.name)
        if previous is None:
            what = "re-exported name" if obj.is_alias else f"{obj.kind.value}"
            yield ClientApiChange("object-added", obj.path, False, f"new {what}")
            continue
        if not isinstance(obj, griffe.Object) or not isinstance(previous, griffe.Object):
            continue
        if isinstance(obj, griffe.Function) and isinstance(previous, griffe.Function):
            known = {p.name for p in previous.parameters}
            for parameter in obj.parameters:
                if parameter.name not in known and not parameter.required:
                    yield ClientApiChange(
                        "parameter-added", obj.path, False, f"new optional {parameter.name}"
                    )
        if _is_attrs(obj) and _is_attrs(previous):
            yield from _constructor(previous, obj)
        if (obj.is_module or obj.is_class) and obj.kind is previous.kind:
            yield from _additions(previous, obj)


def _constructor(old: griffe.Object, new: griffe.Object) -> Iterator[ClientApiChange]:
    """The attrs fields griffe's breakage search leaves alone: their types, defaults and order."""
    o_fields, n_fields = _fields(old), _fields(new)
    for name, field in n_fields.items():
        before = o_fields.get(name)
        default = _default(field)
        if before is None:
            if default is None:
                message = f"{new.name}(...) needs the new argument {name}"
                yield ClientApiChange(
                    "constructor-argument-added-required", new.path, True, message
                )
            continue
        default_before = _default(before)
        if default is None and default_before is not None:
            message = f"{new.name}(...) now needs {name}"
            yield ClientApiChange("constructor-argument-became-required", new.path, True, message)
        elif default != default_before:
            message = f"default changed: {default_before} -> {default}"
            yield ClientApiChange("attribute-changed-default", field.path, True, message)
        if str(field.annotation) != str(before.annotation):
            message = f"attribute types are incompatible: {before.annotation} -> {field.annotation}"
            yield ClientApiChange("attribute-changed-type", field.path, True, message)
    if [n for n in o_fields if n in n_fields] != [n for n in n_fields if n in o_fields]:
        message = f"{new.name}(...) takes its positional arguments in another order"
        yield ClientApiChange("constructor-arguments-reordered", new.path, True, message)


def _family(change: ClientApiChange) -> tuple[str, bool]:
    """Where an object lives, and whether its name is a class (CamelCase) or a module/function."""
    parent, _, name = change.object.rpartition(".")
    return parent, name[:1].isupper()


def _renames(changes: list[ClientApiChange]) -> list[ClientApiChange]:
    """A removed and an added object alone in their family read as one rename."""
    removed = [c for c in changes if c.kind == "object-removed"]
    added = [c for c in changes if c.kind == "object-added"]
    paired: list[ClientApiChange] = []
    for gone in removed:
        same = [a for a in added if _family(a) == _family(gone)]
        if len(same) == 1 and [_family(r) for r in removed].count(_family(gone)) == 1:
            new_name = same[0].object.rpartition(".")[2]
            message = f"renamed to {new_name}: code that uses the old name fails"
            paired.append(ClientApiChange("object-renamed", gone.object, True, message))
            changes = [c for c in changes if c not in (gone, same[0])]
    return paired + changes


def compare_projects(old: Path, new: Path) -> tuple[ClientApiChange, ...]:
    """Every public API change between two generated client projects."""
    old_api, new_api = load(old), load(new)
    changes = [*_breakages(old_api, new_api), *_additions(old_api, new_api)]
    unique = list({(c.kind, c.object): c for c in reversed(changes)}.values())[::-1]
    return tuple(sorted(_renames(unique), key=lambda c: (not c.breaking, c.object, c.kind)))


def compare_specs(
    old_text: str, new_text: str, *, cache: Path | None = None
) -> tuple[ClientApiChange, ...]:
    """Generate both clients (concurrently, cached by their inputs) and compare them."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        old, new = pool.map(lambda text: cached_client(text, cache), (old_text, new_text))
    return compare_projects(old, new)


def summary(changes: tuple[ClientApiChange, ...]) -> str:
    """The few lines scripts/regenerate prints after rebuilding generated/."""
    if not changes:
        return "client API: unchanged"
    breaking = sum(c.breaking for c in changes)
    lines = [f"client API: {len(changes)} change(s), {breaking} breaking"]
    for c in changes:
        mark = "BREAKING" if c.breaking else "WARNING" if c.warning else "ok"
        lines.append(f"  {mark:8} {c.kind} {c.object}: {c.message}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """`python -m specdiff.clientapi OLD NEW [SPEC]` (client projects): what scripts/regenerate
    prints; with the spec, a constructor change of a model users only read is a warning."""
    if len(argv) not in (2, 3):
        print("usage: python -m specdiff.clientapi OLD_PROJECT NEW_PROJECT [SPEC]", file=sys.stderr)
        return 2
    changes = compare_projects(Path(argv[0]), Path(argv[1]))
    if len(argv) == 3:
        spec = parse(argv[2], Path(argv[2]).read_text(encoding="utf-8"))
        changes = soften(changes, spec.document)
    print(summary(changes))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
