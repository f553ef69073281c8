"""A task record whose status follows from its timestamps, so any process can answer for it."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field, fields
from typing import Any

TERMINAL = frozenset({"succeeded", "failed", "canceled"})


@dataclass
class Task:
    """One artwork task; `processing_at` and `finish_at` (wall clock) decide its status."""

    id: str
    owner: str
    org: str
    artwork_type: str
    parameters: dict[str, Any]
    created_at: str
    created_wall: float
    webhook: str | None = None
    processing_at: float = 0.0
    finish_at: float = 0.0
    duration: float = 0.0
    results: list[str] = field(default_factory=list)
    failure: str | None = None
    stalled: bool = False
    succeeded_answers: int = field(default=0, compare=False)

    def status_at(self, now: float) -> str:
        """starting, then processing, then terminal: a pure function of the clock, never undone."""
        if now < self.processing_at:
            return "starting"
        if self.stalled or now < self.finish_at:
            return "processing"
        return "failed" if self.failure is not None else "succeeded"

    @property
    def status(self) -> str:
        return self.status_at(time.time())

    @property
    def terminal(self) -> bool:
        return self.status in TERMINAL

    def artwork(self, now: float | None = None) -> dict[str, Any]:
        """What the API answers at `now`: results and duration only once they are due."""
        status = self.status_at(time.time() if now is None else now)
        return {
            "id": self.id,
            "artworkType": self.artwork_type,
            "parameters": self.parameters,
            "duration": self.duration if status in TERMINAL else 0,
            "results": list(self.results) if status == "succeeded" else [],
            "status": status,
            "createdAt": self.created_at,
        }

    def record(self) -> dict[str, Any]:
        """The durable fields as JSON-ready data (the per-process fault counter is left out)."""
        data = asdict(self)
        del data["succeeded_answers"]
        return data

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> Task:
        return cls(**{name: value for name, value in data.items() if name in RECORD_FIELDS})


RECORD_FIELDS = frozenset(f.name for f in fields(Task)) - {"succeeded_answers"}
