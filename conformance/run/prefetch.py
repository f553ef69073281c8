"""Sends the cases of Schemathesis' examples and coverage phases `concurrency` at a time.

Schemathesis draws every case of those phases for an operation before sending the first, then
sends them one at a time: far from the server, the run then waits one round trip per case. Here
the first send of an operation hands its other drawn cases to a pool; the engine still takes
each answer in its own order, runs its checks and hooks on it as before, and only stops waiting
on the network. A case is independent of the others in those phases (the stateful phase, whose
steps depend on each other, and the fuzzing phase, drawn one case at a time, are left alone).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import requests
from schemathesis import Case, Response
from schemathesis.generation.meta import TestPhase
from schemathesis.transport.requests import REQUESTS_TRANSPORT

AHEAD_PHASES = frozenset({TestPhase.EXAMPLES, TestPhase.COVERAGE})

Send = Callable[..., Response]


def drawn_ahead(case: Case[Any]) -> bool:
    """Whether Schemathesis draws this case with the rest of its operation before sending any."""
    return case.meta is not None and case.meta.phase.name in AHEAD_PHASES


class Prefetch:
    """Answers drawn cases ahead of the engine, never more than `concurrency` requests at once."""

    def __init__(
        self, concurrency: int, pace: Callable[[], None], slowed: Callable[[], bool]
    ) -> None:
        self.concurrency = max(1, concurrency)
        self.pace = pace
        self.slowed = slowed  # True: every case goes out when the engine sends it, as without
        self._slots = threading.BoundedSemaphore(self.concurrency)
        self._lock = threading.Lock()
        self._drawn: dict[str, dict[int, Case[Any]]] = {}  # by operation, in drawing order
        self._answers: dict[int, tuple[Case[Any], Future[Response | None]]] = {}
        self._sent_ahead: set[int] = set()
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._pool: ThreadPoolExecutor | None = None

    def drawn(self, case: Case[Any]) -> None:
        """A case of an ahead phase was drawn (its hooks applied): it may be sent early."""
        if self.concurrency > 1 and drawn_ahead(case):
            with self._lock:
                self._drawn.setdefault(case.operation.label, {})[id(case)] = case

    def sent_ahead(self, response: Response) -> bool:
        """Whether this answer came from an early send (its pace was already kept); once."""
        with self._lock:
            if id(response) in self._sent_ahead:
                self._sent_ahead.discard(id(response))
                return True
            return False

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        """Route Schemathesis' requests through `send` for one engine run, then restore."""
        original: Send = REQUESTS_TRANSPORT.send
        self._pool = ThreadPoolExecutor(self.concurrency, thread_name_prefix="kit-ahead")

        def send(case: Case[Any], **kwargs: Any) -> Response:
            return self.send(original, case, kwargs)

        # Schemathesis has one transport object for every schema and no hook at this level.
        REQUESTS_TRANSPORT.send = send  # type: ignore[method-assign]
        try:
            yield
        finally:
            REQUESTS_TRANSPORT.send = original  # type: ignore[method-assign]
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
            for session in self._sessions:
                session.close()
            with self._lock:
                self._sessions.clear()
                self._drawn.clear()
                self._answers.clear()
                self._sent_ahead.clear()

    def send(self, original: Send, case: Case[Any], kwargs: dict[str, Any]) -> Response:
        """The answer to `case`: from its early send, or sent now (its drawn peers go ahead)."""
        slowed = self.slowed()
        with self._lock:
            early = self._answers.pop(id(case), None)
            drawn = self._drawn.get(case.operation.label, {})
            drawn.pop(id(case), None)
            peers = [] if early or slowed else list(drawn.values())
            if peers:
                drawn.clear()
        response = early[1].result() if early is not None else None
        if response is not None:
            with self._lock:
                self._sent_ahead.add(id(response))
            return response
        pool = self._pool
        for peer in peers:
            if pool is not None:
                future = pool.submit(self._send_ahead, original, peer, kwargs)
                with self._lock:
                    self._answers[id(peer)] = (peer, future)
        with self._slots:
            return original(case, **kwargs)

    def _send_ahead(
        self, original: Send, case: Case[Any], kwargs: dict[str, Any]
    ) -> Response | None:
        """In a pool thread, on a session of its own with the engine session's settings."""
        engine_session = kwargs.get("session")
        mine = {**kwargs, "session": self._session(engine_session)}
        if self.slowed():
            return None  # 429s came since: the engine sends it in its turn, as without overlap
        self.pace()
        with self._slots:
            return original(case, **mine)

    def _session(self, engine_session: requests.Session | None) -> requests.Session | None:
        if engine_session is None:
            return None
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = type(engine_session)()
            session.headers.update(engine_session.headers)
            session.auth = engine_session.auth
            session.verify = engine_session.verify
            session.cert = engine_session.cert
            session.proxies.update(engine_session.proxies)
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session
