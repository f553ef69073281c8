"""Writes each sync twin in spec/client/imagegen_client from its async original, as httpcore's
unasync script does, so the two cannot drift: `--check` fails when one differs from what the
async block makes (compared as syntax trees, so formatting does not matter).

A module marks the pair with `# unasync: async NAME` ... `# unasync: end` around the original and
`# unasync: sync NAME` ... `# unasync: end` around the twin that this script writes.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent / "imagegen_client"

RULES: tuple[tuple[str, str], ...] = (
    (r"\bAsyncRetryTransport\b", "RetryTransport"),
    (r"\bhttpx\.AsyncBaseTransport\b", "httpx.BaseTransport"),
    (r"\bhandle_async_request\b", "handle_request"),
    (r"\bget_async_httpx_client\b", "get_httpx_client"),
    (r"\baiter_bytes\b", "iter_bytes"),
    (r"\bAsyncIterator\b", "Iterator"),
    (r"Callable\[\[float\], Awaitable\[None\]\]", "Callable[[float], None]"),
    (r"\basyncio\.sleep\b", "time.sleep"),
    (r"\baread\(", "read("),
    (r"\baclose\(", "close("),
    (r"\.asyncio\(", ".sync("),
    (r"\basync (def|with|for) ", r"\1 "),
    (r"\bawait ", ""),
    (r"\b(\w+)_async\b", r"\1"),
    (r"for (\w+) in (.*):\n\s+yield \1\n", r"yield from \2\n"),  # no `yield from` in async
)
"""From async to sync, in order: names, then keywords, then the `_async` suffix of twins."""

_BLOCK = re.compile(
    r"^# unasync: (?P<kind>async|sync) (?P<name>\w+)[^\n]*\n(?P<body>.*?)^# unasync: end\n",
    re.MULTILINE | re.DOTALL,
)


_NOTE = "(written by spec/client/unasync.py from the async block: edit that)"


def unasync(text: str) -> str:
    """The sync twin of an async block's source."""
    for pattern, replacement in RULES:
        text = re.sub(pattern, replacement, text)
    return text


def _blocks(text: str) -> dict[tuple[str, str], re.Match[str]]:
    return {(m["kind"], m["name"]): m for m in _BLOCK.finditer(text)}


def _tree(source: str) -> str:
    return ast.dump(ast.parse(source))


def drifted(path: Path) -> list[str]:
    """The names of the module's sync blocks that differ from what their async block makes."""
    blocks = _blocks(path.read_text(encoding="utf-8"))
    return [
        name
        for (kind, name), block in blocks.items()
        if kind == "async" and _tree(unasync(block["body"])) != _tree(blocks["sync", name]["body"])
    ]


def rewrite(path: Path) -> bool:
    """Writes every sync block of the module from its async block; whether anything changed."""
    text = path.read_text(encoding="utf-8")
    blocks = _blocks(text)
    for (kind, name), block in blocks.items():
        if kind == "async":
            twin = blocks["sync", name]
            made = f"# unasync: sync {name} {_NOTE}\n{unasync(block['body'])}# unasync: end\n"
            text = text.replace(twin.group(0), made)
    if text == path.read_text(encoding="utf-8"):
        return False
    path.write_text(text, encoding="utf-8")
    ruff = Path(sys.executable).parent / "ruff"
    subprocess.run([str(ruff), "format", "--quiet", str(path)], check=True, timeout=60)
    return True


def main(argv: list[str]) -> int:
    """`unasync.py` rewrites the sync twins; `unasync.py --check` only says which drifted."""
    modules = sorted(PACKAGE.glob("*.py"))
    if argv == ["--check"]:
        stale = [f"{path.name}: {name}" for path in modules for name in drifted(path)]
        for line in stale:
            print(f"sync twin differs from its async original: {line}", file=sys.stderr)
        return 1 if stale else 0
    for path in modules:
        if drifted(path):
            rewrite(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
