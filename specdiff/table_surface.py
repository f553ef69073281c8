"""Who a change of the surface breaks: names the client is generated from, operations, statuses,
media types, security, and documentation."""

from __future__ import annotations

from specdiff.bodies import (
    ERROR_STATUS_ADDED,
    ERROR_STATUS_REMOVED,
    LINK_CHANGED,
    MEDIA_TYPE_ADDED,
    MEDIA_TYPE_REMOVED,
    SUCCESS_STATUS_ADDED,
    SUCCESS_STATUS_REMOVED,
)
from specdiff.document import (
    SECURITY_SCHEME_ADDED,
    SECURITY_SCHEME_CHANGED,
    SECURITY_SCHEME_REMOVED,
    SERVERS_CHANGED,
)
from specdiff.examples import EXAMPLE_BECAME_INVALID
from specdiff.model import Level
from specdiff.operations import (
    ENDPOINT_ADDED,
    ENDPOINT_DEPRECATED,
    ENDPOINT_REMOVED,
    ENDPOINT_UNDEPRECATED,
    OPERATION_CHANGED,
    OPERATION_ID_CHANGED,
    OPERATION_TAGS_CHANGED,
    SECURITY_ADDED,
    SECURITY_CHANGED,
    SECURITY_REMOVED,
    SECURITY_SCOPE_ADDED,
    SECURITY_SCOPE_REMOVED,
    WEBHOOK_ADDED,
    WEBHOOK_RECEIVER_ANSWER_CHANGED,
    WEBHOOK_REMOVED,
)
from specdiff.schemas import (
    DESCRIPTION_CHANGED,
    ENFORCES_CHANGED,
    EXAMPLE_CHANGED,
    SCHEMA_TITLE_CHANGED,
    SUMMARY_CHANGED,
)
from specdiff.verdicts import CS, UNCOMPARABLE, C, Decision, S, breaks, info, warn

SURFACE_DECISIONS: dict[str, Decision] = {
    # --- names the generated client is built from --------------------------------------------
    SCHEMA_TITLE_CHANGED: breaks(
        C,
        "title changed ({old} -> {new}): the generated model class is renamed",
        "nothing changes on the wire, but openapi-python-client names the class after the title",
    ),
    OPERATION_ID_CHANGED: breaks(
        C,
        "operationId changed ({old} -> {new}): the generated function module is renamed",
        "nothing changes on the wire, but the generated function is named after the operationId",
    ),
    OPERATION_TAGS_CHANGED: breaks(
        C,
        "tags changed ({old} -> {new}): the generated function moves to another api module",
        "openapi-python-client puts the function in imagegen_client.api.<first tag>",
    ),
    # --- operations, parameters, bodies, responses, security ----------------------------------
    ENDPOINT_ADDED: breaks(
        S,
        "is new: servers must implement it",
        "a server conforming to OLD answers 404/405; clients gain a function",
    ),
    ENDPOINT_REMOVED: breaks(
        C,
        "was removed: clients calling it fail (the generated function is gone)",
        "a server that still serves it conforms to NEW; clients lose it",
    ),
    ENDPOINT_DEPRECATED: warn("is deprecated: plan to stop calling it", "it still works"),
    ENDPOINT_UNDEPRECATED: info("is no longer deprecated", "nothing changes on the wire"),
    WEBHOOK_ADDED: breaks(
        S,
        "is a new delivery: servers must send it",
        "a server conforming to OLD never sends it; receivers are not called until it exists",
    ),
    WEBHOOK_REMOVED: breaks(
        C,
        "is no longer delivered: receivers relying on it get nothing",
        "a server that keeps delivering it harms nobody; receivers lose it",
    ),
    WEBHOOK_RECEIVER_ANSWER_CHANGED: UNCOMPARABLE,
    MEDIA_TYPE_ADDED.request: breaks(
        S, "accepts a new media type ({new})", "a server conforming to OLD answers 415"
    ),
    MEDIA_TYPE_REMOVED.request: breaks(
        CS,
        "no longer accepts {old}: clients sending it get 415",
        "clients lose a way to send; a server still accepting it breaks ERR-2",
    ),
    MEDIA_TYPE_ADDED.response: breaks(
        C,
        "may answer a new media type ({new}): clients must parse it",
        "the client built for OLD only parses the old media types",
    ),
    MEDIA_TYPE_REMOVED.response: breaks(
        CS,
        "no longer answers {old}: clients parsing it get nothing",
        "clients lose the body they parsed; a server still answering it does not conform",
    ),
    SUCCESS_STATUS_ADDED: breaks(
        CS,
        "may answer {new}: clients get an unparsed answer",
        "the generated function parses only the success statuses it knew; servers must use it",
    ),
    SUCCESS_STATUS_REMOVED: breaks(
        CS,
        "no longer answers {old}: the generated return type changes",
        "clients lose the answer they parsed; a server still answering it does not conform",
    ),
    ERROR_STATUS_ADDED: breaks(
        S,
        "may answer {new}: servers must answer it where NEW says so",
        "the client raises a typed ApiError for any 4xx/5xx, so clients cope; old servers do not",
    ),
    ERROR_STATUS_REMOVED: breaks(
        S,
        "no longer answers {old}: servers must not",
        "a server conforming to OLD may still answer it; clients handled it already",
    ),
    LINK_CHANGED: info("link changed", "links are documentation for people and tools", docs=True),
    SECURITY_ADDED: breaks(
        CS,
        "now needs authentication: clients without a key get 401",
        "old clients may call it without a key; old servers do not demand one (AUTH-1)",
    ),
    SECURITY_REMOVED: breaks(
        S,
        "no longer needs authentication: servers must not demand a key",
        "clients keep sending a key, which is harmless; old servers answer 401",
    ),
    SECURITY_SCOPE_ADDED: breaks(
        CS,
        "now needs scope {new}: keys without it get 403",
        "clients with a lesser key are refused; old servers do not check the scope (AUTH-3)",
    ),
    SECURITY_SCOPE_REMOVED: breaks(
        S,
        "no longer needs scope {old}: servers must accept lesser keys",
        "clients keep working; old servers refuse lesser keys with 403",
    ),
    SECURITY_CHANGED: UNCOMPARABLE,
    SECURITY_SCHEME_ADDED: info("is a new security scheme", "unused until an operation asks"),
    SECURITY_SCHEME_REMOVED: breaks(
        CS,
        "was removed: clients authenticating with it fail",
        "clients and servers built on it no longer match",
    ),
    SECURITY_SCHEME_CHANGED: UNCOMPARABLE,
    OPERATION_CHANGED: UNCOMPARABLE,
    SERVERS_CHANGED: info(
        "servers changed ({old} -> {new})",
        "the client takes its base URL from the caller, so this is documentation",
        docs=True,
    ),
    # --- documentation ----------------------------------------------------------------------
    DESCRIPTION_CHANGED: info("description changed", "documentation only", docs=True),
    SUMMARY_CHANGED: info("summary changed", "documentation only", docs=True),
    EXAMPLE_CHANGED: info("example changed", "documentation only", docs=True),
    EXAMPLE_BECAME_INVALID: Decision(
        Level.WARNING,
        (),
        "now breaks {old} ({new}): fix the example",
        "a conforming server refuses it, so a user who copies it gets 400 and the conformance "
        "kit no longer sends it (SPEC-1); nothing changes on the wire",
        docs=True,
    ),
    ENFORCES_CHANGED: info(
        "x-enforces changed ({old} -> {new})",
        "it only names the rule a keyword encodes: nothing changes on the wire or in the client",
        docs=True,
    ),
}
