"""The docs list the kit's options as the table declares them: generated, or checked against it."""

from __future__ import annotations

import re
from pathlib import Path

from conformance.entry import optiondoc
from conformance.entry.commands import SUBCOMMANDS, all_options

ROOT = Path(__file__).resolve().parents[2]
# pytest's own flags the README's kit section shows beside the kit's
PYTEST_FLAGS = {"--junitxml", "--pyargs"}


def test_interfaces_holds_the_table_as_generated() -> None:
    text = (ROOT / "docs" / "INTERFACES.md").read_text(encoding="utf-8")
    assert optiondoc.START in text, "docs/INTERFACES.md lost its generated kit-options section"
    assert optiondoc.rewrite(text) == text, (
        "docs/INTERFACES.md is stale: run python -m conformance.entry.optiondoc docs/INTERFACES.md"
    )


def test_every_visible_option_is_in_the_generated_table() -> None:
    section = optiondoc.markdown()
    for option in all_options().values():
        assert (f"`{option.flag}" in section) is not option.hidden, option.name


def test_every_flag_the_readme_names_for_the_kit_exists() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    kit = readme.split("## Testing your server", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", kit))
    known = {option.flag for option in all_options().values()} | PYTEST_FLAGS
    aliases = {
        alias for option in all_options().values() for alias in option.deprecated_pytest_aliases
    }
    commands = {command.name for command in SUBCOMMANDS}
    assert named - known - aliases - commands == set()
