"""Every command of `conformance`: the default run and the subcommands, with their options."""

from __future__ import annotations

from collections.abc import Sequence

from conformance.entry import passive
from conformance.entry.kitoptions import RUN
from conformance.entry.optionmodel import Command, Option

# Subcommands (`conformance NAME ...`): import the module that declares one and list its Command.
SUBCOMMANDS: tuple[Command, ...] = (passive.PROXY, passive.CHECK_HAR)


def all_options(subcommands: Sequence[Command] = SUBCOMMANDS) -> dict[str, Option]:
    """Every option of every command by name; a name means one option wherever it appears."""
    found: dict[str, Option] = {}
    for command in (RUN, *subcommands):
        for option in command.options:
            if found.setdefault(option.name, option) != option:
                raise AssertionError(f"two different options are named {option.name}")
    return found
