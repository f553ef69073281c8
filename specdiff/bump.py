"""The client distribution's version bump, and whether NEW's `info.version` went that far."""

from __future__ import annotations

import re
from collections.abc import Iterable

from specdiff.model import Bump, Change, ClientApiChange

_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)")


def required_bump(changes: Iterable[Change], client_api: Iterable[ClientApiChange]) -> Bump:
    """Major if anything breaks clients, minor for additions, patch for documentation only."""
    return max([Bump.NONE, *(c.bump for c in changes), *(a.bump for a in client_api)])


def bump_reasons(
    bump: Bump, changes: Iterable[Change], client_api: Iterable[ClientApiChange]
) -> tuple[str, ...]:
    """The changes that call for exactly this bump, each as its ID and what it is about."""
    reasons = [f"{c.id} ({c.subject or c.pointer})" for c in changes if c.bump is bump]
    reasons += [
        f"client {a.kind} ({a.object.rpartition('.')[2]})" for a in client_api if a.bump is bump
    ]
    return tuple(dict.fromkeys(reasons))


def because(bump: Bump, reasons: tuple[str, ...], shown: int = 5) -> str:
    """One line saying why the bump is what it is: "major, because: ... (2 changes)"."""
    if not reasons:
        return f"{bump.label}, because: no change"
    listed = "; ".join(reasons[:shown]) + (
        f"; and {len(reasons) - shown} more" if reasons[shown:] else ""
    )
    count = f"{len(reasons)} change" + ("s" if len(reasons) != 1 else "")
    return f"{bump.label}, because: {listed} ({count})"


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
