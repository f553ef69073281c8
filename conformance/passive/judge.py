"""The judge: takes exchanges one by one and records rule verdicts, as the kit's ledger does."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime

from conformance.judge.answers import AnswerJudge
from conformance.passive import bodies, downloads, listing, notseen, polls
from conformance.passive.seen import Router, Seen
from conformance.passive.tasks import TaskBook
from conformance.passive.throttling import Throttling
from conformance.report.view import printable
from conformance.run.context import RUN
from conformance.run.ledger import Failure, Ledger
from conformance.run.outcome import RunInfo, RunOutcome, Variant
from contract import POLL_OPERATIONS, OperationId, Spec, load_spec

PHASE = "passive"
SWEEP_EVERY = 500  # exchanges between two sweeps of finished tasks
FailureSeen = Callable[[Failure, str | None], None]  # (failure, task id or None)


class TellingLedger(Ledger):
    """A ledger that tells each failure as it is recorded, naming the task being judged."""

    def __init__(self, spec: Spec, on_failure: FailureSeen | None) -> None:
        super().__init__(spec.contract_rules)
        self.phase = PHASE
        self.task: str | None = None
        self._on_failure = on_failure

    def failed(self, failure: Failure, variants: Iterable[Variant] = ()) -> None:
        super().failed(failure, variants)
        if self._on_failure is not None:
            self._on_failure(failure, self.task)


class Judge:
    """One judge of exchanges, whichever way they came in (a proxy, HAR files)."""

    def __init__(
        self,
        spec: Spec | None = None,
        *,
        time_budget: float | None = None,
        on_failure: FailureSeen | None = None,
        book: TaskBook | None = None,
    ) -> None:
        self.spec = spec or load_spec()
        self.ledger = TellingLedger(self.spec, on_failure)
        self.book = book or TaskBook()
        self.time_budget = time_budget
        self._answers = AnswerJudge(self.ledger)
        self._throttling = Throttling()
        self.router = Router(self.spec)
        self.started = datetime.now(UTC)
        self.operations: set[str] = set()
        self.unreachable = 0
        self.fetch_wanted: list[str] | None = None  # a list when a proxy fetches result URLs
        self._count = 0

    def observe(self, seen: Seen) -> None:
        """Judge one exchange (in the order the requests started)."""
        self.ledger.task = None
        self._count += 1
        if self._count % SWEEP_EVERY == 0:
            self.book.sweep(seen.started_at)
        if seen.unreachable:
            self.unreachable += 1
            return
        route = self.router.match(seen.exchange.method, seen.path)
        if route is None:
            downloads.judge(self, seen)
            return
        op, path_params = route
        seen.exchange.operation = op.operation_id
        self.operations.add(op.operation_id)
        self.ledger.count_call(seen.exchange.status)
        self._common(seen)
        self._throttling.observe(self, seen)
        status = seen.exchange.status
        if status is None or status in (401, 403, 429) or status >= 500:
            return
        if op.operation_id in POLL_OPERATIONS:
            polls.judge(self, seen, op, path_params.get("id", ""))
        elif op.operation_id == OperationId.LIST_ARTWORKS:
            listing.judge(self, seen, op)
        elif op.has_body and op.operation_id != OperationId.ROTATE_WEBHOOK_SECRET:
            bodies.judge(self, seen, op)

    def _common(self, seen: Seen) -> None:
        """SEC-1 and ERR-1 on every answer (the kit's own AnswerJudge); AUTH-1/AUTH-2 from keys."""
        exchange = seen.exchange
        if seen.answer_recorded:
            self._answers(exchange)
        elif exchange.status is not None and exchange.status != 429:
            if exchange.status >= 500:
                self.ledger.failed(exchange.failure("SEC-1", "the server failed the request"))
            else:
                self.ledger.passed("SEC-1", exchange.operation)
        status, kind = exchange.status, seen.credentials.kind
        if status is None or status == 429:
            return
        accepted = 200 <= status < 300
        if kind != "bearer":
            if status == 401:
                self.ledger.passed("AUTH-1", exchange.operation)
            elif accepted:
                what = "no Authorization" if kind == "missing" else "a malformed Authorization"
                self.fail(seen, "AUTH-1", f"a request with {what} was answered {status}", "401")
        elif status == 401:
            self.ledger.passed("AUTH-2", exchange.operation)

    def want_fetch(self, url: str) -> None:
        """Queue a result URL for a proxy run with --fetch-results (never otherwise)."""
        if self.fetch_wanted is not None:
            self.fetch_wanted.append(url)

    def fail(
        self, seen: Seen, rule: str, message: str, expected: str = "", shown: str = ""
    ) -> None:
        self.ledger.failed(seen.exchange.failure(rule, message, expected, shown))

    def passed(self, seen: Seen, rule: str) -> None:
        self.ledger.passed(rule, seen.exchange.operation)

    def outcome(self, target: str, source: str, notes: tuple[str, ...] = ()) -> RunOutcome:
        """The verdicts so far (copies); every rule the traffic did not exercise is not observed."""
        verdicts = []
        for verdict in self.ledger.verdicts():
            copy = replace(
                verdict,
                passes=dict(verdict.passes),
                failures=list(verdict.failures),
                skips=dict(verdict.skips),
                exercised=dict(verdict.exercised),
                expected=dict(verdict.expected),
            )
            if not (copy.passes or copy.failures):
                copy.skips[RUN] = notseen.reason(verdict.rule.id, self.time_budget)
            verdicts.append(copy)
        now = datetime.now(UTC)
        if self.unreachable:
            notes = (*notes, f"{self.unreachable} requests found the upstream unreachable")
        seen_ops = [op.operation_id for op in self.spec.operations]
        info = RunInfo(
            target=target,
            bundled=False,
            profile=PHASE,
            seed=0,
            started_at=self.started.isoformat(timespec="seconds"),
            duration_seconds=round((now - self.started).total_seconds(), 2),
            versions={"spec": str(self.spec.raw["info"]["version"])},
            calls=self.ledger.calls,
            successful_calls=self.ledger.successful_calls,
            operations=tuple(op for op in seen_ops if op in self.operations),
            selected_groups=(source,),
            notes=notes,
        )
        return RunOutcome(info, verdicts)


def failure_line(failure: Failure, task: str | None) -> str:
    """One failure as it is seen: the rule, the operation, the task and what was wrong."""
    where = f" task {task}" if task else ""
    return printable(f"FAIL {failure.rule} {failure.operation}{where}: {failure.message}")
