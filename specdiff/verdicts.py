"""What a decision is, and the verdicts many change IDs share (a bound that narrows, widens...).

A key may hold `*` for the noun (`body`, `property`, `parameter`, `header`): the decision is the
same whatever the noun. `request-` is data the client produces and the server consumes; `response-`
is data the server produces and the client consumes, a webhook delivery's body and headers too.
The contract makes a conforming server refuse what breaks the request schema (VAL-1) and accept
what satisfies it (VAL-2), so any change of a request schema breaks servers that conform to OLD.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from specdiff.model import CLIENTS, SERVERS, Bump, Level


@dataclass(frozen=True)
class Decision:
    """What a change means: who it breaks, its level, whether it is documentation only, and why."""

    level: Level
    breaks: tuple[str, ...]
    says: str
    why: str
    docs: bool = False

    @property
    def bump(self) -> Bump:
        """Major when clients break, patch for documentation only, minor for anything else."""
        if CLIENTS in self.breaks:
            return Bump.MAJOR
        return Bump.PATCH if self.docs else Bump.MINOR


def breaks(who: str, says: str, why: str) -> Decision:
    order = (CLIENTS, SERVERS)
    return Decision(Level.BREAKING, tuple(w for w in order if w in who.split()), says, why)


def warn(says: str, why: str) -> Decision:
    return Decision(Level.WARNING, (), says, why)


def info(says: str, why: str, *, docs: bool = False) -> Decision:
    return Decision(Level.INFO, (), says, why, docs)


def says(decision: Decision, says: str) -> Decision:
    """The same decision and reason, worded for a particular change."""
    return dataclasses.replace(decision, says=says)


C, S, CS = CLIENTS, SERVERS, f"{CLIENTS} {SERVERS}"

NARROW_REQUEST = breaks(
    CS,
    "now allows less ({old} -> {new}): requests valid before may get 400",
    "a value clients sent may now be refused; a server that still accepts it breaks VAL-1",
)
WIDEN_REQUEST = breaks(
    S,
    "now allows more ({old} -> {new}): servers must accept it",
    "a server conforming to OLD refuses values now valid (VAL-2); clients never sent them",
)
NARROW_RESPONSE = breaks(
    S,
    "is promised narrower ({old} -> {new}): servers must answer within it",
    "a server conforming to OLD may answer values outside the new bound; clients see a subset",
)
WIDEN_RESPONSE = breaks(
    C,
    "may now hold more ({old} -> {new}): clients must cope with values they never saw",
    "code that trusted the old bound (validation, sizes, UI) may fail on the new values",
)
UNCOMPARABLE = breaks(
    CS,
    "changed ({old} -> {new}): values valid on one side may be invalid on the other",
    "neither a subset nor a superset of the old one can be proved, so both sides are at risk",
)


def echoed(response: Decision, request: Decision) -> Decision:
    """A change of an echo that its request field made too: clients meet it as the request does.

    A client sees in an echo only what it sent (after defaults and truncation), so the request
    side's verdict decides for clients; servers must still answer within the echo's new schema.
    """
    who = [w for w in (CLIENTS,) if w in request.breaks]
    who += [w for w in (SERVERS,) if w in response.breaks]
    level = Level.BREAKING if who else Level.INFO
    says = (
        "echoes the request field (ECHO-1), changed the same way ({old} -> {new}): a client sees "
        "here only what it sent"
    )
    why = (
        "ECHO-1: the echo holds the request after defaults and truncation, so for clients the "
        f"request change decides ({request.why}); for servers, the echo's own: {response.why}"
    )
    return Decision(level, tuple(who), says, why)
