"""The one table of decisions: for each change ID, who it breaks, how loud it is, and why.

Each ID is a constant declared beside the code that emits it (`specdiff/keywords.py`, `schemas.py`,
`bodies.py`, `operations.py`, `document.py`, `xrules.py`); the reasons are kept by family in
`table_data.py`, `table_surface.py` and `table_rules.py`, keyed by those constants.
"""

from __future__ import annotations

from specdiff.table_data import DATA_DECISIONS
from specdiff.table_rules import RULE_DECISIONS
from specdiff.table_surface import SURFACE_DECISIONS
from specdiff.verdicts import Decision

DECISIONS: dict[str, Decision] = {**DATA_DECISIONS, **SURFACE_DECISIONS, **RULE_DECISIONS}


def decision(key: str) -> Decision:
    """The decision for a table key; a key missing from the table is a bug of the differ."""
    return DECISIONS[key]
