"""`python -m conformance`: test the bundled server, or any server given by --base-url."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace

from conformance.entry.commands import SUBCOMMANDS, all_options
from conformance.entry.kitoptions import GROUP_TITLES, RUN
from conformance.entry.optionmodel import Command, Option, Values
from conformance.entry.options import (
    UsageError,
    build_settings,
    build_target,
    resolve,
    writable_folder,
)
from conformance.entry.runner import prepared, run_groups
from conformance.passive.harfile import HAR_NAME, HarRecorder, write_har
from conformance.report import summary_lines, write_reports
from conformance.report.baseline import load_baseline
from conformance.report.redact import Redactor


def _add(container: argparse._ActionsContainer, options: Iterable[Option]) -> None:
    for option in options:
        container.add_argument(option.flag, **option.argparse_kwargs())


def parser(subcommands: Sequence[Command] = SUBCOMMANDS) -> argparse.ArgumentParser:
    """The command line, made from the options table: the run's groups, then the subcommands."""
    p = argparse.ArgumentParser(prog="conformance", description=RUN.help)
    for title, options in GROUP_TITLES.items():
        _add(p.add_argument_group(title), options)
    if subcommands:
        commands = p.add_subparsers(dest="command", metavar="COMMAND", title="commands")
        for command in subcommands:
            sub = commands.add_parser(command.name, help=command.help, description=command.help)
            _add(sub, command.options)
    return p


def main(argv: Sequence[str] | None = None, subcommands: Sequence[Command] = SUBCOMMANDS) -> int:
    """Parse, apply the config file and the environment, run the command; bad input exits 2."""
    args = vars(parser(subcommands).parse_args(argv))
    chosen = args.pop("command", None)
    command = next((c for c in subcommands if c.name == chosen), RUN)
    by_dest = {option.dest: option.name for option in command.options}
    given = {by_dest[dest]: value for dest, value in args.items() if dest in by_dest}
    try:
        values = resolve(command.options, given, known=all_options(subcommands).values())
        return (command.run or _run_kit)(values)
    except UsageError as error:
        print(f"conformance: {error}", file=sys.stderr)
        return 2


def _run_kit(values: Values) -> int:
    """The default command: run the check groups and write the reports."""
    target = build_target(values)
    settings = build_settings(values, RUN.options)
    try:
        baseline = load_baseline(values["baseline"]) if values["baseline"] is not None else None
    except ValueError as error:
        raise UsageError(str(error)) from None
    report_dir = writable_folder(values["report-dir"])
    started = time.monotonic()

    def progress(message: str) -> None:
        if not values["quiet"]:
            print(f"[{time.monotonic() - started:6.1f}s] {message}", file=sys.stderr, flush=True)

    try:
        with prepared(target, settings, values["fault"]) as (live, sidecar):
            progress(
                f"target {live.base_url} ({'bundled' if live.bundled else 'remote'}), "
                f"seed {settings.seed}"
            )
            recorder = HarRecorder()
            recorders = [recorder] if "har" in values["report"] else []
            outcome = run_groups(
                live, sidecar, settings, sorted(settings.groups) or None, progress, recorders
            )
            outcome = replace(outcome, baseline=baseline)
            secrets = [*live.secrets(), *outcome.secrets]
            paths = write_reports(report_dir, outcome, secrets)
            if recorders:
                har = write_har(report_dir / HAR_NAME, recorder.records, Redactor(secrets))
                paths["har"] = har
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
