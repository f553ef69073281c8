"""Reads a file a user named on the command line, so each way it cannot be read is one line."""

from __future__ import annotations

from pathlib import Path


class Unreadable(ValueError):
    """Why a named file gave no text, as a phrase to follow its name."""


def read_text(path: Path, wanted: str, encoding: str = "utf-8") -> str:
    """The file's text; `wanted` names what a folder given instead is not (e.g. "a HAR file")."""
    try:
        return path.read_bytes().decode(encoding)
    except FileNotFoundError:
        raise Unreadable("no such file") from None
    except IsADirectoryError:
        raise Unreadable(f"a folder, not {wanted}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise Unreadable(f"cannot be read ({type(error).__name__})") from None
