"""Fault switches: each breaks exactly one contract rule, so the conformance kit proves itself."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from contract import Spec, SpecError


class Fault(StrEnum):
    """The name of a switch: the lower-cased ID of the rule it breaks (`--fault dim-3`)."""

    AUTH_1 = "auth-1"
    AUTH_2 = "auth-2"
    AUTH_3 = "auth-3"
    AUTH_4 = "auth-4"
    ERR_1 = "err-1"
    ERR_2 = "err-2"
    ERR_3 = "err-3"
    VAL_1 = "val-1"
    VAL_2 = "val-2"
    VAL_3 = "val-3"
    SEC_1 = "sec-1"
    DIM_1 = "dim-1"
    DIM_2 = "dim-2"
    DIM_3 = "dim-3"
    DIM_4 = "dim-4"
    DIM_5 = "dim-5"
    TXT_1 = "txt-1"
    TXT_2 = "txt-2"
    TXT_3 = "txt-3"
    ECHO_1 = "echo-1"
    ECHO_2 = "echo-2"
    LIFE_1 = "life-1"
    LIFE_2 = "life-2"
    LIFE_3 = "life-3"
    LIFE_4 = "life-4"
    RES_1 = "res-1"
    RES_2 = "res-2"
    RES_3 = "res-3"
    RES_4 = "res-4"
    GET_1 = "get-1"
    LIST_1 = "list-1"
    LIST_2 = "list-2"
    IMG_1 = "img-1"
    IMG_2 = "img-2"
    HOOK_1 = "hook-1"
    HOOK_2 = "hook-2"
    HOOK_3 = "hook-3"
    HOOK_4 = "hook-4"
    # Switches that break one variant of a rule: `<rule>-<variant>`.
    AUTH_1_SCHEME = "auth-1-scheme"
    AUTH_4_FILTERED = "auth-4-filtered"
    ERR_2_PARAMETERS = "err-2-parameters"
    ERR_2_LIMIT = "err-2-limit"
    GET_1_CASE = "get-1-case"
    DIM_4_HIGH_RESOLUTION = "dim-4-high-resolution"
    TXT_1_OTHER_MODE = "txt-1-other-mode"
    LIFE_4_FAILED = "life-4-failed"
    RES_1_SOURCES = "res-1-sources"
    RES_4_SOURCES = "res-4-sources"
    LIST_1_PAGES = "list-1-pages"
    LIST_2_COMBINED = "list-2-combined"
    IMG_1_LONG_SIDE = "img-1-long-side"
    IMG_2_SEED_ZERO = "img-2-seed-zero"
    HOOK_1_FAILED = "hook-1-failed"
    HOOK_4_METADATA = "hook-4-metadata"
    HOOK_4_LATER_SOURCES = "hook-4-later-sources"
    HOOK_4_IMAGE = "hook-4-image"

    @property
    def rule(self) -> str:
        """The contract rule ID this switch breaks (`DIM-3`; `hook-4-metadata` breaks HOOK-4)."""
        family, number = self.value.split("-")[:2]
        return f"{family}-{number}".upper()


@dataclass(frozen=True)
class Switch:
    """One switch: the contract rule it breaks and how."""

    rule: str
    description: str


_DESCRIPTIONS: dict[Fault, str] = {
    Fault.AUTH_1: "accepts a key sent without the `Bearer ` prefix",
    Fault.AUTH_2: "accepts unknown keys (as a generator of an unknown organisation)",
    Fault.AUTH_3: "lets a generator key rotate its organisation's webhook secret (E8)",
    Fault.AUTH_4: "shows every task to every key (E5/E6 and E7)",
    Fault.ERR_1: "error bodies lack `statusCode`",
    Fault.ERR_2: "accepts a JSON body sent with a non-JSON Content-Type",
    Fault.ERR_3: "answers 429 without `Retry-After`",
    Fault.VAL_1: "E2 accepts a body without the required `effort` (echoing a made-up one)",
    Fault.VAL_2: "rejects valid E1-E3 bodies that have `nsfw: true`",
    Fault.VAL_3: "echoes unknown request fields in `parameters`",
    Fault.SEC_1: "a prompt containing `{{{` makes a 500",
    Fault.DIM_1: "accepts `width` without `height` (height defaults to width), and vice versa",
    Fault.DIM_2: "accepts `aspectRatio` together with `width`/`height` (the size wins)",
    Fault.DIM_3: "rejects a width x height exactly at the area limit",
    Fault.DIM_4: "with no size fields the output is 1024 x 768 instead of 1:1",
    Fault.DIM_5: "result images are rendered 1 px narrower than the echoed width",
    Fault.TXT_1: "a prompt over the word limit is truncated to N-1 words",
    Fault.TXT_2: "negativePrompt is never truncated",
    Fault.TXT_3: "E1 echoes an empty prompt as it was sent",
    Fault.ECHO_1: "E3 echoes the `details` default as 2",
    Fault.ECHO_2: "polls (E5/E6) answer a createdAt one second later than the 202",
    Fault.LIFE_1: "the 202 answer says `processing`",
    Fault.LIFE_2: "a succeeded task is answered once more as `processing` on the next poll",
    Fault.LIFE_3: "tasks without a webhook never leave `processing`",
    Fault.LIFE_4: "terminal tasks keep `duration` 0",
    Fault.RES_1: "E3 gives one result when `batch` is 2",
    Fault.RES_2: "serves JPEG result bytes labelled image/png",
    Fault.RES_3: "transparentBackground results are PNGs without an alpha channel",
    Fault.RES_4: "E2 with imageGuidance 2/3 ignores the source size (uses the default size)",
    Fault.GET_1: "E5/E6 answer 404 instead of 400 for an id that is not a UUID",
    Fault.LIST_1: "E7 lists oldest first",
    Fault.LIST_2: "E7 ignores the `status` filter",
    Fault.IMG_1: "E4 ignores `aspect_ratio` (always 1:1)",
    Fault.IMG_2: "E4 ignores the seed (every image is random)",
    Fault.HOOK_1: "the webhook body says `processing` instead of the terminal status",
    Fault.HOOK_2: "failed webhook deliveries are not retried",
    Fault.HOOK_3: "after a rotation, deliveries are signed with the previous secret",
    Fault.HOOK_4: "accepts loopback webhook URLs that are not on the allow-list",
    Fault.AUTH_1_SCHEME: "accepts a valid key under any scheme (`Token <key>`, `Basic <key>`)",
    Fault.AUTH_4_FILTERED: "E7 forgets the owner filter when a `status` filter is given",
    Fault.ERR_2_PARAMETERS: "answers 415 unless Content-Type is exactly `application/json`",
    Fault.ERR_2_LIMIT: "answers 413 to a body of exactly 1 MiB (the limit is over 1 MiB)",
    Fault.LIST_2_COMBINED: "E7 drops the `status` filter when `artworkType` is given too",
    Fault.GET_1_CASE: "E5/E6 answer 400 to a UUID in upper or mixed case",
    Fault.DIM_4_HIGH_RESOLUTION: "E2's high-resolution default is 8 px short of the pinned square",
    Fault.TXT_1_OTHER_MODE: "refuses a prompt over the word limit unless promptMode is servitor",
    Fault.LIFE_4_FAILED: "tasks that end failed keep `duration` 0",
    Fault.RES_1_SOURCES: "E2 gives one result per source image",
    Fault.RES_4_SOURCES: "E2 with several sources outputs the last source's size, not the first's",
    Fault.LIST_1_PAGES: "a page of E7 that is not the last holds one artwork fewer than `limit`",
    Fault.IMG_1_LONG_SIDE: "E4 caps the long side at 2000 px (image_size up to 2048 is allowed)",
    Fault.IMG_2_SEED_ZERO: "E4 treats seed 0 as random",
    Fault.HOOK_1_FAILED: "no webhook is delivered for a task that ends failed",
    Fault.HOOK_4_METADATA: "accepts cloud metadata addresses (169.254.169.254, fd00:ec2::254, ...)",
    Fault.HOOK_4_LATER_SOURCES: "checks only the first URL of `imageUrls`",
    Fault.HOOK_4_IMAGE: "does not check E4's `image` URL",
}

FAULTS: dict[Fault, Switch] = {fault: Switch(fault.rule, _DESCRIPTIONS[fault]) for fault in Fault}
"""Every switch by name (the key errors at import if a `Fault` has no description)."""


def check_rules(spec: Spec) -> None:
    """Fail at start when a switch names a rule that the spec's `x-contract-rules` lacks."""
    known = {rule.id for rule in spec.contract_rules}
    unknown = sorted(fault.rule for fault in Fault if fault.rule not in known)
    if unknown:
        raise SpecError(f"fault switches name rules the spec lacks: {', '.join(unknown)}")


class UnknownFault(ValueError):
    """A `--fault` name that `Fault` does not hold."""


def parse_faults(names: Iterable[str]) -> tuple[Fault, ...]:
    """Switch names (any case) as `Fault`s, or `UnknownFault` naming every unknown one."""
    lowered = [name.lower() for name in names]
    unknown = sorted({name for name in lowered if name not in FAULTS})
    if unknown:
        raise UnknownFault(f"unknown fault switch(es): {', '.join(unknown)}")
    return tuple(Fault(name) for name in lowered)


class Faults:
    """The switches turned on for one server; `on(fault)` is the one question code asks."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self.enabled: frozenset[Fault] = frozenset(parse_faults(names))

    def on(self, fault: Fault) -> bool:
        """Whether the switch `fault` is on."""
        return fault in self.enabled

    def breaks(self, fault: Fault, rule: str | None) -> bool:
        """Whether `fault` is on and `rule` (an x-rule's or an error's ID) is the rule it breaks."""
        return fault in self.enabled and fault.rule == rule
