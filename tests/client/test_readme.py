"""The README's client examples run as printed, against the reference server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.refserver import running_server

README = Path(__file__).resolve().parents[2] / "README.md"
PLACEHOLDER = 'AuthenticatedClient(base_url="http://127.0.0.1:8000", token="sk-...")'

pytestmark = pytest.mark.timeout(90)


def _client_examples() -> list[str]:
    """The python blocks of "Using the client" that talk to a server at the placeholder URL."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Using the client") :]
    section = section[: section.index("\n## ", 1)]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    return [block for block in blocks if PLACEHOLDER in block]


def test_the_readme_has_the_short_and_the_long_form() -> None:
    short, long = _client_examples()
    assert "generate(client," in short and "wait_for_artwork(" in long
    body_lines = [line for line in short.splitlines() if line and not line.startswith("from ")]
    assert len(body_lines) == 3, "from prompt to files is three lines"


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
