"""Who a change of data breaks: schemas, parameters, headers and bodies, on either side.

`request-` is data the client produces and the server consumes; `response-` is data the server
produces and the client consumes, a webhook delivery's body and headers too. The contract makes a
conforming server refuse what breaks the request schema (VAL-1) and accept what satisfies it
(VAL-2), so any change of a request schema breaks servers that conform to OLD. `*` in an ID is
the noun: property, parameter, header or body.
"""

from __future__ import annotations

from specdiff.keywords import (
    BECAME_NOT_NULLABLE,
    BECAME_NULLABLE,
    CONST_CHANGED,
    CONSTRAINT_CHANGED,
    DEFAULT_CHANGED,
    DEPRECATED,
    DISCRIMINATOR_CHANGED,
    ENUM_VALUE_ADDED,
    ENUM_VALUE_REMOVED,
    FORMAT_CHANGED,
    MAX_DECREASED,
    MAX_INCREASED,
    MAX_ITEMS_DECREASED,
    MAX_ITEMS_INCREASED,
    MAX_LENGTH_DECREASED,
    MAX_LENGTH_INCREASED,
    MIN_DECREASED,
    MIN_INCREASED,
    MIN_ITEMS_DECREASED,
    MIN_ITEMS_INCREASED,
    MIN_LENGTH_DECREASED,
    MIN_LENGTH_INCREASED,
    PATTERN_ADDED,
    PATTERN_CHANGED,
    PATTERN_REMOVED,
    TYPE_CHANGED,
    UNDEPRECATED,
)
from specdiff.schemas import (
    ADDED,
    ADDITIONAL_NARROWED,
    ADDITIONAL_WIDENED,
    ANY_OF_ADDED,
    ANY_OF_REMOVED,
    BECAME_OPTIONAL,
    BECAME_REQUIRED,
    ONE_OF_ADDED,
    ONE_OF_REMOVED,
    REMOVED,
    REQUIRED_ADDED,
)
from specdiff.verdicts import (
    CS,
    NARROW_REQUEST,
    NARROW_RESPONSE,
    UNCOMPARABLE,
    WIDEN_REQUEST,
    WIDEN_RESPONSE,
    C,
    Decision,
    S,
    breaks,
    info,
    says,
    warn,
)

DATA_DECISIONS: dict[str, Decision] = {
    # --- schemas, the request side -------------------------------------------------------------
    TYPE_CHANGED.request: UNCOMPARABLE,
    BECAME_NULLABLE.request: WIDEN_REQUEST,
    BECAME_NOT_NULLABLE.request: NARROW_REQUEST,
    ENUM_VALUE_ADDED.request: says(WIDEN_REQUEST, "accepts {new}: servers must accept it"),
    ENUM_VALUE_REMOVED.request: says(NARROW_REQUEST, "refuses {old}: sending it gets 400"),
    CONST_CHANGED.request: UNCOMPARABLE,
    FORMAT_CHANGED.request: UNCOMPARABLE,
    PATTERN_ADDED.request: NARROW_REQUEST,
    PATTERN_REMOVED.request: WIDEN_REQUEST,
    PATTERN_CHANGED.request: UNCOMPARABLE,
    DEFAULT_CHANGED.request: breaks(
        CS,
        "default changed ({old} -> {new}): clients that omit it get another behaviour",
        "clients relying on the old default silently get the new one; servers apply the old "
        "default and echo it (ECHO-1)",
    ),
    BECAME_REQUIRED.request: NARROW_REQUEST,
    BECAME_OPTIONAL.request: WIDEN_REQUEST,
    ADDED.request: breaks(
        S,
        "was added: servers must honour it",
        "a server conforming to OLD ignores it as unknown (VAL-3); clients need not send it",
    ),
    REQUIRED_ADDED.request: breaks(
        CS,
        "was added as required: clients built for OLD do not send it and get 400",
        "old clients omit it (VAL-1 refuses them); old servers do not require it",
    ),
    REMOVED.request: breaks(
        CS,
        "was removed: clients setting it lose its effect (and the generated attribute)",
        "an unknown field is ignored (VAL-3), so a client's setting silently stops working; a "
        "server still applying or echoing it breaks VAL-3",
    ),
    ONE_OF_ADDED.request: says(WIDEN_REQUEST, "accepts a new variant {new}"),
    ONE_OF_REMOVED.request: says(NARROW_REQUEST, "refuses the variant {old}"),
    ANY_OF_ADDED.request: says(WIDEN_REQUEST, "accepts a new variant {new}"),
    ANY_OF_REMOVED.request: says(NARROW_REQUEST, "refuses the variant {old}"),
    ADDITIONAL_NARROWED.request: NARROW_REQUEST,
    ADDITIONAL_WIDENED.request: WIDEN_REQUEST,
    DISCRIMINATOR_CHANGED.request: UNCOMPARABLE,
    CONSTRAINT_CHANGED.request: UNCOMPARABLE,
    DEPRECATED.request: warn(
        "is deprecated: stop sending it", "still accepted, so nobody breaks yet"
    ),
    UNDEPRECATED.request: info("is no longer deprecated", "nothing changes on the wire"),
    # --- schemas, the response side (and webhook deliveries) ----------------------------------
    TYPE_CHANGED.response: UNCOMPARABLE,
    BECAME_NULLABLE.response: breaks(
        C,
        "may now be null: clients must handle null",
        "the generated model (and client code) built for OLD does not expect null",
    ),
    BECAME_NOT_NULLABLE.response: NARROW_RESPONSE,
    ENUM_VALUE_ADDED.response: warn(
        "may hold a new value ({new}): handle values you do not know",
        "the generated client keeps an unknown enum value (is_known is False) instead of failing, "
        "but code that switches over the values meets one it does not know",
    ),
    ENUM_VALUE_REMOVED.response: says(NARROW_RESPONSE, "no longer holds {old}"),
    CONST_CHANGED.response: UNCOMPARABLE,
    FORMAT_CHANGED.response: UNCOMPARABLE,
    PATTERN_ADDED.response: NARROW_RESPONSE,
    PATTERN_REMOVED.response: WIDEN_RESPONSE,
    PATTERN_CHANGED.response: UNCOMPARABLE,
    DEFAULT_CHANGED.response: info(
        "default changed ({old} -> {new})",
        "a default on server-produced data is documentation: nothing applies it on the wire",
    ),
    BECAME_REQUIRED.response: NARROW_RESPONSE,
    BECAME_OPTIONAL.response: breaks(
        C,
        "may now be absent: clients reading it may find UNSET",
        "clients built for OLD read it unconditionally; servers may keep sending it",
    ),
    ADDED.response: info(
        "was added", "older clients ignore unknown fields; servers need not send an optional one"
    ),
    REQUIRED_ADDED.response: breaks(
        S,
        "was added as required: servers must always send it",
        "a server conforming to OLD does not send it; older clients ignore it",
    ),
    REMOVED.response: breaks(
        C,
        "was removed: clients reading it find nothing (the generated attribute is gone)",
        "servers may keep sending it, since extra fields are not an error; clients lose it",
    ),
    ONE_OF_ADDED.response: warn(
        "has a new variant: handle it",
        "the client overlay appends an UnknownArtwork catch-all to every response oneOf, so an "
        "older client parses the new variant without failing; code per variant needs a branch",
    ),
    ONE_OF_REMOVED.response: says(NARROW_RESPONSE, "no longer has the variant {old}"),
    ANY_OF_ADDED.response: says(WIDEN_RESPONSE, "may be the new variant {new}"),
    ANY_OF_REMOVED.response: says(NARROW_RESPONSE, "no longer has the variant {old}"),
    ADDITIONAL_NARROWED.response: NARROW_RESPONSE,
    ADDITIONAL_WIDENED.response: warn(
        "may carry extra fields",
        "the generated client keeps unknown fields in additional_properties; only strict "
        "validators break",
    ),
    DISCRIMINATOR_CHANGED.response: UNCOMPARABLE,
    CONSTRAINT_CHANGED.response: UNCOMPARABLE,
    DEPRECATED.response: warn("is deprecated: stop reading it", "still sent, so nobody breaks yet"),
    UNDEPRECATED.response: info("is no longer deprecated", "nothing changes on the wire"),
    MAX_DECREASED.request: NARROW_REQUEST,
    MIN_INCREASED.request: NARROW_REQUEST,
    MAX_INCREASED.request: WIDEN_REQUEST,
    MIN_DECREASED.request: WIDEN_REQUEST,
    MAX_LENGTH_DECREASED.request: NARROW_REQUEST,
    MIN_LENGTH_INCREASED.request: NARROW_REQUEST,
    MAX_LENGTH_INCREASED.request: WIDEN_REQUEST,
    MIN_LENGTH_DECREASED.request: WIDEN_REQUEST,
    MAX_ITEMS_DECREASED.request: NARROW_REQUEST,
    MIN_ITEMS_INCREASED.request: NARROW_REQUEST,
    MAX_ITEMS_INCREASED.request: WIDEN_REQUEST,
    MIN_ITEMS_DECREASED.request: WIDEN_REQUEST,
    MAX_DECREASED.response: NARROW_RESPONSE,
    MIN_INCREASED.response: NARROW_RESPONSE,
    MAX_INCREASED.response: WIDEN_RESPONSE,
    MIN_DECREASED.response: WIDEN_RESPONSE,
    MAX_LENGTH_DECREASED.response: NARROW_RESPONSE,
    MIN_LENGTH_INCREASED.response: NARROW_RESPONSE,
    MAX_LENGTH_INCREASED.response: WIDEN_RESPONSE,
    MIN_LENGTH_DECREASED.response: WIDEN_RESPONSE,
    MAX_ITEMS_DECREASED.response: NARROW_RESPONSE,
    MIN_ITEMS_INCREASED.response: NARROW_RESPONSE,
    MAX_ITEMS_INCREASED.response: WIDEN_RESPONSE,
    MIN_ITEMS_DECREASED.response: WIDEN_RESPONSE,
}
