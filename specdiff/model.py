"""The report's vocabulary, shared by the differ, the classifier, griffe and the renderers."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any


class Level(StrEnum):
    """How loud a change is: breaking when it breaks someone."""

    BREAKING = "breaking"
    WARNING = "warning"
    INFO = "info"


class Bump(int, Enum):
    """The semantic-version bump a set of changes calls for, ordered so `max` picks the largest."""

    NONE = 0
    PATCH = 1
    MINOR = 2
    MAJOR = 3

    @property
    def label(self) -> str:
        return self.name.lower()


CLIENTS = "clients"
SERVERS = "servers"
REQUEST = "request"
RESPONSE = "response"


class ChangeId(str):
    """A change ID, declared once as a constant beside the code that emits it."""

    __slots__ = ()


@dataclass(frozen=True)
class Sided:
    """One change of data, declared as its two IDs: data the client sends, data it reads."""

    request: ChangeId
    response: ChangeId

    def __init__(self, request: str, response: str) -> None:
        object.__setattr__(self, "request", ChangeId(request))
        object.__setattr__(self, "response", ChangeId(response))

    def on(self, side: str) -> ChangeId:
        """The ID on `side` (`request`, or `response` for answers and webhook deliveries)."""
        return self.request if side == REQUEST else self.response

    @property
    def ids(self) -> tuple[ChangeId, ChangeId]:
        return self.request, self.response


@dataclass(frozen=True)
class Finding:
    """A raw difference before classification: a table key, where it is and what it was."""

    key: str
    pointer: str
    subject: str
    noun: str = ""
    old: Any = None
    new: Any = None
    operations: frozenset[str] = frozenset()
    rules: frozenset[str] = frozenset()
    sided: Sided | None = None  # the change of data it is, on whichever side it was found
    sites: tuple[str, ...] = ()  # the properties it lies in (their pointers), outermost first
    echoes: str = ""  # the request-side ID it follows, when it is an echo of a request change

    @property
    def id(self) -> str:
        return self.key.replace("*", self.noun)


@dataclass(frozen=True)
class Change:
    """One classified change of the spec, as the report shows it (`subject`: what it is about)."""

    id: str
    level: Level
    breaks: tuple[str, ...]
    operations: tuple[str, ...]
    pointer: str
    message: str
    rules: tuple[str, ...]
    bump: Bump
    subject: str = ""

    @property
    def operation(self) -> str:
        return self.operations[0] if self.operations else ""


@dataclass(frozen=True)
class ClientApiChange:
    """One change of the generated client's public Python API, as griffe sees it."""

    kind: str
    object: str
    breaking: bool
    message: str
    warning: bool = False  # not breaking, but code that builds the object by hand must adapt

    @property
    def bump(self) -> Bump:
        return Bump.MAJOR if self.breaking else Bump.MINOR


@dataclass(frozen=True)
class Report:
    """Everything `spec-diff` says about OLD against NEW."""

    bump: Bump
    changes: tuple[Change, ...]
    client_api: tuple[ClientApiChange, ...]
    old_version: str
    new_version: str
    bump_reasons: tuple[str, ...] = ()
