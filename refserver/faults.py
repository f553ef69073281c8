"""Fault switches: each breaks exactly one contract rule, so the conformance kit proves itself."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Fault:
    """One switch: the contract rule it breaks and how."""

    rule: str
    description: str


def _fault(rule: str, description: str) -> tuple[str, Fault]:
    return rule.lower(), Fault(rule, description)


FAULTS: dict[str, Fault] = dict(
    [
        _fault("AUTH-1", "accepts a key sent without the `Bearer ` prefix"),
        _fault("AUTH-2", "accepts unknown keys (as a generator of an unknown organisation)"),
        _fault("AUTH-3", "lets a generator key rotate its organisation's webhook secret (E8)"),
        _fault("AUTH-4", "shows every task to every key (E5/E6 and E7)"),
        _fault("ERR-1", "error bodies lack `statusCode`"),
        _fault("ERR-2", "accepts a JSON body sent with a non-JSON Content-Type"),
        _fault("ERR-3", "answers 429 without `Retry-After`"),
        _fault("VAL-1", "E2 accepts a body without the required `effort` (echoing a made-up one)"),
        _fault("VAL-2", "rejects valid E1-E3 bodies that have `nsfw: true`"),
        _fault("VAL-3", "echoes unknown request fields in `parameters`"),
        _fault("SEC-1", "a prompt containing `{{{` makes a 500"),
        _fault(
            "DIM-1", "accepts `width` without `height` (height defaults to width), and vice versa"
        ),
        _fault("DIM-2", "accepts `aspectRatio` together with `width`/`height` (the size wins)"),
        _fault("DIM-3", "rejects a width x height exactly at the area limit"),
        _fault("DIM-4", "with no size fields the output is 1024 x 768 instead of 1:1"),
        _fault("DIM-5", "result images are rendered 1 px narrower than the echoed width"),
        _fault("TXT-1", "a prompt over the word limit is truncated to N-1 words"),
        _fault("TXT-2", "negativePrompt is never truncated"),
        _fault("TXT-3", "E1 echoes an empty prompt as it was sent"),
        _fault("ECHO-1", "E3 echoes the `details` default as 2"),
        _fault("ECHO-2", "polls (E5/E6) answer a createdAt one second later than the 202"),
        _fault("LIFE-1", "the 202 answer says `processing`"),
        _fault("LIFE-2", "a succeeded task is answered once more as `processing` on the next poll"),
        _fault("LIFE-3", "tasks without a webhook never leave `processing`"),
        _fault("LIFE-4", "terminal tasks keep `duration` 0"),
        _fault("RES-1", "E3 gives one result when `batch` is 2"),
        _fault("RES-2", "serves JPEG result bytes labelled image/png"),
        _fault("RES-3", "transparentBackground results are PNGs without an alpha channel"),
        _fault(
            "RES-4", "E2 with imageGuidance 2/3 ignores the source size (uses the default size)"
        ),
        _fault("GET-1", "E5/E6 answer 404 instead of 400 for an id that is not a UUID"),
        _fault("LIST-1", "E7 lists oldest first"),
        _fault("LIST-2", "E7 ignores the `status` filter"),
        _fault("IMG-1", "E4 ignores `aspect_ratio` (always 1:1)"),
        _fault("IMG-2", "E4 ignores the seed (every image is random)"),
        _fault("HOOK-1", "the webhook body says `processing` instead of the terminal status"),
        _fault("HOOK-2", "failed webhook deliveries are not retried"),
        _fault("HOOK-3", "after a rotation, deliveries are signed with the previous secret"),
        _fault("HOOK-4", "accepts loopback webhook URLs that are not on the allow-list"),
    ]
)


class UnknownFault(ValueError):
    """A `--fault` name that `FAULTS` does not hold."""


class Faults:
    """The switches turned on for one server; `on(name)` is the one question code asks."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        enabled = {name.lower() for name in names}
        unknown = sorted(enabled - FAULTS.keys())
        if unknown:
            raise UnknownFault(f"unknown fault switch(es): {', '.join(unknown)}")
        self.enabled: frozenset[str] = frozenset(enabled)

    def on(self, name: str) -> bool:
        """Whether the switch `name` is on (a typo in code fails loudly)."""
        if name not in FAULTS:
            raise UnknownFault(name)
        return name in self.enabled
