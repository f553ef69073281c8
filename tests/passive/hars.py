"""HAR files as each tool writes them, made from one recording: the fields and quirks each adds."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

Har = dict[str, Any]


def _entries(har: Har) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = har["log"]["entries"]
    return entries


def _is_image(entry: dict[str, Any]) -> bool:
    return str(entry["response"]["content"].get("mimeType", "")).startswith("image/")


def chromium(har: Har, folder: Path) -> Har:
    """Chrome/Edge devtools: HTTP/2 pseudo-headers, `_resourceType`, `_initiator`, pages."""
    out = copy.deepcopy(har)
    out["log"]["creator"] = {"name": "WebInspector", "version": "537.36"}
    out["log"]["pages"] = [
        {"id": "page_1", "title": "app", "startedDateTime": "", "pageTimings": {}}
    ]
    for index, entry in enumerate(_entries(out)):
        parts = urlsplit(entry["request"]["url"])
        entry["request"]["httpVersion"] = entry["response"]["httpVersion"] = "h2"
        entry["request"]["headers"] = [
            {"name": ":authority", "value": parts.netloc},
            {"name": ":method", "value": entry["request"]["method"]},
            {"name": ":path", "value": parts.path + (f"?{parts.query}" if parts.query else "")},
            {"name": ":scheme", "value": parts.scheme},
            *entry["request"]["headers"],
        ]
        entry["_initiator"] = {"type": "script"}
        entry["_priority"] = "High"
        entry["_resourceType"] = "image" if _is_image(entry) else "fetch"
        entry["_connectionId"] = str(1000 + index)
        entry["pageref"] = "page_1"
        entry["serverIPAddress"] = "127.0.0.1"
        entry["connection"] = "443"
        entry["response"]["_transferSize"] = entry["response"]["bodySize"]
        entry["response"]["_error"] = None
        entry["response"]["content"]["compression"] = 0
    return out


def firefox(har: Har, folder: Path) -> Har:
    """Firefox devtools: `browser`, pages, full timings, `_securityState`."""
    out = copy.deepcopy(har)
    out["log"]["creator"] = {"name": "Firefox", "version": "128.0"}
    out["log"]["browser"] = {"name": "Firefox", "version": "128.0"}
    out["log"]["pages"] = [{"id": "page_1", "pageTimings": {"onLoad": -1}, "title": "app"}]
    for entry in _entries(out):
        entry["pageref"] = "page_1"
        entry["_securityState"] = "insecure"
        entry["timings"] = {
            "blocked": 0, "dns": 0, "connect": 0, "ssl": 0, "send": 0,
            "wait": entry["time"], "receive": 0,
        }  # fmt: skip
        entry["request"]["headers"].append({"name": "User-Agent", "value": "Mozilla/5.0"})
    return out


def mitmproxy(har: Har, folder: Path) -> Har:
    """mitmproxy's `savehar`: every binary body base64, `serverIPAddress`, creator comment."""
    out = copy.deepcopy(har)
    out["log"]["creator"] = {"name": "mitmproxy", "version": "11.0.0", "comment": ""}
    for entry in _entries(out):
        entry["serverIPAddress"] = "127.0.0.1"
        content = entry["response"]["content"]
        if "text" in content and content.get("encoding") != "base64":
            content["text"] = base64.b64encode(content["text"].encode()).decode()
            content["encoding"] = "base64"
    return out


def playwright(har: Har, folder: Path) -> Har:
    """Playwright `recordHar` with content "attach": images as `_file`s beside the HAR."""
    out = copy.deepcopy(har)
    out["log"]["creator"] = {"name": "Playwright", "version": "1.48.0"}
    for entry in _entries(out):
        entry["_frameref"] = "frame@1"
        entry["_monotonicTime"] = 1234.5
        entry["_serverPort"] = 8000
        entry["_securityDetails"] = {}
        content = entry["response"]["content"]
        if _is_image(entry) and content.get("encoding") == "base64":
            data = base64.b64decode(content.pop("text"))
            content.pop("encoding")
            name = hashlib.sha1(data).hexdigest() + ".png"
            (folder / name).write_bytes(data)
            content["_file"] = name
    return out


def unrecorded(har: Har, folder: Path) -> Har:
    """A recording that kept no bodies at all (devtools' "without content")."""
    out = copy.deepcopy(har)
    for entry in _entries(out):
        entry["request"].pop("postData", None)
        for key in ("text", "encoding"):
            entry["response"]["content"].pop(key, None)
    return out


DIALECTS: dict[str, Callable[[Har, Path], Har]] = {
    "chromium": chromium,
    "firefox": firefox,
    "mitmproxy": mitmproxy,
    "playwright": playwright,
}


def write(folder: Path, name: str, har: Har) -> Path:
    path = folder / f"{name}.har"
    path.write_text(json.dumps(har), encoding="utf-8")
    return path
