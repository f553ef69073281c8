"""The README's client examples run as printed, against the reference server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.refserver import running_server

README = Path(__file__).resolve().parents[2] / "README.md"
PLACEHOLDER = 'AuthenticatedClient(base_url="http://127.0.0.1:8000", token="sk-...")'
FROM_ENVIRONMENT = "AuthenticatedClient()"

pytestmark = pytest.mark.timeout(90)


def _blocks() -> list[str]:
    """The python blocks of "Using the client"."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Using the client") :]
    section = section[: section.index("\n## ", 1)]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def _client_examples() -> list[str]:
    """The blocks that talk to a server at the placeholder URL."""
    return [block for block in _blocks() if PLACEHOLDER in block]


def _body_lines(block: str) -> list[str]:
    return [line for line in block.splitlines() if line and not line.startswith("from ")]


def test_the_section_opens_with_the_three_resource_style_lines() -> None:
    configure, create, make = _body_lines(_blocks()[0])
    assert configure.startswith(f"client = {FROM_ENVIRONMENT}")
    assert "client.artworks.create_quantum(" in create and "generate(client," in make


def test_the_opening_runs_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with running_server() as server:
        monkeypatch.setenv("IMAGEGEN_API_KEY", server.generator_key)
        monkeypatch.setenv("IMAGEGEN_BASE_URL", server.base_url)
        exec(compile(_blocks()[0], "README-opening", "exec"), {})
    assert [path.stat().st_size > 0 for path in (tmp_path / "out").iterdir()] == [True]


def test_the_readme_has_the_short_and_the_long_form() -> None:
    short, long = _client_examples()
    assert "generate(client," in short and "wait_for_artwork(" in long
    assert len(_body_lines(short)) == 3, "from prompt to files is three lines"


def test_each_example_runs_and_saves_an_image(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    with running_server() as server:
        live = f'AuthenticatedClient(base_url="{server.base_url}", token="{server.generator_key}")'
        for number, example in enumerate(_client_examples()):
            code = compile(example.replace(PLACEHOLDER, live), f"README-{number}", "exec")
            exec(code, {})  # each example stands alone: its own imports, nothing shared
    saved = sorted((tmp_path / "out").iterdir())
    assert len(saved) == 2 and all(path.stat().st_size > 0 for path in saved)
    printed = capsys.readouterr().out
    assert "PosixPath('out/" in printed
