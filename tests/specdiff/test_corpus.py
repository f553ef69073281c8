"""The corpus of spec edits: each gives exactly its change IDs, who they break, and the bump."""

from __future__ import annotations

from typing import Any

import pytest

from specdiff.bump import required_bump
from specdiff.model import Level
from specdiff.report import spec_changes
from specdiff.table import DECISIONS
from tests.specdiff.edits import base, corpus, edited, spec_source

CASES = corpus()
X_RULE_KINDS = (
    "area-limit",
    "word-limit",
    "empty-default",
    "output-size",
    "result-count",
    "output-format",
    "public-url",
    "delivery",
)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_edit_is_reported_as_expected(case: dict[str, Any]) -> None:
    changes = spec_changes(base(case), edited(case))
    assert sorted({c.id for c in changes}) == sorted(case["expect"])
    assert sorted({who for c in changes for who in c.breaks}) == sorted(case["breaks"])
    assert required_bump(changes, ()).label == case["bump"]
    touched = {rule for c in changes for rule in c.rules}
    assert set(case.get("rules", ())) <= touched
    for change in changes:
        assert change.pointer.startswith("/") and change.message


def test_corpus_covers_every_family_and_every_x_rule_kind() -> None:
    assert len(CASES) >= 25
    expected = {change_id for case in CASES for change_id in case["expect"]}
    for kind in X_RULE_KINDS:
        assert any(change_id.startswith(kind) for change_id in expected), kind
    spec_kinds = {
        rule["kind"]
        for schema in spec_source().document["components"]["schemas"].values()
        for rule in schema.get("x-rules", ())
    }
    assert spec_kinds <= set(X_RULE_KINDS)
    families = (
        "request-property-",
        "response-property-",
        "request-parameter-",
        "response-header-",
        "request-body-",
        "response-body-",
        "endpoint-",
        "webhook-",
        "operation-id-",
        "operation-tags-",
        "schema-title-",
        "api-security-",
        "response-success-status-",
        "response-error-status-",
        "contract-rule-",
        "description-",
        "example-",
    )
    for family in families:
        assert any(change_id.startswith(family) for change_id in expected), family
    assert any(not case["expect"] for case in CASES)


def test_every_table_entry_is_breaking_exactly_when_it_breaks_someone() -> None:
    for key, decision in DECISIONS.items():
        assert (decision.level is Level.BREAKING) == bool(decision.breaks), key
        assert decision.why and decision.says, key
        assert set(decision.breaks) <= {"clients", "servers"}, key
    for kind in X_RULE_KINDS:
        assert {f"{kind}-added", f"{kind}-removed"} <= set(DECISIONS), kind


def test_the_issue_examples_are_decided_as_the_issue_says() -> None:
    assert DECISIONS["request-*-enum-value-added"].breaks == ("servers",)
    assert DECISIONS["response-*-removed"].breaks == ("clients",)
    assert DECISIONS["operation-id-changed"].breaks == ("clients",)
    assert DECISIONS["schema-title-changed"].breaks == ("clients",)
