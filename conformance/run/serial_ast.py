"""`ast.parse` one thread at a time while the fuzzer's workers run.

Hypothesis parses lambda sources with `ast.parse` to describe strategies; on CPython 3.11, two
threads doing so at once can fail with "AST constructor recursion depth mismatch" (gh-106905),
which cuts the operation's phase short and costs a second run of it alone.
"""

from __future__ import annotations

import ast
import contextlib
import threading
from collections.abc import Iterator
from typing import Any

_LOCK = threading.RLock()


@contextlib.contextmanager
def serialised_ast_parse() -> Iterator[None]:
    """Within the block, every `ast.parse` in the process holds one lock."""
    original = ast.parse

    def parse(*args: Any, **kwargs: Any) -> Any:
        with _LOCK:
            return original(*args, **kwargs)

    ast.parse = parse
    try:
        yield
    finally:
        ast.parse = original
