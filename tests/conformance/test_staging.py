"""Verdicts that hold against servers the kit has never seen: throttled, far, broken (issue 9)."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from conformance.entry.bundled import bundled_server
from conformance.entry.cli import main
from conformance.entry.runner import run_groups
from conformance.fromspec.expect import size_findings
from conformance.run.outcome import RunOutcome
from conformance.run.sidecar import Sidecar
from conformance.run.target import Settings, Target
from contract import AreaLimit, OperationId, OutputSize, load_spec
from tests.conformance.conftest import failed_rules
from tests.conformance.proxy import Proxy, ServerThread, without_sink_webhooks

pytestmark = pytest.mark.slow

SEED = 4242
GENEROUS = {"rate": 1000, "burst": 2000}
QUANTUM_ONLY = frozenset({OperationId.CREATE_QUANTUM})
"""One operation is enough where a test proves a mechanism rather than covers the spec."""


@contextlib.contextmanager
def reference(
    faults: Sequence[str] = (), rate_limit: Mapping[str, float] | None = None
) -> Iterator[tuple[Target, Sidecar]]:
    """The reference server (with its own default rate limit unless told) and the sidecar."""
    sidecar = Sidecar().start()
    try:
        with bundled_server([sidecar.allow_entry], faults, rate_limit) as target:
            yield target, sidecar
    finally:
        sidecar.stop()


def run(target: Target, sidecar: Sidecar, groups: list[str], **settings: Any) -> RunOutcome:
    chosen = Settings.for_profile("quick", seed=SEED, **settings)
    return run_groups(target, sidecar, chosen, groups)


@contextlib.contextmanager
def proxied(**proxy_options: Any) -> Iterator[tuple[Target, Sidecar, Proxy]]:
    """The reference server (generous rate limit) seen through a proxy, and the sidecar."""
    with (
        reference(rate_limit=GENEROUS) as (target, sidecar),
        Proxy(target.base_url, **proxy_options) as proxy,
    ):
        yield dataclasses.replace(target, base_url=proxy.url), sidecar, proxy


def test_point_1_a_rate_limited_server_passes_and_a_fault_still_fails() -> None:
    """20 req/s per key, burst 40 (`python -m refserver`'s defaults): 429s are waited out."""
    with reference() as (target, sidecar):  # one operation: enough calls to throttle
        outcome = run(target, sidecar, ["validation", "fuzz"], operations=QUANTUM_ONLY)
    failures = {v.rule.id: [f.message for f in v.failures] for v in outcome.verdicts if v.failures}
    assert failures == {}
    skips = [reason for v in outcome.verdicts for reason in v.skips.values()]
    assert not [reason for reason in skips if "rate limited" in reason]  # every 429 waited out
    assert outcome.info.rate_limited_answers > 0, "the server never throttled: nothing was proved"
    assert outcome.info.rate_limit_wait_seconds > 0
    with reference(["dim-1"]) as (target, sidecar):
        faulty = run(target, sidecar, ["validation"], operations=QUANTUM_ONLY)
    assert failed_rules(faulty) == {"DIM-1"}
    assert faulty.info.rate_limited_answers > 0


def test_point_1_a_check_left_with_only_429s_is_skipped_not_failed() -> None:
    def always_throttled(method: str, path: str, sent: Any, status: int, answer: Any) -> Any:
        if path.endswith("/quantum"):
            return 429, {"message": "slow down", "statusCode": 429}
        return status, answer

    with proxied(edit_answer=always_throttled) as (target, sidecar, _):
        settings = Settings.for_profile(
            "quick", seed=SEED, operations=frozenset({OperationId.CREATE_QUANTUM})
        )
        outcome = run_groups(target, sidecar, settings, ["errors"])
    verdicts = {v.rule.id: v for v in outcome.verdicts}
    assert verdicts["ERR-2"].failures == []
    assert any("rate limited" in reason for reason in verdicts["ERR-2"].skips.values())
    assert outcome.info.rate_limited_answers > 0


def test_points_2_and_3_a_fuzz_failure_shows_the_exchange_and_its_curl_lines_reproduce(
    tmp_path: Path,
) -> None:
    """Against a fault, every failure tells the request and the answer; pasted into bash with
    API_KEY exported, every curl line of the report gets the same status back."""
    with reference(["val-2"], rate_limit=GENEROUS) as (target, sidecar):
        outcome = run(target, sidecar, ["fuzz", "validation"], operations=QUANTUM_ONLY)
        failures = [f for v in outcome.verdicts for f in v.failures]
        fuzzed = [f for f in failures if f.phase.startswith("fuzz")]
        assert fuzzed, f"the fuzzer found nothing: {failed_rules(outcome)}"
        for failure in failures:
            assert "NotSet" not in failure.request and "coverage phase" not in failure.request
            assert re.match(r"(GET|POST) http://127\.0\.0\.1:\d+/", failure.request), failure
            assert target.api_key not in failure.request + failure.curl
            assert failure.phase and failure.expected
        for failure in fuzzed:
            assert "Authorization: Bearer $API_KEY" in failure.request
            assert re.match(r"\d{3} ", failure.seen), failure.seen
        statuses = [(f.curl, f.seen[:3]) for f in failures if re.match(r"\d{3} ", f.seen)]
        assert statuses
        env = {**os.environ, "API_KEY": target.api_key}
        for curl, status in statuses:
            command = f"{curl} -o /dev/null -w '%{{http_code}}'"
            done = subprocess.run(
                ["bash", "-c", command], capture_output=True, text=True, env=env, timeout=60
            )
            assert done.stdout == status, (curl, done.stdout, done.stderr)


def test_point_4_a_server_that_never_delivers_webhooks_costs_one_budget() -> None:
    """Each webhook used to wait its own full budget, one after another (464 s for quick)."""

    budget = 30.0
    with proxied(edit_request=without_sink_webhooks) as (target, sidecar, _):
        started = time.monotonic()
        outcome = run(target, sidecar, ["lifecycle"], time_budget=budget)
        elapsed = time.monotonic() - started
    assert "HOOK-1" in failed_rules(outcome)
    verdicts = {v.rule.id: v for v in outcome.verdicts}
    assert verdicts["LIFE-3"].failures == [] and verdicts["LIFE-3"].passes
    assert any("no webhook at all" in reason for reason in verdicts["HOOK-3"].skips.values())
    assert elapsed < 150, f"{elapsed:.0f} s: six budgets of {budget:.0f} s would be over 180 s"


def _text_plain_on_newlines(scope: Any) -> tuple[int, bytes, bytes]:
    """A server that keeps ERR-1 everywhere except a raw %0A in the path."""
    if b"%0a" in scope["raw_path"].lower():
        return 404, b"text/plain", b"Not Found"
    status = 404 if scope["path"].count("/") > 3 or "artworks/" in scope["path"] else 400
    return status, b"application/json", json.dumps({"message": "no", "statusCode": status}).encode()


async def _fake_app(scope: Any, receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    status, kind, body = _text_plain_on_newlines(scope)
    await send(
        {"type": "http.response.start", "status": status, "headers": [(b"content-type", kind)]}
    )
    await send({"type": "http.response.body", "body": body})


def test_point_5_the_edge_probes_catch_text_plain_for_a_newline_in_a_path() -> None:
    sidecar = Sidecar().start()
    try:
        with ServerThread(_fake_app) as server:
            target = Target(base_url=server.url, api_key="sk-fake", org_id="org-fake")
            outcome = run(target, sidecar, ["edges"])
    finally:
        sidecar.stop()
    verdicts = {v.rule.id: v for v in outcome.verdicts}
    urls = [f.request.splitlines()[0] for f in verdicts["ERR-1"].failures]
    assert urls and all("%0A" in url for url in urls), urls
    assert {f.operation for f in verdicts["ERR-1"].failures} >= {
        OperationId.GET_ARTWORK_V2,
        OperationId.GET_ARTWORK_V1,
    }
    assert verdicts["ERR-1"].passes  # the other edge values were judged too, and held


def test_point_6_high_resolution_without_a_size_must_be_larger_than_the_standard() -> None:
    spec = load_spec()
    photo = spec.operation(OperationId.CREATE_PHOTO_PILOT)
    body = {"imageGuidance": 1, "highResolution": True}
    standard_rule = photo.first_matching(OutputSize, {"imageGuidance": 1})
    standard = standard_rule.size if standard_rule is not None else None
    limit = photo.first_matching(AreaLimit, body)
    assert standard is not None and limit is not None
    side = int(limit.max**0.5)
    assert side * side == limit.max  # the spec's high-resolution square: 1328 x 1328

    def problem(width: int, height: int) -> str | None:
        return dict(size_findings(spec, photo, body, width, height)).get("DIM-4")

    assert problem(*standard) is not None
    assert problem(side, side) is None
    assert problem(side + 8, side + 8) is not None  # over the high-resolution area limit
    assert problem(side, side - 100) is not None  # not 1:1


def test_point_7_a_refused_empty_prompt_is_reported_under_txt_3() -> None:
    def refuse_empty(method: str, path: str, sent: Any, status: int, answer: Any) -> Any:
        if path.endswith("/quantum") and isinstance(sent, dict) and sent.get("prompt") == "":
            return 400, {"message": "prompt must not be empty", "statusCode": 400}
        return status, answer

    with proxied(edit_answer=refuse_empty) as (target, sidecar, _):
        outcome = run(target, sidecar, ["validation"], operations=QUANTUM_ONLY)
    verdicts = {v.rule.id: v for v in outcome.verdicts}
    assert [f.message for f in verdicts["TXT-3"].failures] == [
        "an empty prompt (VAL-2: a valid body): a valid body was refused"
    ]
    assert verdicts["TXT-3"].failures[0].operation == OperationId.CREATE_QUANTUM


def test_point_8_an_unwritable_report_dir_is_refused_before_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    started = time.monotonic()
    code = main(["--report-dir", str(blocker / "reports")])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert len(err.splitlines()) == 1 and "--report-dir" in err and "cannot be written" in err
    assert "target" not in err  # nothing was started
    assert time.monotonic() - started < 60


def test_point_9_independent_requests_overlap_behind_a_slow_link() -> None:
    """150 ms per answer: the kit's own probes go out together, at most --concurrency at once."""
    with proxied(delay=0.15) as (target, sidecar, proxy):
        outcome = run(
            target, sidecar, ["auth", "validation"], concurrency=6, operations=QUANTUM_ONLY
        )
    assert failed_rules(outcome) == set()
    assert 2 <= proxy.most_in_flight <= 6, proxy.most_in_flight
    assert proxy.forwarded >= outcome.info.calls - 5  # (the preflight is not run here)
