"""An exchange as the proxy's forwarding path left it: raw bytes, made into a `Seen` later."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from conformance.passive.harfile import Recorded
from conformance.passive.seen import Seen, seen


def _text(pairs: list[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
    return [(name.decode("latin-1"), value.decode("latin-1")) for name, value in pairs]


@dataclass
class Forwarded:
    """An exchange as the forwarding path left it, raw: the judge's thread makes the `Seen`."""

    method: bytes
    origin: str  # the upstream's scheme://host:port, to which the target is appended
    target: bytes
    headers: list[tuple[bytes, bytes]]
    body: bytes
    started: float
    ended: float = 0.0
    status: int | None = None
    answer_headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    kept: list[bytes] | None = None
    error_text: str | None = None
    tap: Callable[[Recorded], None] | None = None
    error: Exception | None = None  # the upstream could not be asked (no answer at all)
    unreachable: bool = False

    def seen(self) -> Seen:
        method, url = (
            self.method.decode("latin-1"),
            self.origin + self.target.decode("latin-1"),
        )
        headers = [
            (name.decode("latin-1"), value.decode("latin-1")) for name, value in self.headers
        ]
        if self.error is not None:
            gone = seen(method, url, headers, self.body, None, [], None, self.started, self.started)
            gone.exchange.error = type(self.error).__name__
            gone.unreachable = self.unreachable
            return gone
        answer = [
            (name.decode("latin-1"), value.decode("latin-1")) for name, value in self.answer_headers
        ]
        encoding = next((v for n, v in answer if n.lower() == "content-encoding"), None)
        content = decoded(encoding, self.kept)
        if self.tap is not None and content is not None:
            self.tap(
                Recorded(
                    method, url, headers, self.body, self.status, answer, content, self.started,
                    self.ended - self.started,
                )
            )  # fmt: skip
        return seen(
            method, url, headers, self.body, self.status, answer, content, self.started,
            self.ended, self.error_text,
        )  # fmt: skip


def decoded(encoding: str | None, kept: list[bytes] | None) -> bytes | None:
    """The answer's bytes for the judge: gzip and deflate undone; other encodings not judged."""
    if kept is None:
        return None
    raw = b"".join(kept)
    kind = (encoding or "identity").strip().lower()
    if kind == "identity":
        return raw
    if kind in ("gzip", "deflate", "x-gzip"):
        try:
            return zlib.decompress(raw, 47)  # 32 + 15: gzip or zlib header, detected
        except zlib.error:
            return None
    return None
