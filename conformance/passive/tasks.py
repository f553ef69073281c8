"""What the judge remembers of each task it has seen, bounded: dropped after its end, and capped."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

LINGER_SECONDS = 600.0  # a task's state is kept this long after its terminal status was seen
MAX_TASKS = 10_000
MAX_URLS = 20_000


@dataclass
class Task:
    """One task: who made it, how it began, and the last status seen."""

    id: str
    operation: str  # the operation that created it (E1-E3)
    owner: str | None  # the creating key's digest
    body: dict[str, Any] | None  # the request body, when the 202 was seen
    first: dict[str, Any]  # the 202 answer, or the first poll seen
    created_at: float | None  # when its 202 was answered (None: created before the traffic)
    status: str
    status_at: float  # when the answer that showed `status` ended
    terminal_at: float | None = None
    results_judged: bool = False
    deadline_judged: bool = False
    result_urls: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Generation:
    """An E4 answer's image URL: the body that asked for it."""

    body: dict[str, Any]
    operation: str


class Bounded(OrderedDict[str, Any]):
    """A dict that forgets its oldest entries past `cap`."""

    def __init__(self, cap: int) -> None:
        super().__init__()
        self.cap = cap

    def put(self, name: str, value: Any) -> None:
        self[name] = value
        self.move_to_end(name)
        while len(self) > self.cap:
            self.popitem(last=False)


class TaskBook:
    """Tasks by id, result URLs by URL; old entries go so memory stays flat over days."""

    def __init__(self, max_tasks: int = MAX_TASKS, linger: float = LINGER_SECONDS) -> None:
        self.tasks: Bounded = Bounded(max_tasks)
        self.results: Bounded = Bounded(MAX_URLS)  # URL -> task id
        self.generations: Bounded = Bounded(MAX_URLS)  # URL -> Generation
        self.seeds: Bounded = Bounded(MAX_URLS)  # E4 body -> image digest (IMG-2)
        self.linger = linger

    def get(self, task_id: str) -> Task | None:
        found: Task | None = self.tasks.get(task_id.lower())
        return found

    def add(self, task: Task) -> Task:
        self.tasks.put(task.id.lower(), task)
        return task

    def add_results(self, task: Task, urls: list[str]) -> None:
        task.result_urls = urls
        for url in urls:
            self.results.put(url, task.id.lower())

    def result_task(self, url: str) -> Task | None:
        task_id = self.results.get(url)
        return self.get(task_id) if task_id is not None else None

    def sweep(self, now: float) -> None:
        """Forget tasks whose terminal status was seen more than `linger` seconds before `now`."""
        gone = [
            name
            for name, task in self.tasks.items()
            if task.terminal_at is not None and now - task.terminal_at > self.linger
        ]
        for name in gone:
            for url in self.tasks.pop(name).result_urls:
                self.results.pop(url, None)
