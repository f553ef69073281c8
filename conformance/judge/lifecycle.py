"""LIFE-2 and LIFE-4 as predicates on statuses and Artworks, for any sequence of polls."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

TERMINAL = ("succeeded", "failed", "canceled")
ORDER = {"starting": 0, "processing": 1, "succeeded": 2, "failed": 2, "canceled": 2}


def order_problem(previous: str, status: str) -> str | None:
    """LIFE-2: why `status` may not follow `previous` in successive polls, or None."""
    if ORDER.get(status, -1) < ORDER.get(previous, -1) or (
        previous in TERMINAL and status != previous
    ):
        return f"status went {previous!r} -> {status!r}"
    if status not in ORDER:
        return f"unknown status {status!r}"
    return None


def invariant_problems(answer: Mapping[str, Any]) -> list[str]:
    """LIFE-4 on one Artwork: results only when succeeded; duration > 0 once terminal."""
    status, results, duration = answer.get("status"), answer.get("results"), answer.get("duration")
    problems = []
    if status != "succeeded" and results:
        problems.append(f"{status} with results {results!r}")
    if status in TERMINAL and not (isinstance(duration, int | float) and duration > 0):
        problems.append(f"{status} with duration {duration!r}")
    return problems


def created_problems(answer: Mapping[str, Any]) -> list[str]:
    """LIFE-1: what a 202 answer that creates a task says that it must not."""
    problems = []
    if answer.get("status") != "starting":
        problems.append(f"status is {answer.get('status')!r}")
    if answer.get("results") != []:
        problems.append(f"results is {answer.get('results')!r}")
    if answer.get("duration") != 0:
        problems.append(f"duration is {answer.get('duration')!r}")
    return problems


CREATED_EXPECTED = "starting, [], 0"
SAME_ON_EVERY_POLL = ("id", "artworkType", "parameters", "createdAt")  # ECHO-2


def poll_change(created: Mapping[str, Any], answer: Mapping[str, Any]) -> tuple[str, str] | None:
    """ECHO-2: the first field a poll changed from the 202 as (problem, seen), or None."""
    for name in SAME_ON_EVERY_POLL:
        if answer.get(name) != created.get(name):
            seen = f"{name}: {answer.get(name)!r} (the 202 said {created.get(name)!r})"
            return f"the poll changed {name}", seen
    return None
