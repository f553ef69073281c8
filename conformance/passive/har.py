"""Reads HAR 1.2 as browsers' devtools, mitmproxy and Playwright write it, into exchanges seen."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from conformance.passive.seen import Seen, seen
from conformance.run.userfile import Unreadable, read_text


class HarError(ValueError):
    """A file that is not usable HAR, told in one line."""


def read_har(path: Path) -> list[Seen]:
    """Every entry of one HAR file, in the order its requests started."""
    document = _load(path)
    log = document.get("log") if isinstance(document, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    if not isinstance(entries, list):
        raise HarError(f"{path}: not a HAR file (no log.entries list)")
    found = []
    for index, entry in enumerate(entries):
        try:
            found.append(_entry(entry, path.parent))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise HarError(f"{path}: entry {index} is not a HAR entry ({_why(error)})") from None
    found.sort(key=lambda item: item.started_at)
    return found


def read_hars(paths: list[Path]) -> Iterator[Seen]:
    """The entries of several files together, in the order their requests started."""
    everything = [item for path in paths for item in read_har(path)]
    everything.sort(key=lambda item: item.started_at)
    yield from everything


def _why(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"no {error.args[0]!r}"
    return str(error)[:120] or type(error).__name__


def _load(path: Path) -> Any:
    try:
        text = read_text(path, "a HAR file", "utf-8-sig")
    except Unreadable as error:
        raise HarError(f"{path}: {error}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        if error.pos >= len(text.rstrip()) - 1:
            raise HarError(f"{path}: truncated (the JSON ends at byte {error.pos})") from None
        raise HarError(f"{path}: not JSON ({error.msg}, line {error.lineno})") from None
    except RecursionError:
        raise HarError(f"{path}: not JSON (nested too deeply)") from None


def _instant(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def _headers(raw: Any) -> list[tuple[str, str]]:
    return [(str(item["name"]), str(item["value"])) for item in raw or ()]


def _text(holder: Mapping[str, Any], folder: Path) -> bytes | None:
    """A postData or content body: plain, base64, or a Playwright `_file` beside the HAR."""
    if "text" in holder and holder["text"] is not None:
        text = str(holder["text"])
        if holder.get("encoding") == "base64":
            try:
                return base64.b64decode(text, validate=False)
            except (binascii.Error, ValueError):
                raise ValueError("a body's base64 cannot be decoded") from None
        return text.encode("utf-8")
    attached = holder.get("_file")
    if isinstance(attached, str):
        file = folder / Path(attached).name
        return file.read_bytes() if file.is_file() else None
    return None


def _entry(entry: Mapping[str, Any], folder: Path) -> Seen:
    request, response = entry["request"], entry["response"]
    started = _instant(str(entry["startedDateTime"]))
    total = entry.get("time")
    answered = started + (
        float(total) / 1000 if isinstance(total, int | float) and total > 0 else 0
    )
    method = str(request["method"])
    body: bytes | None = None
    post = request.get("postData")
    if isinstance(post, dict):
        body = _text(post, folder)
    elif request.get("bodySize") in (0, None) and method in ("GET", "HEAD", "DELETE", "OPTIONS"):
        body = None
    elif request.get("bodySize") == 0:
        body = b""
    status = int(response["status"])
    content = response.get("content") or {}
    answer = _text(content, folder) if isinstance(content, dict) else None
    if answer is None and isinstance(content, dict) and content.get("size") == 0:
        answer = b""
    item = seen(
        method,
        str(request["url"]),
        _headers(request.get("headers")),
        body,
        status if status > 0 else None,
        _headers(response.get("headers")),
        answer,
        started,
        answered,
        error=str(response.get("_error") or "no answer") if status <= 0 else None,
    )
    if status <= 0:  # the browser gave up or blocked it: no answer of the server's to judge
        item.unreachable = True
    return item
