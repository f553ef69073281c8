"""The server's command line: help on every flag, one line and exit 2 for every bad value,
`--print-env` for the dev keys, and `--cors-origin` for browser apps."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient

from refserver import Config, create_app
from refserver.__main__ import main
from refserver.auth import ApiKey
from refserver.cli import from_args, parser
from tests.support.refserver import REPO_ROOT

BAD_FLAGS = [
    ["--port", "99999"],
    ["--port", "-1"],
    ["--port", "eighty"],
    ["--host", "no.such.host.invalid"],
    ["--rate", "fast"],
    ["--rate", "0"],
    ["--rate", "nan"],
    ["--burst", "0"],
    ["--burst", "1.5"],
    ["--key", "no-scope"],
    ["--key", "k:boss:org-a"],
    ["--key", "k:generator:org-a", "--key", "k:manager:org-a"],
    ["--allow", "no-port"],
    ["--allow", "host:99999"],
    ["--fault", "dim-9"],
    ["--cors-origin", "localhost:3000"],
    ["--cors-origin", "http://app.example.com/path"],
    ["--starting-seconds", "-1"],
    ["--retention-seconds", "inf"],
    ["--max-tasks", "0"],
    ["--webhook-backoff", "1,soon"],
    ["--webhook-backoff", "-1"],
    ["--ready-file", "/nonexistent-folder/ready.json"],
    ["--no-such-flag"],
    ["--config", "/nonexistent-folder/config.json"],
]

BAD_CONFIG_FILES = [
    "not json",
    "[1, 2]",
    '{"keys": "k1"}',
    '{"keys": ["k1"]}',
    '{"keys": [{"scope": "generator"}]}',
    '{"keys": [{"key": "k1", "scope": "root"}]}',
    '{"keys": [{"key": "k1", "rate": "fast"}]}',
    '{"timing": 3}',
    '{"timing": {"startingSeconds": "soon"}}',
    '{"rateLimit": {"rate": -5}}',
    '{"rateLimit": {"burst": true}}',
    '{"rateLimit": {"burst": 2.5}}',
    '{"retention": {"maxTasks": 1e400}}',
    '{"webhookBackoff": [1, "a"]}',
    '{"faults": ["nope"]}',
    '{"allow": ["x"]}',
    '{"corsOrigins": ["x"]}',
]


@pytest.fixture(autouse=True)
def private_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Dev keys go to the test's own folder, never the user's."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def one_line_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("refserver: ") and err.count("\n") == 1, err
    return err


@pytest.mark.parametrize("argv", BAD_FLAGS, ids=[" ".join(a) for a in BAD_FLAGS])
def test_a_bad_flag_is_one_line_and_exit_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    one_line_exit_2(argv, capsys)


@pytest.mark.parametrize("text", BAD_CONFIG_FILES)
def test_a_bad_config_file_is_one_line_and_exit_2(
    text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "config.json"
    path.write_text(text, encoding="utf-8")
    one_line_exit_2(["--config", str(path)], capsys)


def test_an_unreadable_config_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe{}")
    one_line_exit_2(["--config", str(tmp_path / "binary.json")], capsys)
    one_line_exit_2(["--config", str(tmp_path)], capsys)  # a folder


def test_the_real_command_gives_no_traceback() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "refserver", "--port", "99999"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (
        "refserver: --port takes 0 to 65535 (a whole number; 0: any free port), not '99999'\n"
    )


def test_every_flag_has_help_with_its_default() -> None:
    for action in parser()._actions:
        if "--help" in action.option_strings:
            continue
        assert action.help and "default" in action.help, action.option_strings
    port = parser()._option_string_actions["--port"].help
    assert port is not None and port.endswith("(default: 8000)")


def _exports(text: str) -> dict[str, str]:
    lines = text.splitlines()
    assert lines and all(line.startswith("export ") for line in lines), text
    return dict(line.removeprefix("export ").split("=", 1) for line in lines)


def test_print_env_prints_the_dev_keys_that_the_server_then_uses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys_file = tmp_path / "keys" / "dev-keys.json"
    argv = ["--print-env", "--dev-keys-file", str(keys_file)]
    assert main(argv) == 0
    first = capsys.readouterr().out
    assert main(argv) == 0
    assert capsys.readouterr().out == first  # kept, not remade
    exported = _exports(first)
    assert set(exported) == {"API_KEY", "CONFORMANCE_API_KEY", "CONFORMANCE_MANAGER_KEY"}
    assert stat.S_IMODE(keys_file.stat().st_mode) == 0o600
    shell = subprocess.run(
        ["bash", "-c", 'eval "$1"; printf %s "$API_KEY"', "bash", first],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    config = from_args(["--dev-keys-file", str(keys_file)])
    assert config.dev_keys and shell.stdout in {key.key for key in config.keys}
    with TestClient(create_app(config.with_base_url("http://testserver"))) as client:
        answer = client.get("/v2/artworks", headers={"Authorization": f"Bearer {shell.stdout}"})
        assert answer.status_code == 200, answer.text


def test_print_env_never_prints_configured_keys(capsys: pytest.CaptureFixture[str]) -> None:
    err = one_line_exit_2(["--print-env", "--key", "sk-secret:generator:org-a"], capsys)
    assert "sk-secret" not in err


ORIGIN = "http://localhost:5173"
E1 = "/v2/artworks/quantum"


@pytest.fixture
def cors_client() -> Iterator[TestClient]:
    config = Config(
        keys=(ApiKey("k-gen", "generator", "org-a"),),
        cors_origins=from_args(["--cors-origin", ORIGIN, "--key", "k:generator:o"]).cors_origins,
        base_url="http://testserver",
    )
    with TestClient(create_app(config)) as client:
        yield client


def preflight(client: httpx.Client, origin: str) -> httpx.Response:
    headers = {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
    }
    return client.options(E1, headers=headers)


def test_a_browser_app_of_an_allowed_origin_may_call(cors_client: TestClient) -> None:
    answer = preflight(cors_client, ORIGIN)
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == ORIGIN
    assert "POST" in answer.headers["access-control-allow-methods"].split(", ")
    allowed = {h.lower() for h in answer.headers["access-control-allow-headers"].split(", ")}
    assert {"authorization", "content-type"} <= allowed
    call = cors_client.get(
        "/v2/artworks", headers={"Origin": ORIGIN, "Authorization": "Bearer k-gen"}
    )
    assert call.status_code == 200 and call.headers["access-control-allow-origin"] == ORIGIN
    assert call.headers["access-control-expose-headers"] == "Retry-After, X-Request-Id"


def test_another_origin_is_refused_with_the_json_error_body(cors_client: TestClient) -> None:
    answer = preflight(cors_client, "http://evil.example.com")
    assert answer.status_code == 400 and "access-control-allow-origin" not in answer.headers
    assert answer.json()["statusCode"] == 400


def test_without_cors_origins_there_are_no_cors_headers() -> None:
    config = Config(keys=(ApiKey("k-gen", "generator", "org-a"),), base_url="http://testserver")
    with TestClient(create_app(config)) as client:
        answer = preflight(client, ORIGIN)
    assert answer.status_code == 405 and "access-control-allow-origin" not in answer.headers
    assert answer.json()["statusCode"] == 405


def test_config_file_cors_origins_and_flags_add_up(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"corsOrigins": ["https://a.example"]}), encoding="utf-8")
    config = from_args(["--config", str(path), "--cors-origin", ORIGIN, "--key", "k:generator:o"])
    assert config.cors_origins == ("https://a.example", ORIGIN)
