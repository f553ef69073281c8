"""Writes exchanges as HAR 1.2, so a run (the kit's own, or any traffic) can be judged later."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from conformance.passive.seen import key_digest
from conformance.run.exchange import Exchange

HAR_NAME = "exchanges.har"  # `--report har` writes it beside the other reports
TEXT_TYPES = ("application/json", "text/", "application/problem+json")


@dataclass(frozen=True)
class Recorded:
    """One exchange as sent and answered (status None: no answer)."""

    method: str
    url: str
    headers: list[tuple[str, str]]
    body: bytes | None
    status: int | None
    response_headers: list[tuple[str, str]]
    content: bytes
    started_at: float
    elapsed: float


def pseudonym(name: str, value: str) -> str:
    """An Authorization value with its key replaced by a digest: owners stay apart, keys unseen."""
    if name.lower() != "authorization":
        return value
    scheme, _, token = value.partition(" ")
    if not token.strip():
        return "key-" + key_digest(value) if value else value
    return f"{scheme} key-{key_digest(token.strip())}"


def _content(data: bytes, mime: str) -> dict[str, Any]:
    if any(mime.startswith(kind) for kind in TEXT_TYPES):
        try:
            return {"size": len(data), "mimeType": mime, "text": data.decode("utf-8")}
        except UnicodeDecodeError:
            pass
    return {
        "size": len(data),
        "mimeType": mime,
        "text": base64.b64encode(data).decode("ascii"),
        "encoding": "base64",
    }


def _headers(pairs: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"name": name, "value": pseudonym(name, value)} for name, value in pairs]


def entry(record: Recorded) -> dict[str, Any]:
    request_type = next(
        (v for n, v in record.headers if n.lower() == "content-type"), "application/octet-stream"
    )
    answer_type = next((v for n, v in record.response_headers if n.lower() == "content-type"), "")
    request: dict[str, Any] = {
        "method": record.method,
        "url": record.url,
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": _headers(record.headers),
        "queryString": [
            {"name": n, "value": v} for n, v in parse_qsl(urlsplit(record.url).query, True)
        ],
        "headersSize": -1,
        "bodySize": len(record.body) if record.body is not None else 0,
    }
    if record.body is not None:
        request["postData"] = {"mimeType": request_type, **_post(record.body, request_type)}
    started = datetime.fromtimestamp(record.started_at, UTC).isoformat(timespec="milliseconds")
    millis = round(record.elapsed * 1000, 3)
    return {
        "startedDateTime": started.replace("+00:00", "Z"),
        "time": millis,
        "request": request,
        "response": {
            "status": record.status or 0,
            "statusText": "",
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": _headers(record.response_headers),
            "content": _content(record.content, answer_type),
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": len(record.content),
        },
        "cache": {},
        "timings": {"send": 0, "wait": millis, "receive": 0},
    }


def _post(body: bytes, mime: str) -> dict[str, Any]:
    content = _content(body, mime)
    return {key: content[key] for key in ("text", "encoding") if key in content}


def document(records: Iterable[Recorded], creator: str = "imagegen-conformance") -> dict[str, Any]:
    try:
        release = version("imagegen-toolkit")
    except PackageNotFoundError:
        release = "0"
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": creator, "version": release},
            "entries": [entry(record) for record in records],
        }
    }


def write_har(path: Path, records: Iterable[Recorded], scrub: Callable[[str], str] = str) -> Path:
    """The HAR file; `scrub` removes what else must not be written (webhook secrets, keys)."""
    path.write_text(scrub(json.dumps(document(records), indent=1)), encoding="utf-8")
    return path


class HarRecorder:
    """Keeps each exchange the kit makes, for `--report har` (the keys become digests there)."""

    def __init__(self) -> None:
        self.records: list[Recorded] = []

    def __call__(self, exchange: Exchange) -> None:
        self.records.append(
            Recorded(
                exchange.method,
                exchange.url,
                list(exchange.headers.items()),
                exchange.body,
                exchange.status,
                exchange.response_headers.multi_items(),
                exchange.content,
                time.time() - exchange.elapsed,
                exchange.elapsed,
            )
        )
