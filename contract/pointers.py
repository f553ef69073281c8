"""JSON pointers (RFC 6901): the one place their `~0`/`~1` escaping is written."""

from __future__ import annotations


def escape(token: object) -> str:
    """One reference token as it is written inside a pointer."""
    return str(token).replace("~", "~0").replace("/", "~1")


def join(pointer: str, *tokens: object) -> str:
    """`pointer` with each token appended, escaped."""
    return pointer + "".join("/" + escape(token) for token in tokens)


def tokens(pointer: str) -> list[str]:
    """The unescaped reference tokens of `pointer` ("" is the whole document: no tokens)."""
    return [raw.replace("~1", "/").replace("~0", "~") for raw in pointer.split("/")[1:]]
