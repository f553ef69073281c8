"""Turns the user's options into a Target and Settings, the same way for the CLI and pytest."""

from __future__ import annotations

import os
import random
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from conformance.run.target import Settings, Target

ENV_KEYS = {
    "api_key": "CONFORMANCE_API_KEY",
    "second_key": "CONFORMANCE_SECOND_KEY",
    "manager_key": "CONFORMANCE_MANAGER_KEY",
    "rate_limited_key": "CONFORMANCE_RATE_LIMITED_KEY",
}


class UsageError(Exception):
    """A problem with the options, told in one line."""


def build_target(
    *,
    base_url: str | None,
    api_key: str | None = None,
    second_key: str | None = None,
    manager_key: str | None = None,
    org_id: str | None = None,
    rate_limited_key: str | None = None,
    sidecar_public_url: str | None = None,
    sidecar_port: int = 0,
    environ: Mapping[str, str] = os.environ,
) -> Target | None:
    """The target the options name, or None for the bundled server; keys may come from `environ`."""
    given = {
        "api_key": api_key,
        "second_key": second_key,
        "manager_key": manager_key,
        "rate_limited_key": rate_limited_key,
    }
    keys = {name: value or environ.get(ENV_KEYS[name]) for name, value in given.items()}
    if base_url is None:
        if keys["api_key"] or second_key or manager_key:
            raise UsageError("keys were given without --base-url; the bundled server makes its own")
        return None
    if not base_url.startswith(("http://", "https://")):
        raise UsageError(f"--base-url must be an http(s) URL, not {base_url!r}")
    if not keys["api_key"]:
        raise UsageError(
            "--base-url needs --api-key (or CONFORMANCE_API_KEY): without a key every call is 401"
        )
    if sidecar_public_url is None and sidecar_port == 0:
        raise UsageError(
            "--base-url needs --sidecar-public-url (how the target reaches the kit's sidecar), "
            "or --sidecar-port P with 127.0.0.1:P on the target's allow-list"
        )
    return Target(
        base_url=base_url.rstrip("/"),
        api_key=str(keys["api_key"]),
        second_key=keys["second_key"],
        manager_key=keys["manager_key"],
        org_id=org_id,
        rate_limited_key=keys["rate_limited_key"],
    )


def writable_folder(raw: str) -> Path:
    """The report folder, made if need be and proven writable now, before the run spends time."""
    folder = Path(raw)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".conformance-", delete=True):
            pass
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise UsageError(f"--report-dir {raw!r} cannot be written: {reason}") from None
    return folder


def build_settings(
    *,
    profile: str,
    examples: int | None = None,
    seed: int | None = None,
    time_budget: float = 60.0,
    max_rps: float = 200.0,
    concurrency: int = 8,
    request_timeout: float = 30.0,
    operations: Iterable[str] = (),
    tags: Iterable[str] = (),
    sidecar_host: str = "127.0.0.1",
    sidecar_port: int = 0,
    sidecar_public_url: str | None = None,
    allow_rotation: bool = False,
) -> Settings:
    """The run's settings; a missing seed is drawn at random (and printed by the caller)."""
    if examples is not None and examples < 1:
        raise UsageError("--examples must be at least 1")
    if concurrency < 1:
        raise UsageError("--concurrency must be at least 1")
    if min(time_budget, max_rps, request_timeout) <= 0:
        raise UsageError("--time-budget, --max-rps and --request-timeout must be positive")
    try:
        return Settings.for_profile(
            profile,
            examples=examples,
            seed=seed if seed is not None else random.randrange(1 << 31),
            time_budget=time_budget,
            max_rps=max_rps,
            concurrency=concurrency,
            request_timeout=request_timeout,
            operations=frozenset(operations),
            tags=frozenset(tags),
            sidecar_host=sidecar_host,
            sidecar_port=sidecar_port,
            sidecar_public_url=sidecar_public_url,
            allow_rotation=allow_rotation,
        )
    except ValueError as error:
        raise UsageError(str(error)) from None
