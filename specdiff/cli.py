"""`scripts/spec-diff`: the command line, its exit codes and its one-line errors."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from specdiff.bump import version_problem
from specdiff.generate import GenerationError
from specdiff.model import Level, Report
from specdiff.render import FORMATS, render
from specdiff.report import build
from specdiff.sources import DEFAULT_SPEC, SourceError, read, working_tree


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"spec-diff: {message} (see --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="spec-diff",
        description="Report every semantic change between two versions of the spec: who it "
        "breaks (clients, servers), the contract rules it touches, the generated client's API "
        "changes (griffe) and the version bump it needs.",
    )
    parser.add_argument("old", metavar="OLD", help="a spec file or git:REV")
    parser.add_argument(
        "new", metavar="NEW", nargs="?", help="a spec file or git:REV (default: the working tree)"
    )
    parser.add_argument("--format", choices=FORMATS, default="text")
    parser.add_argument(
        "--fail-on", choices=("breaking", "warning"), help="exit 1 when a change is this loud"
    )
    parser.add_argument(
        "--check-version",
        action="store_true",
        help="exit 1 when NEW's info.version is not bumped as far as the changes need",
    )
    parser.add_argument(
        "--no-client", action="store_true", help="skip generating and comparing the clients"
    )
    parser.add_argument(
        "--spec-path", default=DEFAULT_SPEC, help=f"the spec inside a git revision ({DEFAULT_SPEC})"
    )
    return parser


def _fails(report: Report, fail_on: str | None) -> bool:
    if fail_on is None:
        return False
    loud = {Level.BREAKING} if fail_on == "breaking" else {Level.BREAKING, Level.WARNING}
    return any(c.level in loud for c in report.changes) or any(
        a.breaking or (a.warning and Level.WARNING in loud) for a in report.client_api
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        old = read(args.old, spec_path=args.spec_path)
        new = (
            read(args.new, spec_path=args.spec_path)
            if args.new
            else working_tree(spec_path=args.spec_path)
        )
        report = build(old, new, client=not args.no_client)
        sys.stdout.write(render(report, args.format))
        if args.check_version:
            problem = version_problem(old.version, new.version, report.bump)
            if problem:
                print(f"spec-diff: {problem}", file=sys.stderr)
                return 1
    except (SourceError, ValueError) as error:  # includes SpecError: a bad x-rules entry
        print(f"spec-diff: {error}", file=sys.stderr)
        return 2
    except GenerationError as error:
        print(f"spec-diff: {error}", file=sys.stderr)
        return 3
    except Exception as error:  # a document shaped in a way no rule foresaw: say so in one line
        print(
            f"spec-diff: cannot compare these documents: {type(error).__name__}: {error}",
            file=sys.stderr,
        )
        return 1
    return 1 if _fails(report, args.fail_on) else 0
