"""How a setting's value is read (from a flag's text or a config-file member), and its schema."""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

from refserver.auth import SCOPES, ApiKey
from refserver.devkeys import DEV_ORG

T = TypeVar("T")


class Refused(ValueError):
    """A value refused with a message of its own (any other ValueError: the kind's `expects`)."""


def whole(value: object) -> int:
    """The one integer parser, for flags and the config file alike.

    An int, or a number without a fractional part: `2.0` is 2, as JSON Schema counts it an
    integer and JSON does not tell 2 from 2.0 (Python's `json.dumps(2.0)` writes `2.0`). A
    fraction (`1.5`), a non-finite number, a bool or other text is a ValueError.
    """
    if isinstance(value, bool):
        raise ValueError("a bool is not a number")
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            value = float(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise ValueError(f"not a whole number: {value!r}")


def number(value: object) -> float:
    """A finite number from a JSON number or a flag's text; a bool is a ValueError."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"not a number: {value!r}")
    result = float(value)
    if not math.isfinite(result):
        raise ValueError(f"not finite: {value!r}")
    return result


class Kind(ABC, Generic[T]):
    """The type of one setting's value: what it expects, its JSON Schema, how it is read."""

    expects: str
    """What a good value is, for messages and the schema's `description` ("a number > 0")."""
    secret = False
    """A value never repeated in a message (API keys)."""

    @abstractmethod
    def json_schema(self) -> dict[str, Any]:
        """The config-file member's schema, without its description."""

    @abstractmethod
    def read(self, value: object) -> T:
        """The value, from a flag's text or a schema-valid member; ValueError if unusable."""

    def show(self, value: T) -> str:
        """How a value (a default) reads in help and docs."""
        return str(value)

    def schema(self) -> dict[str, Any]:
        return {**self.json_schema(), "description": self.expects}


class Text(Kind[str]):
    """A non-empty string, checked (and normalised) by `check` when there is one."""

    def __init__(self, expects: str, check: Callable[[str], str] | None = None) -> None:
        self.expects = expects
        self.check = check

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1}

    def read(self, value: object) -> str:
        if not isinstance(value, str) or not value:
            raise ValueError("not a non-empty string")
        return self.check(value) if self.check else value


class Number(Kind[float]):
    """A finite number, over `above` (exclusive) or at least `least`."""

    def __init__(self, *, above: float | None = None, least: float | None = None) -> None:
        self.above, self.least = above, least
        bound = f" > {above:g}" if above is not None else ""
        bound += f" >= {least:g}" if least is not None else ""
        self.expects = f"a finite number{bound}"

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "number"}
        if self.above is not None:
            schema["exclusiveMinimum"] = self.above
        if self.least is not None:
            schema["minimum"] = self.least
        return schema

    def read(self, value: object) -> float:
        result = number(value)
        if (self.above is not None and result <= self.above) or (
            self.least is not None and result < self.least
        ):
            raise ValueError(f"out of range: {result}")
        return result

    def show(self, value: float) -> str:
        return f"{value:g}"


class Whole(Kind[int]):
    """A whole number (read by `whole`) from `least` to `most`; `note` says what ends mean."""

    def __init__(self, least: int, most: int | None = None, note: str = "") -> None:
        self.least, self.most = least, most
        if most is None:
            self.expects = f"a whole number >= {least}" + (f" ({note})" if note else "")
        else:
            self.expects = f"{least} to {most} (a whole number{'; ' + note if note else ''})"

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "integer", "minimum": self.least}
        if self.most is not None:
            schema["maximum"] = self.most
        return schema

    def read(self, value: object) -> int:
        result = whole(value)
        if result < self.least or (self.most is not None and result > self.most):
            raise ValueError(f"out of range: {result}")
        return result


class File(Kind[Path]):
    """A file's path."""

    expects = "a file path"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1}

    def read(self, value: object) -> Path:
        if not isinstance(value, str) or not value:
            raise ValueError("not a path")
        return Path(value)


class Delays(Kind[tuple[float, ...]]):
    """Seconds, one per retry: `S,S,...` on a flag, a list of numbers in the config file."""

    each = Number(least=0)

    expects = f"delays in seconds, each {each.expects}"

    def json_schema(self) -> dict[str, Any]:
        return {"type": "array", "items": self.each.schema()}

    def read(self, value: object) -> tuple[float, ...]:
        parts: Sequence[object]
        if isinstance(value, str):
            parts = [part for part in value.split(",") if part.strip()]
        elif isinstance(value, list):
            parts = value
        else:
            raise ValueError("not a list of delays")
        return tuple(self.each.read(part) for part in parts)

    def show(self, value: tuple[float, ...]) -> str:
        return ",".join(f"{seconds:g}" for seconds in value)


def host_port(text: str) -> str:
    """An allow-list entry, `HOST:PORT`, lower-cased."""
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) <= 65535:
        raise ValueError(f"not HOST:PORT: {text!r}")
    return f"{host.lower()}:{int(port)}"


def origin(text: str) -> str:
    """A browser origin, `scheme://host[:port]` exactly as browsers send it, or `*`."""
    if text == "*":
        return text
    parts = urlsplit(text)  # a ValueError (a bad port, say) refuses the origin
    well_formed = parts.port is not None or ":" not in parts.netloc.rsplit("]", 1)[-1]
    if not (
        well_formed
        and parts.scheme in ("http", "https")
        and parts.hostname
        and text == f"{parts.scheme}://{parts.netloc}"
    ):
        raise ValueError(f"not an origin: {text!r}")
    return text


class Keys(Kind[ApiKey]):
    """An API key: `KEY:SCOPE:ORG` on a flag, `{key, scope, org, rate, burst}` in the file."""

    secret = True
    expects = f"KEY:SCOPE:ORG, the scope one of {', '.join(SCOPES)}"

    def __init__(self, rate: Kind[float], burst: Kind[int]) -> None:
        self.rate, self.burst = rate, burst

    def json_schema(self) -> dict[str, Any]:
        text = {"type": "string", "minLength": 1}
        return {
            "type": "object",
            "properties": {
                "key": text,
                "scope": {"enum": list(SCOPES), "description": f"one of {', '.join(SCOPES)}"},
                "org": text,
                "rate": self.rate.schema(),
                "burst": self.burst.schema(),
            },
            "required": ["key"],
            "additionalProperties": False,
        }

    def schema(self) -> dict[str, Any]:
        return {**self.json_schema(), "description": "an object {key, scope, org, rate, burst}"}

    def read(self, value: object) -> ApiKey:
        if isinstance(value, str):
            key, scope, org = [*value.rsplit(":", 2), "", ""][:3]
            entry: dict[str, Any] = {"key": key, "scope": scope, "org": org}
        elif isinstance(value, dict):
            entry = {"scope": "generator", "org": DEV_ORG, **value}
        else:
            raise ValueError("not a key")
        if not (entry["key"] and entry["org"]) or entry["scope"] not in SCOPES:
            raise ValueError("not a key")
        rate, burst = entry.get("rate"), entry.get("burst")
        return ApiKey(
            key=str(entry["key"]),
            scope=str(entry["scope"]),
            org=str(entry["org"]),
            rate=None if rate is None else self.rate.read(rate),
            burst=None if burst is None else self.burst.read(burst),
        )
