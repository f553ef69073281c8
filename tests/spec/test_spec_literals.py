"""The one file that pins the spec's literal values to the contract's text (API-CONTRACT.md).

Every other test reads sizes, limits and counts from the spec through contract/. These tests are
meant to fail when the spec's numbers move: the contract document and the spec must then be
changed together. `test_spec_only_edits.py` checks that nothing else fails on such an edit.
"""

from __future__ import annotations

from contract import AreaLimit, OperationId, load_spec
from tests.support.limits import word_limit


def _area_limits(op_id: OperationId) -> list[int]:
    return [rule.max for rule in load_spec().operation(op_id).rules_of(AreaLimit)]


def test_the_area_limits_are_the_contracts() -> None:  # DIM-3
    assert _area_limits(OperationId.CREATE_QUANTUM) == [1_478_656]
    assert _area_limits(OperationId.CREATE_SELENA_VARIETE) == [1_478_656]
    assert sorted(_area_limits(OperationId.CREATE_PHOTO_PILOT)) == [1_478_656, 1_763_584]


def test_the_word_limits_are_the_contracts() -> None:  # TXT-1, TXT-2
    assert word_limit("prompt", OperationId.CREATE_QUANTUM) == 200
    assert word_limit("prompt", OperationId.CREATE_PHOTO_PILOT) == 256
    assert word_limit("prompt", OperationId.CREATE_SELENA_VARIETE) == 256
    for op_id in (OperationId.CREATE_QUANTUM, OperationId.CREATE_SELENA_VARIETE):
        assert word_limit("negativePrompt", op_id) == 64


def test_the_batch_range_is_the_contracts() -> None:  # E3 batch 1-2, default 2 (RES-1)
    spec = load_spec()
    assert spec.bounds("SelenaVarieteRequest", "batch") == (1, 2)
    assert spec.bounds("SelenaVarieteParameters", "batch") == (1, 2)
    assert spec.defaults("SelenaVarieteRequest")["batch"] == 2
