"""Dev keys for a laptop run with no configured key: made once, kept in a private file, reused."""

from __future__ import annotations

import json
import os
import secrets
import shlex
import tempfile
from collections.abc import Mapping
from pathlib import Path

from refserver.auth import ApiKey

DEV_ORG = "org-dev"
"""The organisation of the dev keys, and of a config-file key that names none."""

ENV_NAMES: dict[str, tuple[str, ...]] = {
    "generator": ("API_KEY", "CONFORMANCE_API_KEY"),
    "manager": ("CONFORMANCE_MANAGER_KEY",),
}
"""The scopes that get a dev key, and the shell variables it is exported as (`$API_KEY` is what
the kit's curl lines read)."""


class DevKeysError(ValueError):
    """The dev keys file cannot be read, made or trusted."""


def default_path() -> Path:
    """Where dev keys live between runs: `$XDG_STATE_HOME/refserver/dev-keys.json`."""
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "refserver" / "dev-keys.json"


def _read(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        keys = {str(scope): str(key) for scope, key in data.items()}
    except (OSError, ValueError, AttributeError) as error:
        raise DevKeysError(f"cannot read dev keys from {path}: {error}") from None
    if sorted(keys) != sorted(ENV_NAMES) or not all(keys.values()):
        raise DevKeysError(f"{path} must map each of {', '.join(ENV_NAMES)} to a key")
    return keys


def _create(path: Path) -> None:
    """Write fresh keys to a private temporary file, then link it in: never half a file."""
    keys = {scope: f"dev-{scope}-" + secrets.token_hex(12) for scope in ENV_NAMES}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".dev-keys-", dir=path.parent)  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(keys, handle)
        os.link(tmp, path)
    except FileExistsError:
        pass  # another process made them first; theirs are read back
    finally:
        os.unlink(tmp)


def load_or_create(path: Path) -> dict[str, str]:
    """The key of each scope kept at `path`, made there first if the file does not exist."""
    if not path.exists():
        try:
            _create(path)
        except OSError as error:
            raise DevKeysError(f"cannot keep dev keys in {path}: {error.strerror}") from None
    return _read(path)


def export_lines(keys: Mapping[str, str]) -> list[str]:
    """`export NAME=KEY` lines for a shell, one per variable name of each scope's key."""
    return [
        f"export {name}={shlex.quote(key)}"
        for scope, key in keys.items()
        for name in ENV_NAMES.get(scope, ())
    ]


def api_keys(path: Path | None = None) -> tuple[ApiKey, ...]:
    """The dev keys kept at `path` (default: `default_path()`), made there on first use."""
    keys = load_or_create(path or default_path())
    return tuple(ApiKey(key, scope, DEV_ORG) for scope, key in keys.items())
