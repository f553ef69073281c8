"""Runs the selected check groups against one target and turns the ledger into a RunOutcome."""

from __future__ import annotations

import contextlib
import platform
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version

import httpx

from conformance.checks import GROUPS
from conformance.entry.bundled import bundled_server
from conformance.judge.answers import AnswerJudge
from conformance.judge.variants import spec_variants
from conformance.run.api import Api
from conformance.run.context import RUN, RunContext
from conformance.run.exchange import Exchange
from conformance.run.ledger import Ledger
from conformance.run.outcome import RunInfo, RunOutcome
from conformance.run.sidecar import Sidecar
from conformance.run.target import Settings, Target
from contract import OperationId, Spec, load_spec

Progress = Callable[[str], None]


def _versions(spec: Spec) -> dict[str, str]:
    found = {"python": platform.python_version(), "spec": str(spec.raw["info"]["version"])}
    for package in ("imagegen-toolkit", "schemathesis", "hypothesis", "pillow", "httpx"):
        with contextlib.suppress(PackageNotFoundError):
            found[package] = version(package)
    return found


@contextlib.contextmanager
def prepared(
    target: Target | None, settings: Settings, faults: Sequence[str] = ()
) -> Iterator[tuple[Target, Sidecar]]:
    """The sidecar, and the target: the given one, or the bundled server started for this run."""
    sidecar = Sidecar(
        settings.sidecar_host, settings.sidecar_port, settings.sidecar_public_url
    ).start()
    try:
        if target is not None:
            _preflight(target, settings)
            yield target, sidecar
        else:
            with bundled_server([sidecar.allow_entry], faults) as bundled:
                yield bundled, sidecar
    finally:
        sidecar.stop()


def _preflight(target: Target, settings: Settings) -> None:
    """Fail fast, in one line, when the target cannot be reached or refuses the key."""
    try:
        answer = httpx.get(
            target.base_url + load_spec().operation(OperationId.LIST_ARTWORKS).path,
            params={"limit": 1},
            headers={"Authorization": f"Bearer {target.api_key}"},
            timeout=min(10.0, settings.request_timeout),
        )
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        raise ConnectionError(f"cannot reach {target.base_url}: {type(error).__name__}") from None
    if answer.status_code in (401, 403):
        raise PermissionError(f"the target refused the API key ({answer.status_code})")


def run_groups(
    target: Target,
    sidecar: Sidecar,
    settings: Settings,
    groups: Sequence[str] | None = None,
    progress: Progress = lambda message: None,
    recorders: Sequence[Callable[[Exchange], None]] = (),
) -> RunOutcome:
    """Run the groups in order; a rule nothing exercised is reported skipped, with a reason."""
    spec = load_spec()
    ledger = Ledger(spec.contract_rules)
    for rule_id, variant, note in spec_variants(spec):
        ledger.expect(rule_id, variant, note)
    api = Api(target, settings, ledger, observers=[AnswerJudge(ledger)], recorders=recorders)
    ctx = RunContext(spec, target, settings, ledger, api, sidecar, progress)
    chosen = [name for name in GROUPS if not groups or name in groups]
    started, clock = datetime.now(UTC), time.monotonic()
    errors: list[str] = []
    try:
        for name in chosen:
            progress(f"{name}: starting")
            ledger.phase = f"the {name} group"
            try:
                GROUPS[name].run(ctx)
            except Exception as error:  # a crash in one group must not lose the others' verdicts
                message = f"the {name} group stopped: {type(error).__name__}: {error}"[:500]
                progress(message)
                errors.append(message)
                for rule in GROUPS[name].rules:
                    ledger.skipped(rule, RUN, message)
    finally:
        api.close()
    for name in GROUPS:
        if name not in chosen:
            for rule in GROUPS[name].rules:
                ledger.skipped(rule, RUN, f"the {name} group was not selected")
    for verdict in ledger.verdicts():
        if not (verdict.passes or verdict.failures or verdict.skips):
            ledger.skipped(verdict.rule.id, RUN, "no selected check exercised this rule")
    info = RunInfo(
        target=target.base_url,
        bundled=target.bundled,
        profile=settings.profile,
        seed=settings.seed,
        started_at=started.isoformat(timespec="seconds"),
        duration_seconds=round(time.monotonic() - clock, 2),
        versions=_versions(spec),
        calls=ledger.calls,
        successful_calls=ledger.successful_calls,
        operations=tuple(op.operation_id for op in ctx.operations()),
        selected_groups=tuple(chosen),
        notes=tuple(errors),
        rate_limited_answers=api.throttle.met,
        rate_limit_wait_seconds=round(api.throttle.waited, 1),
    )
    return RunOutcome(info, ledger.verdicts(), frozenset(ledger.secrets), tuple(errors))
