"""The one table of decisions: for each change ID, who it breaks, how loud it is, and why.

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


def _breaks(who: str, says: str, why: str) -> Decision:
    order = (CLIENTS, SERVERS)
    return Decision(Level.BREAKING, tuple(w for w in order if w in who.split()), says, why)


def _warn(says: str, why: str) -> Decision:
    return Decision(Level.WARNING, (), says, why)


def _info(says: str, why: str, *, docs: bool = False) -> Decision:
    return Decision(Level.INFO, (), says, why, docs)


def _says(decision: Decision, says: str) -> Decision:
    """The same decision and reason, worded for a particular change."""
    return dataclasses.replace(decision, says=says)


_C, _S, _CS = CLIENTS, SERVERS, f"{CLIENTS} {SERVERS}"

_NARROW_REQUEST = _breaks(
    _CS,
    "now allows less ({old} -> {new}): requests valid before may get 400",
    "a value clients sent may now be refused; a server that still accepts it breaks VAL-1",
)
_WIDEN_REQUEST = _breaks(
    _S,
    "now allows more ({old} -> {new}): servers must accept it",
    "a server conforming to OLD refuses values now valid (VAL-2); clients never sent them",
)
_NARROW_RESPONSE = _breaks(
    _S,
    "is promised narrower ({old} -> {new}): servers must answer within it",
    "a server conforming to OLD may answer values outside the new bound; clients see a subset",
)
_WIDEN_RESPONSE = _breaks(
    _C,
    "may now hold more ({old} -> {new}): clients must cope with values they never saw",
    "code that trusted the old bound (validation, sizes, UI) may fail on the new values",
)
_UNCOMPARABLE = _breaks(
    _CS,
    "changed ({old} -> {new}): values valid on one side may be invalid on the other",
    "neither a subset nor a superset of the old one can be proved, so both sides are at risk",
)

DECISIONS: dict[str, Decision] = {
    # --- schemas, the request side -------------------------------------------------------------
    "request-*-type-changed": _UNCOMPARABLE,
    "request-*-became-nullable": _WIDEN_REQUEST,
    "request-*-became-not-nullable": _NARROW_REQUEST,
    "request-*-enum-value-added": _says(_WIDEN_REQUEST, "accepts {new}: servers must accept it"),
    "request-*-enum-value-removed": _says(_NARROW_REQUEST, "refuses {old}: sending it gets 400"),
    "request-*-const-changed": _UNCOMPARABLE,
    "request-*-format-changed": _UNCOMPARABLE,
    "request-*-pattern-added": _NARROW_REQUEST,
    "request-*-pattern-removed": _WIDEN_REQUEST,
    "request-*-pattern-changed": _UNCOMPARABLE,
    "request-*-default-changed": _breaks(
        _CS,
        "default changed ({old} -> {new}): clients that omit it get another behaviour",
        "clients relying on the old default silently get the new one; servers apply the old "
        "default and echo it (ECHO-1)",
    ),
    "request-*-became-required": _NARROW_REQUEST,
    "request-*-became-optional": _WIDEN_REQUEST,
    "request-*-added": _breaks(
        _S,
        "was added: servers must honour it",
        "a server conforming to OLD ignores it as unknown (VAL-3); clients need not send it",
    ),
    "request-required-*-added": _breaks(
        _CS,
        "was added as required: clients built for OLD do not send it and get 400",
        "old clients omit it (VAL-1 refuses them); old servers do not require it",
    ),
    "request-*-removed": _breaks(
        _CS,
        "was removed: clients setting it lose its effect (and the generated attribute)",
        "an unknown field is ignored (VAL-3), so a client's setting silently stops working; a "
        "server still applying or echoing it breaks VAL-3",
    ),
    "request-*-one-of-added": _says(_WIDEN_REQUEST, "accepts a new variant {new}"),
    "request-*-one-of-removed": _says(_NARROW_REQUEST, "refuses the variant {old}"),
    "request-*-any-of-added": _says(_WIDEN_REQUEST, "accepts a new variant {new}"),
    "request-*-any-of-removed": _says(_NARROW_REQUEST, "refuses the variant {old}"),
    "request-*-additional-properties-narrowed": _NARROW_REQUEST,
    "request-*-additional-properties-widened": _WIDEN_REQUEST,
    "request-*-discriminator-changed": _UNCOMPARABLE,
    "request-*-constraint-changed": _UNCOMPARABLE,
    "request-*-deprecated": _warn(
        "is deprecated: stop sending it", "still accepted, so nobody breaks yet"
    ),
    "request-*-undeprecated": _info("is no longer deprecated", "nothing changes on the wire"),
    # --- schemas, the response side (and webhook deliveries) ----------------------------------
    "response-*-type-changed": _UNCOMPARABLE,
    "response-*-became-nullable": _breaks(
        _C,
        "may now be null: clients must handle null",
        "the generated model (and client code) built for OLD does not expect null",
    ),
    "response-*-became-not-nullable": _NARROW_RESPONSE,
    "response-*-enum-value-added": _warn(
        "may hold a new value ({new}): handle values you do not know",
        "the generated client keeps an unknown enum value (is_known is False) instead of failing, "
        "but code that switches over the values meets one it does not know",
    ),
    "response-*-enum-value-removed": _says(_NARROW_RESPONSE, "no longer holds {old}"),
    "response-*-const-changed": _UNCOMPARABLE,
    "response-*-format-changed": _UNCOMPARABLE,
    "response-*-pattern-added": _NARROW_RESPONSE,
    "response-*-pattern-removed": _WIDEN_RESPONSE,
    "response-*-pattern-changed": _UNCOMPARABLE,
    "response-*-default-changed": _info(
        "default changed ({old} -> {new})",
        "a default on server-produced data is documentation: nothing applies it on the wire",
    ),
    "response-*-became-required": _NARROW_RESPONSE,
    "response-*-became-optional": _breaks(
        _C,
        "may now be absent: clients reading it may find UNSET",
        "clients built for OLD read it unconditionally; servers may keep sending it",
    ),
    "response-*-added": _info(
        "was added", "older clients ignore unknown fields; servers need not send an optional one"
    ),
    "response-required-*-added": _breaks(
        _S,
        "was added as required: servers must always send it",
        "a server conforming to OLD does not send it; older clients ignore it",
    ),
    "response-*-removed": _breaks(
        _C,
        "was removed: clients reading it find nothing (the generated attribute is gone)",
        "servers may keep sending it, since extra fields are not an error; clients lose it",
    ),
    "response-*-one-of-added": _warn(
        "has a new variant: handle it",
        "the client overlay appends an UnknownArtwork catch-all to every response oneOf, so an "
        "older client parses the new variant without failing; code per variant needs a branch",
    ),
    "response-*-one-of-removed": _says(_NARROW_RESPONSE, "no longer has the variant {old}"),
    "response-*-any-of-added": _says(_WIDEN_RESPONSE, "may be the new variant {new}"),
    "response-*-any-of-removed": _says(_NARROW_RESPONSE, "no longer has the variant {old}"),
    "response-*-additional-properties-narrowed": _NARROW_RESPONSE,
    "response-*-additional-properties-widened": _warn(
        "may carry extra fields",
        "the generated client keeps unknown fields in additional_properties; only strict "
        "validators break",
    ),
    "response-*-discriminator-changed": _UNCOMPARABLE,
    "response-*-constraint-changed": _UNCOMPARABLE,
    "response-*-deprecated": _warn(
        "is deprecated: stop reading it", "still sent, so nobody breaks yet"
    ),
    "response-*-undeprecated": _info("is no longer deprecated", "nothing changes on the wire"),
    # --- names the generated client is built from --------------------------------------------
    "schema-title-changed": _breaks(
        _C,
        "title changed ({old} -> {new}): the generated model class is renamed",
        "nothing changes on the wire, but openapi-python-client names the class after the title",
    ),
    "operation-id-changed": _breaks(
        _C,
        "operationId changed ({old} -> {new}): the generated function module is renamed",
        "nothing changes on the wire, but the generated function is named after the operationId",
    ),
    "operation-tags-changed": _breaks(
        _C,
        "tags changed ({old} -> {new}): the generated function moves to another api module",
        "openapi-python-client puts the function in imagegen_client.api.<first tag>",
    ),
    # --- operations, parameters, bodies, responses, security ----------------------------------
    "endpoint-added": _breaks(
        _S,
        "is new: servers must implement it",
        "a server conforming to OLD answers 404/405; clients gain a function",
    ),
    "endpoint-removed": _breaks(
        _C,
        "was removed: clients calling it fail (the generated function is gone)",
        "a server that still serves it conforms to NEW; clients lose it",
    ),
    "endpoint-deprecated": _warn("is deprecated: plan to stop calling it", "it still works"),
    "endpoint-undeprecated": _info("is no longer deprecated", "nothing changes on the wire"),
    "webhook-added": _breaks(
        _S,
        "is a new delivery: servers must send it",
        "a server conforming to OLD never sends it; receivers are not called until it exists",
    ),
    "webhook-removed": _breaks(
        _C,
        "is no longer delivered: receivers relying on it get nothing",
        "a server that keeps delivering it harms nobody; receivers lose it",
    ),
    "webhook-receiver-answer-changed": _UNCOMPARABLE,
    "request-media-type-added": _breaks(
        _S, "accepts a new media type ({new})", "a server conforming to OLD answers 415"
    ),
    "request-media-type-removed": _breaks(
        _CS,
        "no longer accepts {old}: clients sending it get 415",
        "clients lose a way to send; a server still accepting it breaks ERR-2",
    ),
    "response-media-type-added": _breaks(
        _C,
        "may answer a new media type ({new}): clients must parse it",
        "the client built for OLD only parses the old media types",
    ),
    "response-media-type-removed": _breaks(
        _CS,
        "no longer answers {old}: clients parsing it get nothing",
        "clients lose the body they parsed; a server still answering it does not conform",
    ),
    "response-success-status-added": _breaks(
        _CS,
        "may answer {new}: clients get an unparsed answer",
        "the generated function parses only the success statuses it knew; servers must use it",
    ),
    "response-success-status-removed": _breaks(
        _CS,
        "no longer answers {old}: the generated return type changes",
        "clients lose the answer they parsed; a server still answering it does not conform",
    ),
    "response-error-status-added": _breaks(
        _S,
        "may answer {new}: servers must answer it where NEW says so",
        "the client raises a typed ApiError for any 4xx/5xx, so clients cope; old servers do not",
    ),
    "response-error-status-removed": _breaks(
        _S,
        "no longer answers {old}: servers must not",
        "a server conforming to OLD may still answer it; clients handled it already",
    ),
    "response-link-changed": _info(
        "link changed", "links are documentation for people and tools", docs=True
    ),
    "api-security-added": _breaks(
        _CS,
        "now needs authentication: clients without a key get 401",
        "old clients may call it without a key; old servers do not demand one (AUTH-1)",
    ),
    "api-security-removed": _breaks(
        _S,
        "no longer needs authentication: servers must not demand a key",
        "clients keep sending a key, which is harmless; old servers answer 401",
    ),
    "api-security-scope-added": _breaks(
        _CS,
        "now needs scope {new}: keys without it get 403",
        "clients with a lesser key are refused; old servers do not check the scope (AUTH-3)",
    ),
    "api-security-scope-removed": _breaks(
        _S,
        "no longer needs scope {old}: servers must accept lesser keys",
        "clients keep working; old servers refuse lesser keys with 403",
    ),
    "api-security-changed": _UNCOMPARABLE,
    "security-scheme-added": _info("is a new security scheme", "unused until an operation asks"),
    "security-scheme-removed": _breaks(
        _CS,
        "was removed: clients authenticating with it fail",
        "clients and servers built on it no longer match",
    ),
    "security-scheme-changed": _UNCOMPARABLE,
    "operation-changed": _UNCOMPARABLE,
    "servers-changed": _info(
        "servers changed ({old} -> {new})",
        "the client takes its base URL from the caller, so this is documentation",
        docs=True,
    ),
    # --- documentation ----------------------------------------------------------------------
    "description-changed": _info("description changed", "documentation only", docs=True),
    "summary-changed": _info("summary changed", "documentation only", docs=True),
    "example-changed": _info("example changed", "documentation only", docs=True),
    "enforces-changed": _info(
        "x-enforces changed ({old} -> {new})",
        "it only names the rule a keyword encodes: nothing changes on the wire or in the client",
        docs=True,
    ),
    # --- the contract's rule registry (x-contract-rules) -------------------------------------
    "contract-rule-added": _breaks(
        _S, "is a new contract rule: servers must satisfy it", "no server was checked against it"
    ),
    "contract-rule-removed": _breaks(
        _C,
        "is no longer a contract rule: clients lose its guarantee",
        "servers that keep satisfying it still conform",
    ),
    "contract-rule-strengthened": _breaks(
        _S,
        "level {old} -> {new}: servers must now satisfy it",
        "a SHOULD failure was a warning; as a MUST it fails the conformance run",
    ),
    "contract-rule-weakened": _breaks(
        _C,
        "level {old} -> {new}: clients can no longer rely on it",
        "servers may now skip it; a server that keeps it still conforms",
    ),
    "contract-rule-summary-changed": _warn(
        "wording changed: re-read it", "the rule's text is its meaning; decide whether it moved"
    ),
    # --- the x-rules vocabulary (one family per kind) ----------------------------------------
    "area-limit-added": _breaks(
        _CS,
        "new area limit {new}: larger sizes get 400",
        "clients sending large sizes are refused; old servers accept them (DIM-3)",
    ),
    "area-limit-removed": _breaks(
        _S, "no area limit any more", "old servers still refuse large sizes; clients cope"
    ),
    "area-limit-increased": _breaks(
        _S,
        "area limit raised {old} -> {new}: servers must accept larger sizes",
        "old servers refuse sizes now valid (DIM-3, VAL-2); clients never sent them",
    ),
    "area-limit-decreased": _breaks(
        _CS,
        "area limit lowered {old} -> {new}: sizes valid before get 400",
        "clients sending sizes between the limits are refused; old servers accept them",
    ),
    "area-limit-changed": _UNCOMPARABLE,
    "word-limit-added": _breaks(
        _CS,
        "is now truncated to {new} words",
        "clients' long texts are silently cut; old servers do not truncate (TXT-1/TXT-2)",
    ),
    "word-limit-removed": _breaks(
        _S, "is no longer truncated", "old servers still cut long texts; clients only gain"
    ),
    "word-limit-increased": _breaks(
        _S,
        "word limit raised {old} -> {new}: servers must keep more words",
        "old servers truncate too early; clients get longer texts honoured",
    ),
    "word-limit-decreased": _breaks(
        _CS,
        "word limit lowered {old} -> {new}: longer texts are cut",
        "clients' texts between the limits are silently truncated; old servers keep them",
    ),
    "word-limit-changed": _UNCOMPARABLE,
    "empty-default-added": _breaks(
        _S,
        "an empty value now gets a default",
        "old servers echo the empty value; clients only gain a default",
    ),
    "empty-default-removed": _breaks(
        _C, "an empty value no longer gets a default", "clients relying on the default lose it"
    ),
    "empty-default-changed": _UNCOMPARABLE,
    "output-size-added": _breaks(
        _S,
        "a new output-size rule: servers must size images by it",
        "old servers size the output their own way; clients gain a guarantee",
    ),
    "output-size-removed": _breaks(
        _C,
        "an output-size rule is gone: clients lose a size guarantee",
        "any size now conforms, so old servers still do",
    ),
    "output-size-changed": _breaks(
        _CS,
        "output size resolved differently: images come out another size",
        "clients expecting the old size get another; old servers produce the old one (DIM-4/5)",
    ),
    "result-count-added": _breaks(
        _S, "a result count is now promised", "old servers were not held to a count"
    ),
    "result-count-removed": _breaks(
        _C, "the result count is no longer promised", "clients relying on the count lose it"
    ),
    "result-count-changed": _breaks(
        _CS,
        "result count changed {old} -> {new}",
        "clients indexing results by the old count break; old servers produce it (RES-1)",
    ),
    "output-format-added": _breaks(
        _S,
        "a result media type is now promised",
        "old servers were free to choose; clients gain a guarantee",
    ),
    "output-format-removed": _breaks(
        _C, "the result media type is no longer promised", "clients decoding it by type lose it"
    ),
    "output-format-changed": _breaks(
        _CS,
        "result media type changed",
        "clients decoding the old type break; old servers produce it (RES-3, IMG-1)",
    ),
    "public-url-added": _breaks(
        _CS,
        "URLs must now reach public hosts: private ones get 400",
        "clients sending private URLs are refused; old servers accept them (HOOK-4)",
    ),
    "public-url-removed": _breaks(
        _S,
        "URLs no longer need public hosts",
        "old servers refuse private URLs now valid; clients only gain",
    ),
    "public-url-changed": _UNCOMPARABLE,
    "delivery-added": _breaks(
        _S, "a delivery policy is now promised", "old servers were not held to it"
    ),
    "delivery-removed": _breaks(
        _C, "the delivery policy is no longer promised", "receivers lose the retries they had"
    ),
    "delivery-attempts-increased": _breaks(
        _S,
        "attempts raised {old} -> {new}: servers must retry more",
        "old servers give up too early (HOOK-2); receivers only gain",
    ),
    "delivery-attempts-decreased": _breaks(
        _C,
        "attempts lowered {old} -> {new}: a receiver that is down misses deliveries sooner",
        "servers that retry more still conform; receivers lose retries",
    ),
    "delivery-timeout-increased": _breaks(
        _S,
        "timeout raised {old} -> {new} s: servers must wait longer",
        "old servers give up on a receiver that NEW allows to answer slower",
    ),
    "delivery-timeout-decreased": _breaks(
        _C,
        "timeout lowered {old} -> {new} s: receivers must answer faster",
        "slow receivers now fail deliveries; servers waiting longer still conform",
    ),
    "delivery-changed": _UNCOMPARABLE,
}

# A bound that moves inward narrows what it admits; outward widens it. Same meaning for each bound.
for _upper, _lower in (("max", "min"), ("max-length", "min-length"), ("max-items", "min-items")):
    DECISIONS |= {
        f"request-*-{_upper}-decreased": _NARROW_REQUEST,
        f"request-*-{_lower}-increased": _NARROW_REQUEST,
        f"request-*-{_upper}-increased": _WIDEN_REQUEST,
        f"request-*-{_lower}-decreased": _WIDEN_REQUEST,
        f"response-*-{_upper}-decreased": _NARROW_RESPONSE,
        f"response-*-{_lower}-increased": _NARROW_RESPONSE,
        f"response-*-{_upper}-increased": _WIDEN_RESPONSE,
        f"response-*-{_lower}-decreased": _WIDEN_RESPONSE,
    }


def decision(key: str) -> Decision:
    """The decision for a table key; a key missing from the table is a bug of the differ."""
    return DECISIONS[key]
