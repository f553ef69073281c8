"""`conformance proxy` and `conformance check-har`: one judge, fed live or from recordings."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import httpx

from conformance.entry.options import UsageError, writable_folder
from conformance.passive.har import HarError, read_hars
from conformance.passive.judge import Judge
from conformance.passive.proxy import ProxyOptions
from conformance.passive.serve import ServeOptions, run
from conformance.report import summary_lines, write_reports
from conformance.report.baseline import load_baseline
from conformance.report.view import printable
from conformance.run.ledger import Failure
from conformance.run.outcome import Baseline, RunOutcome

PROXY_HELP = "judge live traffic: a reverse proxy in front of a server"
HAR_HELP = "judge recorded traffic: HAR 1.2 files (devtools, mitmproxy, Playwright)"


def failure_line(failure: Failure, task: str | None) -> str:
    """One failure as it is seen: the rule, the operation, the task and what was wrong."""
    where = f" task {task}" if task else ""
    return printable(f"FAIL {failure.rule} {failure.operation}{where}: {failure.message}")


def add_judge_options(parser: argparse.ArgumentParser, default_dir: str) -> None:
    parser.add_argument("--report-dir", default=default_dir, help="where the reports go")
    parser.add_argument(
        "--time-budget",
        type=float,
        help="seconds a task may take to finish: judges LIFE-3 (without it LIFE-3 is not observed)",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        help="an earlier run's results.json: rules failing there are known, only new failures fail",
    )
    parser.add_argument("--quiet", action="store_true", help="no line per failure as it is seen")


def add_proxy_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--upstream", required=True, help="the server to forward to (http[s]://)")
    parser.add_argument(
        "--listen", default="127.0.0.1:8080", help="HOST:PORT to listen on (port 0: any free one)"
    )
    parser.add_argument(
        "--report-interval",
        type=float,
        default=60.0,
        help="seconds between report writes while running (0: only when it stops)",
    )
    parser.add_argument(
        "--fetch-results",
        action="store_true",
        help="fetch each result URL seen, once, to judge RES and DIM-5 (the one request it sends)",
    )
    parser.add_argument(
        "--upstream-timeout",
        type=float,
        default=60.0,
        help="seconds an upstream answer may take; then the client gets 504",
    )
    add_judge_options(parser, "reports/proxy")


def add_har_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE.har", help="HAR files")
    add_judge_options(parser, "reports/har")


def _listen(raw: str) -> tuple[str, int]:
    host, sep, port = raw.rpartition(":")
    if not sep or not host or not port.isdigit() or int(port) > 65535:
        raise UsageError(f"--listen must be HOST:PORT, not {raw!r}")
    return host.strip("[]"), int(port)


def _baseline(path: Path | None) -> Baseline | None:
    return load_baseline(path) if path is not None else None


def _judge(args: argparse.Namespace) -> Judge:
    if args.time_budget is not None and args.time_budget <= 0:
        raise UsageError("--time-budget must be positive")

    def tell(failure: Failure, task: str | None) -> None:
        if not args.quiet:
            print(failure_line(failure, task), flush=True)

    return Judge(time_budget=args.time_budget, on_failure=tell)


def _finish(outcome: RunOutcome, folder: Path) -> int:
    for line in summary_lines(outcome):
        print(line)
    print(f"report: {folder / 'report.md'} (also report.html, results.json, junit.xml)")
    return 1 if outcome.new_must_failed else 0


def proxy_main(args: argparse.Namespace) -> int:
    try:
        host, port = _listen(args.listen)
        upstream = httpx.URL(args.upstream)
        if upstream.scheme not in ("http", "https") or not upstream.host:
            raise UsageError(f"--upstream must be an http(s) URL, not {args.upstream!r}")
        if args.upstream_timeout <= 0 or args.report_interval < 0:
            raise UsageError("--upstream-timeout must be positive, --report-interval not negative")
        options = ServeOptions(
            ProxyOptions(str(upstream).rstrip("/"), args.upstream_timeout, args.fetch_results),
            host,
            port,
            writable_folder(args.report_dir),
            args.report_interval or None,
            _baseline(args.baseline),
        )
        judge = _judge(args)
    except (UsageError, ValueError, httpx.InvalidURL) as error:
        print(f"conformance proxy: {error}", file=sys.stderr)
        return 2
    try:
        outcome = run(options, judge, lambda line: print(line, file=sys.stderr, flush=True))
    except OSError as error:
        print(f"conformance proxy: {error}", file=sys.stderr)
        return 2
    return _finish(outcome, options.report_dir)


def check_har_main(args: argparse.Namespace) -> int:
    try:
        folder = writable_folder(args.report_dir)
        baseline = _baseline(args.baseline)
        judge = _judge(args)
        for item in read_hars(list(args.files)):
            judge.observe(item)
    except (UsageError, HarError, ValueError) as error:
        print(f"conformance check-har: {printable(str(error))}", file=sys.stderr)
        return 2
    names = ", ".join(str(path) for path in args.files)
    outcome = replace(judge.outcome(names, "har"), baseline=baseline)
    write_reports(folder, outcome, ())
    return _finish(outcome, folder)


def main(argv: Sequence[str] | None = None) -> int:
    """Both subcommands on their own (until they join the kit's one entry point)."""
    parser = argparse.ArgumentParser(prog="conformance")
    commands = parser.add_subparsers(dest="command", required=True)
    add_proxy_options(commands.add_parser("proxy", help=PROXY_HELP, description=PROXY_HELP))
    add_har_options(commands.add_parser("check-har", help=HAR_HELP, description=HAR_HELP))
    args = parser.parse_args(argv)
    return proxy_main(args) if args.command == "proxy" else check_har_main(args)
