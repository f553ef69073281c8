"""What a task's life must look like from its 202 and polls: for the kit and the passive judge."""

from __future__ import annotations

from typing import Any

TERMINAL = ("succeeded", "failed", "canceled")
ORDER = {"starting": 0, "processing": 1, "succeeded": 2, "failed": 2, "canceled": 2}
SAME_ON_EVERY_POLL = ("id", "artworkType", "parameters", "createdAt")  # ECHO-2
CREATED_EXPECTED = "starting, [], 0"


def created_problems(answer: dict[str, Any]) -> list[str]:
    """LIFE-1: what the 202 answer gets wrong about a task just created."""
    problems = []
    if answer.get("status") != "starting":
        problems.append(f"status is {answer.get('status')!r}")
    if answer.get("results") != []:
        problems.append(f"results is {answer.get('results')!r}")
    if answer.get("duration") != 0:
        problems.append(f"duration is {answer.get('duration')!r}")
    return problems


def poll_change(created: dict[str, Any], answer: dict[str, Any]) -> tuple[str, str] | None:
    """ECHO-2: the first field a poll changed from the 202 (problem, seen), or None."""
    for name in SAME_ON_EVERY_POLL:
        if answer.get(name) != created.get(name):
            seen = f"{name}: {answer.get(name)!r} (the 202 said {created.get(name)!r})"
            return f"the poll changed {name}", seen
    return None


def step_problem(previous: str, status: str) -> str | None:
    """LIFE-2: whether a poll's status may follow the one seen before it."""
    if ORDER.get(status, -1) < ORDER.get(previous, -1) or (
        previous in TERMINAL and status != previous
    ):
        return f"status went {previous!r} -> {status!r}"
    if status not in ORDER:
        return f"unknown status {status!r}"
    return None


def invariant_problems(answer: dict[str, Any]) -> list[str]:
    """LIFE-4 on any answer: results only when succeeded; duration > 0 once terminal."""
    status, results, duration = answer.get("status"), answer.get("results"), answer.get("duration")
    problems = []
    if status != "succeeded" and results:
        problems.append(f"{status} with results {results!r}")
    if status in TERMINAL and not (
        isinstance(duration, int | float) and not isinstance(duration, bool) and duration > 0
    ):
        problems.append(f"{status} with duration {duration!r}")
    return problems
