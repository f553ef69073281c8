"""What every check group gets: spec, target, the kit's client, the sidecar and the ledger."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from conformance.api import Api
from conformance.ledger import Ledger
from conformance.sidecar import Sidecar
from conformance.target import Settings, Target
from contract import Operation, Spec

RUN = "(run)"


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

    def operations(self) -> list[Operation]:
        """The operations the user selected, in spec order."""
        return [
            op for op in self.spec.operations if self.settings.selects(op.operation_id, op.tags)
        ]

    def selected(self, operation_id: str) -> bool:
        return any(op.operation_id == operation_id for op in self.operations())

    def deadline(self) -> float:
        """A monotonic deadline one task time budget from now."""
        return time.monotonic() + self.settings.time_budget
