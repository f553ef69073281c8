"""Renders a request as a curl line that a user pastes into bash, with the key left in $API_KEY."""

from __future__ import annotations

import shlex
from collections.abc import Mapping

LONG_RUN = 4096  # a run of one byte this long is generated in the curl line, not spelled out
KEY_VARIABLE = "$API_KEY"


def curl_line(method: str, url: str, headers: Mapping[str, str], body: bytes | None) -> str:
    """A curl command that repeats the request; bash expands the key from the environment."""
    parts = ["curl", "-sS", "-X", method, shlex.quote(url)]
    for name, value in headers.items():
        if name.lower() == "authorization":
            parts += ["-H", _authorization(name, value)]
        else:
            parts += ["-H", shlex.quote(f"{name}: {value}")]
    if body is not None:
        parts += _curl_body(body)
    return " ".join(parts)


def keyless(name: str, value: str) -> str:
    """A header's value as reports show it: an Authorization key becomes $API_KEY."""
    if name.lower() != "authorization" or not value:
        return value
    scheme = value.split(" ", 1)[0] if " " in value else ""
    return f"{scheme} {KEY_VARIABLE}".strip()


def _authorization(name: str, value: str) -> str:
    """The header in double quotes, so bash expands $API_KEY (single quotes would send it as is)."""
    return f'"{name}: {keyless(name, value)}"'


def _curl_body(body: bytes) -> list[str]:
    """curl arguments that send exactly `body`: literal when short and text, else generated."""
    start, length = _longest_run(body)
    if length < LONG_RUN:
        try:
            return ["--data-raw", shlex.quote(body.decode("utf-8"))]
        except UnicodeDecodeError:
            start, length = 0, 0
    head, filler, tail = body[:start], body[start : start + 1], body[start + length :]
    program = f"import sys; sys.stdout.buffer.write({head!r} + {filler!r} * {length} + {tail!r})"
    return ["--data-binary", f"@<(python3 -c {shlex.quote(program)})"]


def _longest_run(data: bytes) -> tuple[int, int]:
    """Where the longest run of one repeated byte starts, and how long it is."""
    best_start, best_length, start = 0, 0, 0
    for index in range(1, len(data) + 1):
        if index == len(data) or data[index] != data[start]:
            if index - start > best_length:
                best_start, best_length = start, index - start
            start = index
    return best_start, best_length
