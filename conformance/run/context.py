"""What every check group gets: spec, target, the kit's client, the sidecar and the ledger."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypedDict, TypeVar, Unpack

from conformance.run.api import Api
from conformance.run.exchange import Exchange
from conformance.run.ledger import RUN, Ledger
from conformance.run.sidecar import Sidecar
from conformance.run.target import Settings, Target
from contract import Operation, OperationId, Spec

__all__ = ["RUN", "CallOptions", "RunContext"]

T = TypeVar("T")


class CallOptions(TypedDict, total=False):
    """What a check may vary in one request besides the operation (see `Api.call`)."""

    key: str | None
    json_body: Any
    content: bytes | None
    headers: dict[str, str] | None
    params: dict[str, Any] | None
    authorization: str | None
    paced: bool
    retry_on_429: bool


@dataclass
class RunContext:
    """Shared state of one run; check groups read it and record into its ledger."""

    spec: Spec
    target: Target
    settings: Settings
    ledger: Ledger
    api: Api
    sidecar: Sidecar
    progress: Callable[[str], None] = field(default=lambda message: None)
    delivers_webhooks: bool | None = None  # None until the run has waited for deliveries

    def operations(self) -> list[Operation]:
        """The operations the user selected, in spec order."""
        return [
            op for op in self.spec.operations if self.settings.selects(op.operation_id, op.tags)
        ]

    def selected(self, operation_id: str) -> bool:
        return any(op.operation_id == operation_id for op in self.operations())

    def call(
        self,
        operation_id: OperationId | str,
        path_params: Mapping[str, str] | None = None,
        **options: Unpack[CallOptions],
    ) -> Exchange:
        """Call an operation by its id: the method and the path come from the spec."""
        op = self.spec.operation(operation_id)
        return self.api.call(op.operation_id, op.method, op.url(**(path_params or {})), **options)

    def concurrently(self, jobs: Iterable[Callable[[], T]]) -> list[T]:
        """Run independent jobs together, at most `concurrency` at once; results in job order.

        Latency then does not multiply with the number of requests (the pace still holds).
        """
        pending = list(jobs)
        if self.settings.concurrency <= 1 or len(pending) <= 1:
            return [job() for job in pending]
        with ThreadPoolExecutor(min(self.settings.concurrency, len(pending))) as pool:
            return list(pool.map(lambda job: job(), pending))

    def deadline(self) -> float:
        """A monotonic deadline one task time budget from now."""
        return time.monotonic() + self.settings.time_budget
