"""The command line: the JSON shape, exit codes, --check-version, --fail-on and git revisions."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from specdiff.cli import main
from tests.specdiff.conftest import git

WORD_LIMIT_CUT = [
    {"op": "replace", "path": "/components/schemas/QuantumRequest/x-rules/4/maxWords", "value": 150}
]
NEW_MODEL = [{"op": "add", "path": "/components/schemas/ImageModel/enum/-", "value": "sdxl"}]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_has_exactly_the_documented_shape(
    write_spec: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = write_spec("old.yaml", []), write_spec("new.yaml", WORD_LIMIT_CUT)
    code, out, _ = run(capsys, str(old), str(new), "--format", "json", "--no-client")
    report = json.loads(out)
    assert code == 0
    assert {"bump", "changes", "clientApi"} <= set(report)
    assert report["bump"] == "major"
    assert report["clientApi"] == []
    [change] = report["changes"]
    assert {"id", "level", "breaks", "operation", "pointer", "message", "rules"} <= set(change)
    assert change["id"] == "word-limit-decreased"
    assert change["level"] == "breaking"
    assert change["breaks"] == ["clients", "servers"]
    assert change["operation"] == "createQuantumArtwork"
    assert change["pointer"] == "/components/schemas/QuantumRequest/x-rules/4"
    assert "150" in change["message"] and "200" in change["message"]
    assert change["rules"] == ["TXT-1"]


@pytest.mark.parametrize(
    ("version", "code"), [("2.0.0", 0), ("1.1.0", 1), ("1.0.1", 1), ("1.0.0", 1)]
)
def test_check_version_wants_a_major_bump_for_a_breaking_change(
    write_spec: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    version: str,
    code: int,
) -> None:
    old, new = write_spec("old.yaml", []), write_spec("new.yaml", WORD_LIMIT_CUT, version)
    got, _, err = run(capsys, str(old), str(new), "--check-version", "--no-client")
    assert got == code
    assert ("need major" in err) == (code == 1)


def test_check_version_accepts_a_minor_bump_for_an_addition(
    write_spec: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = write_spec("old.yaml", []), write_spec("new.yaml", NEW_MODEL, "1.1.0")
    assert run(capsys, str(old), str(new), "--check-version", "--no-client")[0] == 0


@pytest.mark.parametrize(("fail_on", "code"), [(None, 0), ("breaking", 1), ("warning", 1)])
def test_fail_on_sets_the_exit_code(
    write_spec: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    fail_on: str | None,
    code: int,
) -> None:
    old, new = write_spec("old.yaml", []), write_spec("new.yaml", NEW_MODEL)
    extra = ["--fail-on", fail_on] if fail_on else []
    assert run(capsys, str(old), str(new), "--no-client", *extra)[0] == code


def test_a_deprecation_fails_on_warning_only(
    write_spec: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    deprecate = [{"op": "add", "path": "/paths/~1v1~1artworks~1{id}/get/deprecated", "value": True}]
    old, new = write_spec("old.yaml", []), write_spec("new.yaml", deprecate)
    assert run(capsys, str(old), str(new), "--no-client", "--fail-on", "breaking")[0] == 0
    assert run(capsys, str(old), str(new), "--no-client", "--fail-on", "warning")[0] == 1


def test_text_and_markdown_name_the_change_and_the_bump(
    write_spec: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = write_spec("old.yaml", []), write_spec("new.yaml", WORD_LIMIT_CUT)
    _, text, _ = run(capsys, str(old), str(new), "--no-client")
    assert "bump: major" in text and "word-limit-decreased" in text and "TXT-1" in text
    _, markdown, _ = run(capsys, str(old), str(new), "--no-client", "--format", "markdown")
    assert markdown.startswith("## 1.0.0") and "### Breaking" in markdown
    assert "**`word-limit-decreased`**" in markdown


def test_an_unreadable_file_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "missing.yaml", "other.yaml", "--no-client")
    assert code == 2 and out == ""
    assert err == "spec-diff: cannot read missing.yaml: No such file or directory\n"


@pytest.mark.parametrize(
    ("argv", "says"), [(["--format", "xml", "a", "b"], "invalid choice"), ([], "required: OLD")]
)
def test_bad_usage_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], says: str
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1


def test_a_file_that_is_not_yaml_is_a_readable_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("openapi: [unclosed\n", encoding="utf-8")
    code, _, err = run(capsys, str(bad), str(bad), "--no-client")
    assert code == 2 and "not valid YAML" in err and err.count("\n") == 1


def test_one_revision_is_compared_with_the_working_tree(
    spec_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(spec_repo)
    spec = spec_repo / "spec" / "openapi.yaml"
    assert run(capsys, "git:HEAD", "--no-client", "--format", "json")[1].count('"id"') == 0
    spec.write_text(spec.read_text().replace("maxWords: 200", "maxWords: 150"), encoding="utf-8")
    code, out, _ = run(capsys, "git:HEAD", "--no-client", "--format", "json")
    assert code == 0
    assert [c["id"] for c in json.loads(out)["changes"]] == ["word-limit-decreased"]
    git(spec_repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qam", "cut")
    code, out, _ = run(capsys, "git:HEAD~1", "git:HEAD", "--no-client", "--format", "json")
    assert [c["id"] for c in json.loads(out)["changes"]] == ["word-limit-decreased"]
    code, _, err = run(capsys, "git:no-such-rev", "--no-client")
    assert code == 2 and "no-such-rev" in err


def test_no_client_is_generated_when_no_change_can_reach_it(
    write_spec: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("specdiff.clientapi.compare_specs", _must_not_generate)
    old, new = write_spec("old.yaml", []), write_spec("new.yaml", WORD_LIMIT_CUT)
    assert run(capsys, str(old), str(old))[0] == 0
    code, out, _ = run(capsys, str(old), str(new), "--format", "json")
    assert code == 0 and json.loads(out)["clientApi"] == []


def _must_not_generate(*args: object, **kwargs: object) -> None:
    raise AssertionError("a client was generated for a change the generator cannot see")


def test_the_script_runs_from_any_folder_with_paths_relative_to_it(
    write_spec: Callable[..., Path], tmp_path: Path
) -> None:
    write_spec("old.yaml", [])
    write_spec("new.yaml", NEW_MODEL)
    script = Path(__file__).resolve().parents[2] / "scripts" / "spec-diff"
    result = subprocess.run(
        [str(script), "old.yaml", "new.yaml", "--no-client", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["bump"] == "minor"


def test_a_misshapen_document_is_one_line_not_a_traceback(
    write_spec: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = tmp_path / "odd.yaml"
    odd.write_text("openapi: 3.1.0\ninfo: {title: x, version: 1.0.0}\npaths: 5\n", encoding="utf-8")
    code, out, err = run(capsys, str(write_spec("old.yaml", [])), str(odd), "--no-client")
    assert code == 1 and out == ""
    assert err.startswith("spec-diff: cannot compare") and err.count("\n") == 1


BATCH_AND_ECHO = [
    {
        "op": "replace",
        "path": f"/components/schemas/{schema}/properties/batch/maximum",
        "value": 4,
    }
    for schema in ("SelenaVarieteRequest", "SelenaVarieteParameters")
]


@pytest.mark.parametrize("form", ["text", "markdown", "json"])
def test_every_format_says_why_the_bump_is_what_it_is(
    write_spec: Callable[..., Path], capsys: pytest.CaptureFixture[str], form: str
) -> None:
    old, new = write_spec("old.yaml", []), write_spec("new.yaml", BATCH_AND_ECHO)
    code, out, _ = run(capsys, str(old), str(new), "--format", form, "--no-client")
    assert code == 0
    reasons = [
        "request-property-max-increased (SelenaVarieteRequest.batch)",
        "response-property-max-increased (SelenaVarieteArtwork.parameters.batch)",
    ]
    if form == "json":
        report = json.loads(out)
        assert report["bump"] == "minor" and report["bumpReasons"] == reasons
        echo = next(c for c in report["changes"] if c["id"].startswith("response-"))
        assert echo["level"] == "info" and echo["breaks"] == [] and "ECHO-1" in echo["rules"]
    else:
        last = out.rstrip("\n").splitlines()[-1]
        assert last.endswith(f"minor, because: {'; '.join(reasons)} (2 changes)")
