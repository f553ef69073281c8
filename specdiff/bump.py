"""The client distribution's version bump, and whether NEW's `info.version` went that far."""

from __future__ import annotations

import re
from collections.abc import Iterable

from specdiff.model import Bump, Change, ClientApiChange

_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)")


def required_bump(changes: Iterable[Change], client_api: Iterable[ClientApiChange]) -> Bump:
    """Major if anything breaks clients, minor for additions, patch for documentation only."""
    bump = max((change.bump for change in changes), default=Bump.NONE)
    for api in client_api:
        bump = max(bump, Bump.MAJOR if api.breaking else Bump.MINOR)
    return bump


def parse_version(text: str) -> tuple[int, int, int]:
    match = _VERSION.match(text.strip())
    if match is None:
        raise ValueError(f"info.version {text!r} is not MAJOR.MINOR.PATCH")
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def actual_bump(old: str, new: str) -> Bump:
    """How far `new` moved from `old` (NONE when it did not move forward)."""
    o, n = parse_version(old), parse_version(new)
    if n[0] > o[0]:
        return Bump.MAJOR
    if n[0] == o[0] and n[1] > o[1]:
        return Bump.MINOR
    if n[:2] == o[:2] and n[2] > o[2]:
        return Bump.PATCH
    return Bump.NONE


def version_problem(old: str, new: str, needed: Bump) -> str | None:
    """Why NEW's version is not bumped far enough, or None when it is."""
    got = actual_bump(old, new)
    if got >= needed:
        return None
    return f"info.version {old} -> {new} is a {got.label} bump; these changes need {needed.label}"
