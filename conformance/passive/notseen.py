"""Why a rule has no verdict from traffic: what traffic cannot show, or what it did not hold."""

from __future__ import annotations

CANNOT = {
    "AUTH-3": "traffic does not tell a key's scope",
    "HOOK-1": "webhook deliveries go from the server to a receiver, not through this traffic",
    "HOOK-2": "webhook deliveries go from the server to a receiver, not through this traffic",
    "HOOK-3": "webhook deliveries go from the server to a receiver, not through this traffic",
    "HOOK-4": "an accepted private URL may be on the server's allow-list: traffic cannot tell",
    "RES-4": "the source image's size is known only to the server that fetched it",
    "VAL-3": "needs a body with a field the spec does not declare",
}
NOT_OBSERVED = "not observed"


def reason(rule: str, time_budget: float | None) -> str:
    """The skip reason a passive report gives a rule nothing exercised."""
    if rule in CANNOT:
        return f"{NOT_OBSERVED}: {CANNOT[rule]}"
    if rule == "LIFE-3" and time_budget is None:
        return f"{NOT_OBSERVED}: no --time-budget was given, so no deadline to judge"
    return f"{NOT_OBSERVED}: no exchange in the traffic exercised this rule"
