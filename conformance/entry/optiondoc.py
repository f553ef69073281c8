"""Writes the kit's options table into docs/INTERFACES.md, so the docs cannot drift from it."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from conformance.entry.commands import SUBCOMMANDS
from conformance.entry.kitoptions import RUN
from conformance.entry.optionmodel import Command, Option

START = "<!-- kit-options: made by `python -m conformance.entry.optiondoc docs/INTERFACES.md` -->"
END = "<!-- /kit-options -->"


def _flag(option: Option) -> str:
    value = "" if option.kind is bool else option.value_name
    if option.choices:
        value = "\\|".join(option.choices)  # a bar escaped, even in code, in a table
    shown = f"{option.flag} {value}".rstrip()
    return f"`{shown}`" + (" (repeatable)" if option.repeatable else "")


def _meaning(option: Option) -> str:
    notes = [option.help]
    if option.cli_only:
        notes.append(f"CLI only: {option.cli_only}")
    notes += [
        f"pytest also takes `{alias}` (deprecated)" for alias in option.deprecated_pytest_aliases
    ]
    if option.required:
        notes.append("required")
    return "; ".join(notes).replace("|", "\\|")


def _row(option: Option) -> str:
    default = option.resolved_default
    shown = (
        ""
        if default is None or default == ()
        else f"`{str(default).lower() if default is False else default}`"
    )
    key = (
        f"`{option.config_key}`"
        if option.config_key
        else "no" + (" (a secret)" if option.secret else "")
    )
    env = f"`{option.env}`" if option.env else ""
    return f"| {_flag(option)} | {key} | {env} | {shown} | {_meaning(option)} |"


def markdown(commands: Sequence[Command] = (RUN, *SUBCOMMANDS)) -> str:
    """The section: one table per command, every visible option with its every name."""
    lines = [START]
    for command in commands:
        title = (
            f"`conformance {command.name}`"
            if command.name
            else "`python -m conformance` and `pytest --pyargs conformance.entry.suite`"
        )
        lines += ["", f"{title}: {command.help}", ""]
        lines += [
            "| flag | config-file key | environment | default | meaning |",
            "|---|---|---|---|---|",
        ]
        lines += [_row(option) for option in command.options if not option.hidden]
    return "\n".join([*lines, "", END])


def rewrite(text: str) -> str:
    """`text` with its generated section replaced by the current one."""
    before, rest = text.split(START, 1)
    return before + markdown() + rest.split(END, 1)[1]


def main(argv: Sequence[str] = tuple(sys.argv[1:])) -> int:
    for name in argv:
        path = Path(name)
        path.write_text(rewrite(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
