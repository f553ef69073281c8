"""The fuzzer's examples and coverage cases go out together, each answer to its own case."""

from __future__ import annotations

import threading
from types import SimpleNamespace
from typing import Any

from schemathesis.generation.meta import TestPhase

from conformance.run.prefetch import Prefetch


def _case(number: int, phase: TestPhase, label: str = "GET /v2/artworks/{id}") -> Any:
    meta = SimpleNamespace(phase=SimpleNamespace(name=phase))
    return SimpleNamespace(number=number, meta=meta, operation=SimpleNamespace(label=label))


class _Server:
    """A fake send: answers with the case's number, and counts the requests in flight."""

    def __init__(self, together: int) -> None:
        self.barrier = threading.Barrier(together, timeout=20)
        self.lock = threading.Lock()
        self.in_flight = 0
        self.most = 0
        self.threads: set[str] = set()

    def send(self, case: Any, **kwargs: Any) -> Any:
        with self.lock:
            self.in_flight += 1
            self.most = max(self.most, self.in_flight)
            self.threads.add(threading.current_thread().name)
        try:
            self.barrier.wait()  # breaks (and the test fails) unless `together` are in flight
            return f"answer {case.number}"
        finally:
            with self.lock:
                self.in_flight -= 1


def test_drawn_cases_are_sent_together_and_each_gets_its_own_answer() -> None:
    server = _Server(together=3)
    paced: list[int] = []
    ahead = Prefetch(3, lambda: paced.append(1), lambda: False)
    cases = [_case(n, TestPhase.COVERAGE) for n in range(6)]
    with ahead.installed():
        for case in cases:
            ahead.drawn(case)
        answers: list[Any] = [ahead.send(server.send, case, {}) for case in reversed(cases)]
    assert answers == [f"answer {case.number}" for case in reversed(cases)]
    assert server.most == 3  # never more than the concurrency
    assert len(paced) == 5  # every early send kept the pace; the first went out as usual


def test_an_answer_sent_ahead_is_marked_once() -> None:
    server = _Server(together=2)
    ahead = Prefetch(2, lambda: None, lambda: False)
    first, second = _case(1, TestPhase.EXAMPLES), _case(2, TestPhase.EXAMPLES)
    with ahead.installed():
        ahead.drawn(first)
        ahead.drawn(second)
        ahead.send(server.send, first, {})
        answer = ahead.send(server.send, second, {})
        assert ahead.sent_ahead(answer)
        assert not ahead.sent_ahead(answer)


def test_fuzzing_and_stateful_cases_are_sent_when_the_engine_sends_them() -> None:
    server = _Server(together=1)
    ahead = Prefetch(4, lambda: None, lambda: False)
    cases = [_case(n, phase) for n, phase in enumerate([TestPhase.FUZZING, TestPhase.STATEFUL])]
    with ahead.installed():
        for case in cases:
            ahead.drawn(case)
        answers: list[Any] = [ahead.send(server.send, case, {}) for case in cases]
    assert answers == ["answer 0", "answer 1"]
    assert server.threads == {threading.current_thread().name}


def test_concurrency_one_sends_everything_in_the_engine_thread() -> None:
    server = _Server(together=1)
    ahead = Prefetch(1, lambda: None, lambda: False)
    cases = [_case(n, TestPhase.COVERAGE) for n in range(3)]
    with ahead.installed():
        for case in cases:
            ahead.drawn(case)
        answers: list[Any] = [ahead.send(server.send, case, {}) for case in cases]
    assert answers == ["answer 0", "answer 1", "answer 2"]
    assert server.threads == {threading.current_thread().name}


def test_a_slowed_run_sends_each_case_when_the_engine_does_and_never_twice() -> None:
    server = _Server(together=1)
    slowed = [True]
    ahead = Prefetch(4, lambda: None, lambda: slowed[0])
    cases = [_case(n, TestPhase.COVERAGE) for n in range(4)]
    sent: list[int] = []

    def send(case: Any, **kwargs: Any) -> Any:
        sent.append(case.number)
        return server.send(case, **kwargs)

    with ahead.installed():
        for case in cases:
            ahead.drawn(case)
        first = ahead.send(send, cases[0], {})  # 429s slowed the run: nothing goes ahead
        assert server.threads == {threading.current_thread().name}
        slowed[0] = False
        server.barrier = threading.Barrier(3, timeout=20)  # then the rest go out together
        rest: list[Any] = [ahead.send(send, case, {}) for case in cases[1:]]
    assert [first, *rest] == [f"answer {n}" for n in range(4)]
    assert sorted(sent) == [0, 1, 2, 3]


def test_cases_queued_ahead_go_back_to_the_engine_once_429s_slow_the_run() -> None:
    server = _Server(together=1)
    answers_so_far = iter([False])  # the first look says calm; every later one says slowed
    ahead = Prefetch(2, lambda: None, lambda: next(answers_so_far, True))
    cases = [_case(n, TestPhase.COVERAGE) for n in range(5)]
    with ahead.installed():
        for case in cases:
            ahead.drawn(case)
        answers: list[Any] = [ahead.send(server.send, case, {}) for case in cases]
    assert answers == [f"answer {n}" for n in range(5)]
    assert server.threads == {threading.current_thread().name}  # none went ahead after all
