"""griffe on two really generated clients: what the spec diff alone cannot say about Python code.

These generate clients (a few seconds), so they are few and marked `griffe`; one edit set exercises
a renamed function module, a renamed model class, a new required constructor argument, a field's
new type and a new required parameter of the generated functions.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from specdiff.clientapi import compare_specs, summary
from specdiff.model import ClientApiChange
from specdiff.reach import read_only_models, uses
from specdiff.report import build
from specdiff.sources import parse
from tests.specdiff.edits import apply, base, corpus, dump, edited, spec_source

pytestmark = [pytest.mark.griffe, pytest.mark.timeout(180), pytest.mark.xdist_group("griffe")]

EDITS: list[dict[str, Any]] = [
    {
        "op": "replace",
        "path": "/paths/~1v2~1artworks~1{id}/get/operationId",
        "value": "fetchArtwork",
    },
    {"op": "replace", "path": "/components/schemas/WebhookSecret/title", "value": "SigningSecret"},
    {"op": "add", "path": "/components/schemas/QuantumRequest/required", "value": ["prompt"]},
    {
        "op": "replace",
        "path": "/components/schemas/QuantumRequest/properties/seed/type",
        "value": "string",
    },
    {
        "op": "add",
        "path": "/paths/~1v2~1artworks/get/parameters/-",
        "value": {"name": "q", "in": "query", "required": True, "schema": {"type": "string"}},
    },
]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("clients")


@pytest.fixture(scope="module")
def api(cache: Path) -> tuple[ClientApiChange, ...]:
    new_text = dump(apply(spec_source().document, EDITS))
    return compare_specs(spec_source().text, new_text, cache=cache)


def _find(api: tuple[ClientApiChange, ...], kind: str, suffix: str) -> ClientApiChange:
    matches = [c for c in api if c.kind == kind and c.object.endswith(suffix)]
    assert matches, [(c.kind, c.object) for c in api]
    return matches[0]


def test_a_renamed_operation_id_renames_the_function_module(
    api: tuple[ClientApiChange, ...],
) -> None:
    renamed = _find(api, "object-renamed", "api.artworks.get_artwork_v2")
    assert renamed.breaking and "fetch_artwork" in renamed.message


def test_a_renamed_title_renames_the_model_class(api: tuple[ClientApiChange, ...]) -> None:
    renamed = _find(api, "object-renamed", "models.WebhookSecret")
    assert renamed.breaking and "SigningSecret" in renamed.message
    module = _find(api, "object-renamed", "models.webhook_secret")
    assert "signing_secret" in module.message


def test_a_new_required_field_is_a_new_required_constructor_argument(
    api: tuple[ClientApiChange, ...],
) -> None:
    change = _find(api, "constructor-argument-became-required", "QuantumRequest")
    assert change.breaking and "prompt" in change.message


def test_additions_are_reported_as_not_breaking(api: tuple[ClientApiChange, ...]) -> None:
    assert not any(c.breaking for c in api if c.kind == "object-added")


def test_the_report_bumps_major_and_reuses_the_cached_clients(cache: Path) -> None:
    old = spec_source()
    new = parse("new", dump(apply(old.document, EDITS)))
    report = build(old, new, cache=cache)
    assert report.bump.label == "major"
    assert report.client_api and len(list(cache.iterdir())) == 2


def test_regenerate_summary_lists_what_changed(api: tuple[ClientApiChange, ...]) -> None:
    text = summary(api)
    assert text.startswith(f"client API: {len(api)} change(s)")
    assert "BREAKING object-renamed" in text
    assert summary(()) == "client API: unchanged"


def test_the_summary_command_compares_two_projects(cache: Path) -> None:
    projects = sorted(cache.iterdir())
    result = subprocess.run(
        [sys.executable, "-m", "specdiff.clientapi", str(projects[0]), str(projects[0])],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0 and result.stdout == "client API: unchanged\n"


def test_a_field_of_another_type_is_an_incompatible_attribute(
    api: tuple[ClientApiChange, ...],
) -> None:
    change = _find(api, "attribute-changed-type", "QuantumRequest.seed")
    assert change.breaking and "int | Unset -> str | Unset" in change.message


def test_a_new_required_query_parameter_is_a_new_required_function_parameter(
    api: tuple[ClientApiChange, ...],
) -> None:
    for function in ("sync", "sync_detailed", "asyncio", "asyncio_detailed"):
        change = _find(api, "parameter-added-required", f"list_artworks.{function}")
        assert change.breaking and change.message.endswith("q")


CLIENT_CASES = [case for case in corpus() if "client" in case]


@pytest.mark.parametrize("case", CLIENT_CASES, ids=[case["name"] for case in CLIENT_CASES])
def test_corpus_cases_with_a_client_verdict(case: dict[str, Any], cache: Path) -> None:
    report = build(base(case), edited(case), cache=cache)
    expected = case["client"]
    assert report.bump.label == expected["bump"]
    breaking = sorted({c.kind for c in report.client_api if c.breaking})
    warnings = sorted({c.kind for c in report.client_api if c.warning})
    assert breaking == sorted(expected["breaking"])
    assert warnings == sorted(expected["warnings"])
    for change in report.client_api:
        if change.warning:
            assert "only in responses" in change.message and "test fixtures" in change.message
    assert report.bump_reasons and all(report.bump_reasons)


def test_a_response_model_is_read_only_and_a_request_model_is_not() -> None:
    read_only = read_only_models(spec_source().document)
    assert "quantumparameters" in read_only and "quantumartwork" in read_only
    assert "quantumrequest" not in read_only
    assert "createQuantumArtwork 202" in read_only["quantumartwork"]
    assert (
        "the artworkCompleted webhook" in uses(spec_source().document)["QuantumArtwork"]["response"]
    )
