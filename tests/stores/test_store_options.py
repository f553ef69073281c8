"""`--store` and `--workers`: good values are taken, bad ones end in one line and exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from refserver.__main__ import main
from refserver.cli import from_args
from tests.support.ports import free_port


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--store", "postgres://db"], "--store must be memory, sqlite:PATH or redis://"),
        (["--store", "sqlite:"], "needs a path"),
        (["--store", "redis://localhost/0"], "is not redis://HOST:PORT/DB"),
        (["--store", "redis://localhost:6379/zero"], "is not redis://HOST:PORT/DB"),
        (["--workers", "0"], "--workers takes 1 to 64"),
        (["--workers", "2"], "needs a shared store"),
        (["--store", "sqlite:/no/such/folder/x.db"], "does not exist"),
        (["--store", "redis://127.0.0.1:PORT/0"], "cannot reach Redis at 127.0.0.1:"),
    ],
)
def test_a_bad_store_or_worker_count_is_one_line_and_exit_2(
    argv: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [a.replace("PORT", str(free_port())) for a in argv]
    assert main(["--port", "0", *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and says in err and "Traceback" not in err, err


def test_the_config_file_sets_store_workers_and_lease(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    store = f"sqlite:{tmp_path / 's.db'}"
    path.write_text(json.dumps({"store": store, "workers": 2, "webhookLeaseSeconds": 4}))
    config = from_args(["--config", str(path)])
    assert (config.store, config.workers, config.webhook_lease_seconds) == (store, 2, 4.0)
    flags = from_args(["--config", str(path), "--store", "memory", "--workers", "1"])
    assert (flags.store, flags.workers) == ("memory", 1)
    assert from_args([]).store == "memory" and from_args([]).workers == 1
