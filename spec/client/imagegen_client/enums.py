"""Plain values where an enum is expected: `aspect_ratio="16:9"` is checked against the spec's
values when the model is built, so a typo fails before anything is sent."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

__all__ = ["member_of"]

E = TypeVar("E", bound=Enum)


def member_of(enum: type[E], value: object, field: str) -> E:
    """The member for `value`; a member itself (a newer server's value kept by the enum's
    `_missing_` included) passes as it is, any other value must be one the spec lists."""
    if isinstance(value, enum):
        return value
    member = None if isinstance(value, bool) else enum._value2member_map_.get(value)
    if member is None:
        allowed = ", ".join(repr(known.value) for known in enum)
        raise ValueError(f"{field}: {value!r} is not one of {allowed}")
    assert isinstance(member, enum)
    return member
