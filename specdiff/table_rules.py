"""Who a change of the spec's own vocabulary breaks: the rule registry and each x-rules kind."""

from __future__ import annotations

from specdiff.verdicts import CS, UNCOMPARABLE, C, Decision, S, breaks, warn
from specdiff.xrules import (
    AREA_LIMIT_DECREASED,
    AREA_LIMIT_INCREASED,
    CONTRACT_RULE_ADDED,
    CONTRACT_RULE_REMOVED,
    CONTRACT_RULE_STRENGTHENED,
    CONTRACT_RULE_SUMMARY_CHANGED,
    CONTRACT_RULE_WEAKENED,
    DELIVERY_ATTEMPTS_DECREASED,
    DELIVERY_ATTEMPTS_INCREASED,
    DELIVERY_TIMEOUT_DECREASED,
    DELIVERY_TIMEOUT_INCREASED,
    KINDS,
    WORD_LIMIT_DECREASED,
    WORD_LIMIT_INCREASED,
)

RULE_DECISIONS: dict[str, Decision] = {
    # --- the contract's rule registry (x-contract-rules) -------------------------------------
    CONTRACT_RULE_ADDED: breaks(
        S, "is a new contract rule: servers must satisfy it", "no server was checked against it"
    ),
    CONTRACT_RULE_REMOVED: breaks(
        C,
        "is no longer a contract rule: clients lose its guarantee",
        "servers that keep satisfying it still conform",
    ),
    CONTRACT_RULE_STRENGTHENED: breaks(
        S,
        "level {old} -> {new}: servers must now satisfy it",
        "a SHOULD failure was a warning; as a MUST it fails the conformance run",
    ),
    CONTRACT_RULE_WEAKENED: breaks(
        C,
        "level {old} -> {new}: clients can no longer rely on it",
        "servers may now skip it; a server that keeps it still conforms",
    ),
    CONTRACT_RULE_SUMMARY_CHANGED: warn(
        "wording changed: re-read it", "the rule's text is its meaning; decide whether it moved"
    ),
    # --- the x-rules vocabulary (one family per kind) ----------------------------------------
    KINDS["area-limit"].added: breaks(
        CS,
        "new area limit {new}: larger sizes get 400",
        "clients sending large sizes are refused; old servers accept them (DIM-3)",
    ),
    KINDS["area-limit"].removed: breaks(
        S, "no area limit any more", "old servers still refuse large sizes; clients cope"
    ),
    AREA_LIMIT_INCREASED: breaks(
        S,
        "area limit raised {old} -> {new}: servers must accept larger sizes",
        "old servers refuse sizes now valid (DIM-3, VAL-2); clients never sent them",
    ),
    AREA_LIMIT_DECREASED: breaks(
        CS,
        "area limit lowered {old} -> {new}: sizes valid before get 400",
        "clients sending sizes between the limits are refused; old servers accept them",
    ),
    KINDS["area-limit"].changed: UNCOMPARABLE,
    KINDS["word-limit"].added: breaks(
        CS,
        "is now truncated to {new} words",
        "clients' long texts are silently cut; old servers do not truncate (TXT-1/TXT-2)",
    ),
    KINDS["word-limit"].removed: breaks(
        S, "is no longer truncated", "old servers still cut long texts; clients only gain"
    ),
    WORD_LIMIT_INCREASED: breaks(
        S,
        "word limit raised {old} -> {new}: servers must keep more words",
        "old servers truncate too early; clients get longer texts honoured",
    ),
    WORD_LIMIT_DECREASED: breaks(
        CS,
        "word limit lowered {old} -> {new}: longer texts are cut",
        "clients' texts between the limits are silently truncated; old servers keep them",
    ),
    KINDS["word-limit"].changed: UNCOMPARABLE,
    KINDS["empty-default"].added: breaks(
        S,
        "an empty value now gets a default",
        "old servers echo the empty value; clients only gain a default",
    ),
    KINDS["empty-default"].removed: breaks(
        C, "an empty value no longer gets a default", "clients relying on the default lose it"
    ),
    KINDS["empty-default"].changed: UNCOMPARABLE,
    KINDS["output-size"].added: breaks(
        S,
        "a new output-size rule: servers must size images by it",
        "old servers size the output their own way; clients gain a guarantee",
    ),
    KINDS["output-size"].removed: breaks(
        C,
        "an output-size rule is gone: clients lose a size guarantee",
        "any size now conforms, so old servers still do",
    ),
    KINDS["output-size"].changed: breaks(
        CS,
        "output size resolved differently: images come out another size",
        "clients expecting the old size get another; old servers produce the old one (DIM-4/5)",
    ),
    KINDS["result-count"].added: breaks(
        S, "a result count is now promised", "old servers were not held to a count"
    ),
    KINDS["result-count"].removed: breaks(
        C, "the result count is no longer promised", "clients relying on the count lose it"
    ),
    KINDS["result-count"].changed: breaks(
        CS,
        "result count changed {old} -> {new}",
        "clients indexing results by the old count break; old servers produce it (RES-1)",
    ),
    KINDS["output-format"].added: breaks(
        S,
        "a result media type is now promised",
        "old servers were free to choose; clients gain a guarantee",
    ),
    KINDS["output-format"].removed: breaks(
        C, "the result media type is no longer promised", "clients decoding it by type lose it"
    ),
    KINDS["output-format"].changed: breaks(
        CS,
        "result media type changed",
        "clients decoding the old type break; old servers produce it (RES-3, IMG-1)",
    ),
    KINDS["public-url"].added: breaks(
        CS,
        "URLs must now reach public hosts: private ones get 400",
        "clients sending private URLs are refused; old servers accept them (HOOK-4)",
    ),
    KINDS["public-url"].removed: breaks(
        S,
        "URLs no longer need public hosts",
        "old servers refuse private URLs now valid; clients only gain",
    ),
    KINDS["public-url"].changed: UNCOMPARABLE,
    KINDS["delivery"].added: breaks(
        S, "a delivery policy is now promised", "old servers were not held to it"
    ),
    KINDS["delivery"].removed: breaks(
        C, "the delivery policy is no longer promised", "receivers lose the retries they had"
    ),
    DELIVERY_ATTEMPTS_INCREASED: breaks(
        S,
        "attempts raised {old} -> {new}: servers must retry more",
        "old servers give up too early (HOOK-2); receivers only gain",
    ),
    DELIVERY_ATTEMPTS_DECREASED: breaks(
        C,
        "attempts lowered {old} -> {new}: a receiver that is down misses deliveries sooner",
        "servers that retry more still conform; receivers lose retries",
    ),
    DELIVERY_TIMEOUT_INCREASED: breaks(
        S,
        "timeout raised {old} -> {new} s: servers must wait longer",
        "old servers give up on a receiver that NEW allows to answer slower",
    ),
    DELIVERY_TIMEOUT_DECREASED: breaks(
        C,
        "timeout lowered {old} -> {new} s: receivers must answer faster",
        "slow receivers now fail deliveries; servers waiting longer still conform",
    ),
    KINDS["delivery"].changed: UNCOMPARABLE,
}
