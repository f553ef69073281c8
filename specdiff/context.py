"""What every family of the document diff shares: both documents, the findings, the schema memo."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from specdiff.model import ChangeId, Finding
from specdiff.schemas import SchemaDiff


@dataclass
class DiffContext:
    """One comparison of OLD with NEW; each family appends its findings to `found`."""

    old: Mapping[str, Any]
    new: Mapping[str, Any]
    found: list[Finding] = field(default_factory=list)
    memo: dict[tuple[str, ...], list[Finding]] = field(default_factory=dict)

    def add(
        self,
        change: ChangeId,
        pointer: str,
        subject: str,
        operations: set[str] | frozenset[str],
        old: Any = None,
        new: Any = None,
    ) -> None:
        """Report a change that is not of data (an endpoint, a status, a security scheme, ...)."""
        self.found.append(Finding(change, pointer, subject, "", old, new, frozenset(operations)))

    def schemas(self, side: str, operations: frozenset[str]) -> SchemaDiff:
        """A schema walk on `side` for these operations, sharing the memo of shared schemas."""
        return SchemaDiff(self.old, self.new, side, operations, self.found.append, self.memo)
