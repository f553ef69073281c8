"""`conformance proxy` and `conformance check-har`: one judge, fed live traffic or recordings."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import httpx

from conformance.entry.kitoptions import CONFIG, OUTPUT_OPTIONS, RUN_SETTINGS
from conformance.entry.optionmodel import Command, Option, UsageError, Values
from conformance.entry.options import writable_folder
from conformance.passive.har import HarError, read_hars
from conformance.passive.judge import Judge, failure_line
from conformance.passive.proxy import ProxyOptions
from conformance.passive.serve import ServeOptions, run
from conformance.report import summary_lines, write_reports
from conformance.report.baseline import load_baseline
from conformance.report.view import printable
from conformance.run.ledger import Failure
from conformance.run.outcome import Baseline, RunOutcome

_SHARED = {option.name: option for option in (*RUN_SETTINGS, *OUTPUT_OPTIONS)}
# The kit's own options, the same objects: one name means one option in every command.
JUDGE_OPTIONS = (
    _SHARED["time-budget"],
    _SHARED["report-dir"],
    _SHARED["baseline"],
    _SHARED["quiet"],
    CONFIG,
)
PROXY_OPTIONS = (
    Option("upstream", "the server to forward to (http or https)", required=True, metavar="URL"),
    Option("listen", "where to listen (port 0: any free one)", default="127.0.0.1:8080",
           metavar="HOST:PORT"),
    Option("report-interval", "seconds between report writes while it runs (0: only at the end)",
           kind=float, default=60.0, minimum=0),
    Option("fetch-results", "fetch each result URL seen once, to judge RES and DIM-5 "
           "(the one request the proxy sends of its own)", kind=bool, default=False),
    Option("upstream-timeout", "seconds an upstream answer may take; then the client gets 504",
           kind=float, default=60.0, positive=True),
)  # fmt: skip
HAR_OPTIONS = (
    Option("har", "HAR 1.2 files", positional=True, repeatable=True, metavar="FILE.har"),
)


def _listen(raw: str) -> tuple[str, int]:
    host, sep, port = raw.rpartition(":")
    if not sep or not host or not port.isdigit() or int(port) > 65535:
        raise UsageError(f"--listen must be HOST:PORT, not {raw!r}")
    return host.strip("[]"), int(port)


def _baseline(values: Values) -> Baseline | None:
    try:
        return load_baseline(values["baseline"]) if values["baseline"] is not None else None
    except ValueError as error:
        raise UsageError(str(error)) from None


def _judge(values: Values) -> Judge:
    """LIFE-3 is judged against the time budget (the contract's default, 60 s, unless given)."""
    budget = values["time-budget"]

    def tell(failure: Failure, task: str | None) -> None:
        if not values["quiet"]:
            print(failure_line(failure, task), flush=True)

    return Judge(time_budget=budget, on_failure=tell)


def _finish(outcome: RunOutcome, folder: Path) -> int:
    for line in summary_lines(outcome):
        print(line)
    print(f"report: {folder / 'report.md'} (also report.html, results.json, junit.xml)")
    return 1 if outcome.new_must_failed else 0


def run_proxy(values: Values) -> int:
    host, port = _listen(values["listen"])
    try:
        upstream = httpx.URL(values["upstream"])
    except httpx.InvalidURL:
        upstream = httpx.URL("")
    if upstream.scheme not in ("http", "https") or not upstream.host:
        raise UsageError(f"--upstream must be an http(s) URL, not {values['upstream']!r}")
    options = ServeOptions(
        ProxyOptions(
            str(upstream).rstrip("/"), values["upstream-timeout"], values["fetch-results"]
        ),
        host,
        port,
        writable_folder(values["report-dir"]),
        values["report-interval"] or None,
        _baseline(values),
    )
    judge = _judge(values)
    try:
        outcome = run(options, judge, lambda line: print(line, file=sys.stderr, flush=True))
    except OSError as error:
        raise UsageError(str(error)) from None
    return _finish(outcome, options.report_dir)


def run_check_har(values: Values) -> int:
    folder = writable_folder(values["report-dir"])
    baseline = _baseline(values)
    judge = _judge(values)
    files = [Path(name) for name in values["har"]]
    try:
        for item in read_hars(files):
            judge.observe(item)
    except HarError as error:
        raise UsageError(printable(str(error))) from None
    outcome = replace(judge.outcome(", ".join(map(str, files)), "har"), baseline=baseline)
    write_reports(folder, outcome, ())
    return _finish(outcome, folder)


PROXY = Command(
    "proxy",
    "judge live traffic: a reverse proxy in front of a server, forwarding every exchange unchanged",
    (*PROXY_OPTIONS, *JUDGE_OPTIONS),
    run=run_proxy,
)
CHECK_HAR = Command(
    "check-har",
    "judge recorded traffic: HAR 1.2 files (browser devtools, mitmproxy, Playwright)",
    (*HAR_OPTIONS, *JUDGE_OPTIONS),
    run=run_check_har,
)
