"""docs/INTERFACES.md's table of server options, made from `SETTINGS` so that it cannot drift.

`python -m refserver.settingsdoc` rewrites the table in place; `--check` exits 1 if it differs.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from refserver.cli import OWN_FLAGS
from refserver.settings import SETTINGS

DOC = Path(__file__).resolve().parents[1] / "docs" / "INTERFACES.md"
BEGIN = (
    "<!-- server-options: made by `python -m refserver.settingsdoc` from refserver/settings.py -->"
)
END = "<!-- /server-options -->"


def _row(option: str, member: str, meaning: str, takes: str, default: str) -> str:
    return f"| {option} | {member} | {meaning} | {takes} | {default} |"


def table() -> str:
    """The markdown table: each flag, its config-file member, meaning, values and default."""
    (config, config_metavar, config_help, config_default), print_env = OWN_FLAGS
    rows = [
        _row("option", "config file", "meaning", "takes", "default"),
        "|---|---|---|---|---|",
        _row(f"`{config} {config_metavar}`", "", config_help, "a file path", config_default),
    ]
    for setting in SETTINGS:
        member = f"`{setting.member_name}`" + (" (a list)" if setting.many else "")
        option, takes = f"`{setting.flag} {setting.metavar}`", setting.kind.expects
        rows.append(_row(option, member, setting.help, takes, setting.default_text()))
    flag, _, meaning, default = print_env
    rows.append(_row(f"`{flag}`", "", meaning, "", default))
    return "\n".join(rows)


def rewrite(text: str) -> str:
    """`text` with the table between its markers made anew."""
    head, begin, rest = text.partition(BEGIN)
    _, end, tail = rest.partition(END)
    if not begin or not end:
        raise ValueError(f"{DOC} lacks the markers {BEGIN} ... {END}")
    return f"{head}{BEGIN}\n{table()}\n{END}{tail}"


def main(argv: Sequence[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    text = DOC.read_text(encoding="utf-8")
    try:
        made = rewrite(text)
    except ValueError as error:
        print(f"settingsdoc: {error}", file=sys.stderr)
        return 2
    if args == ["--check"]:
        if made != text:
            print(f"settingsdoc: {DOC} differs from refserver/settings.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(made, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
