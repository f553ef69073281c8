"""Spec paths to operations: the one router, answering 404 and 405 (with `Allow`) itself."""

from __future__ import annotations

import re
from dataclasses import dataclass

from contract import Operation, Spec
from refserver.errors import ApiError

_PARAMETER = re.compile(r"\\\{([A-Za-z0-9_]+)\\\}")


@dataclass(frozen=True)
class Route:
    """One spec path: its pattern and the operations by method."""

    pattern: re.Pattern[str]
    operations: dict[str, Operation]
    allow: str


class Router:
    """Matches a decoded path to an operation; a parameter takes any character but `/`."""

    def __init__(self, spec: Spec) -> None:
        by_path: dict[str, dict[str, Operation]] = {}
        for op in spec.operations:
            by_path.setdefault(op.path, {})[op.method] = op
        self.routes = tuple(
            Route(
                re.compile(_PARAMETER.sub(r"(?P<\1>[^/]+)", re.escape(template))),
                operations,
                ", ".join(spec.allowed_methods(template)),
            )
            for template, operations in by_path.items()
        )

    def match(self, method: str, path: str) -> tuple[Operation, dict[str, str]]:
        """The operation and its path parameters, or a 404/405 `ApiError`."""
        for route in self.routes:
            found = route.pattern.fullmatch(path)
            if found is None:
                continue
            op = route.operations.get(method)
            if op is None:
                raise ApiError(405, f"{method} is not allowed here", headers={"Allow": route.allow})
            return op, found.groupdict()
        raise ApiError(404, f"no such path: {path[:200]}")
