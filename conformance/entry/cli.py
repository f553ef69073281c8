"""`python -m conformance`: test the bundled server, or any server given by --base-url."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from conformance.checks import GROUPS
from conformance.entry.options import UsageError, build_settings, build_target, writable_folder
from conformance.entry.runner import prepared, run_groups
from conformance.report import summary_lines, write_reports
from conformance.report.baseline import load_baseline
from conformance.run.target import PROFILES


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="conformance",
        description="Check an Image Generation API server against the contract, rule by rule. "
        "With no --base-url, the bundled reference server is started and tested.",
    )
    target = p.add_argument_group("target (keys may also come from the environment)")
    target.add_argument("--base-url", help="the server to test, e.g. https://staging.example.com")
    target.add_argument("--api-key", help="a generator key (env CONFORMANCE_API_KEY)")
    target.add_argument(
        "--second-key", help="another key of the same org, for AUTH-4 (env CONFORMANCE_SECOND_KEY)"
    )
    target.add_argument(
        "--manager-key", help="a manager key, for E8 and HOOK-3 (env CONFORMANCE_MANAGER_KEY)"
    )
    target.add_argument("--org-id", help="the organisation of the keys, for AUTH-3 and HOOK-3")
    target.add_argument(
        "--rate-limited-key",
        help="a key with a low rate limit, for ERR-3 (env CONFORMANCE_RATE_LIMITED_KEY)",
    )
    target.add_argument(
        "--allow-rotation",
        action="store_true",
        help="allow rotating the org's webhook secret (HOOK-3)",
    )
    run = p.add_argument_group("run")
    run.add_argument(
        "--profile",
        choices=sorted(PROFILES),
        default="quick",
        help="quick for CI, thorough before a release",
    )
    run.add_argument(
        "--examples", type=int, help="examples per operation and phase (overrides the profile)"
    )
    run.add_argument("--seed", type=int, help="the run's seed (default: random, printed)")
    run.add_argument(
        "--time-budget", type=float, default=60.0, help="seconds a task may take to finish (LIFE-3)"
    )
    run.add_argument(
        "--max-rps", type=float, default=200.0, help="the most requests per second the kit sends"
    )
    run.add_argument(
        "--concurrency",
        type=int,
        default=8,
        help="the most requests in flight at once (independent ones go out together)",
    )
    run.add_argument(
        "--request-timeout", type=float, default=30.0, help="seconds one answer may take"
    )
    run.add_argument(
        "--operation", action="append", default=[], help="only this operationId (repeatable)"
    )
    run.add_argument(
        "--tag", action="append", default=[], help="only operations with this tag (repeatable)"
    )
    run.add_argument(
        "--group", action="append", default=[], choices=sorted(GROUPS), help="only this check group"
    )
    run.add_argument("--fault", action="append", default=[], help=argparse.SUPPRESS)
    side = p.add_argument_group("sidecar (source images and webhook sink)")
    side.add_argument("--sidecar-host", default="127.0.0.1", help="where the sidecar listens")
    side.add_argument("--sidecar-port", type=int, default=0, help="its port (0: any free one)")
    side.add_argument(
        "--sidecar-public-url", help="the URL by which a remote target reaches the sidecar"
    )
    p.add_argument("--report-dir", default="reports/conformance", help="where the reports go")
    p.add_argument(
        "--baseline",
        type=Path,
        help="an earlier run's results.json: rules failing there are known, only new failures fail",
    )
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        target = build_target(
            base_url=args.base_url,
            api_key=args.api_key,
            second_key=args.second_key,
            manager_key=args.manager_key,
            org_id=args.org_id,
            rate_limited_key=args.rate_limited_key,
            sidecar_public_url=args.sidecar_public_url,
            sidecar_port=args.sidecar_port,
        )
        settings = build_settings(
            profile=args.profile,
            examples=args.examples,
            seed=args.seed,
            time_budget=args.time_budget,
            max_rps=args.max_rps,
            concurrency=args.concurrency,
            request_timeout=args.request_timeout,
            operations=args.operation,
            tags=args.tag,
            sidecar_host=args.sidecar_host,
            sidecar_port=args.sidecar_port,
            sidecar_public_url=args.sidecar_public_url,
            allow_rotation=args.allow_rotation,
        )
        baseline = load_baseline(args.baseline) if args.baseline is not None else None
        report_dir = writable_folder(args.report_dir)
    except (UsageError, ValueError) as error:
        print(f"conformance: {error}", file=sys.stderr)
        return 2
    started = time.monotonic()

    def progress(message: str) -> None:
        if not args.quiet:
            print(f"[{time.monotonic() - started:6.1f}s] {message}", file=sys.stderr, flush=True)

    try:
        with prepared(target, settings, args.fault) as (live, sidecar):
            progress(
                f"target {live.base_url} ({'bundled' if live.bundled else 'remote'}), "
                f"seed {settings.seed}"
            )
            outcome = run_groups(live, sidecar, settings, args.group or None, progress)
            outcome = replace(outcome, baseline=baseline)
            secrets = [*live.secrets(), *outcome.secrets]
            paths = write_reports(report_dir, outcome, secrets)
    except (OSError, RuntimeError, TimeoutError) as error:  # ConnectionError is an OSError
        print(f"conformance: {type(error).__name__}: {error}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("conformance: interrupted", file=sys.stderr)
        return 130
    for line in summary_lines(outcome):
        print(line)
    for stopped in outcome.errors:
        print(f"kit error: {stopped}", file=sys.stderr)
    print(
        f"report: {paths['markdown']} "
        f"(also {paths['html'].name}, {paths['json'].name}, {paths['junit'].name})"
    )
    if outcome.errors:
        return 3
    if outcome.info.successful_calls == 0:
        print("conformance: no call succeeded: nothing was really checked", file=sys.stderr)
        return 3
    return 1 if outcome.new_must_failed else 0
