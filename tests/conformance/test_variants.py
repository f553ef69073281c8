"""The variants come from the spec: a new operation or branch there is a new variant to cover."""

from __future__ import annotations

import copy
from typing import Any

from conformance.judge.variants import branches_hit, counts_hit, spec_variants
from conformance.run.outcome import Variant
from contract import OperationId, Spec, load_spec


def _variants(spec: Spec) -> set[tuple[str, str]]:
    return {(rule, str(variant)) for rule, variant, _ in spec_variants(spec)}


def _edited(edit: Any) -> Spec:
    document = copy.deepcopy(dict(load_spec().raw))
    edit(document)
    return Spec(document)


def test_a_new_when_branch_in_the_spec_is_a_new_variant() -> None:
    def add_branch(document: dict[str, Any]) -> None:
        rules = document["components"]["schemas"]["QuantumRequest"]["x-rules"]
        rules.append(
            {
                "id": "RES-3",
                "kind": "output-format",
                "when": {"properties": {"style": {"const": "analog"}}},
                "mediaType": "image/png",
            }
        )

    new = _variants(_edited(add_branch)) - _variants(load_spec())
    assert new == {("RES-3", 'when createQuantumArtwork: style="analog"')}


def test_a_rule_on_a_new_operation_is_a_new_variant() -> None:
    def add_operation(document: dict[str, Any]) -> None:
        item = copy.deepcopy(document["paths"]["/v2/artworks/quantum"])
        item["post"]["operationId"] = "createQuantumArtworkV3"
        document["paths"]["/v3/artworks/quantum"] = item

    new = _variants(_edited(add_operation)) - _variants(load_spec())
    assert ("DIM-3", "operation createQuantumArtworkV3") in new
    assert ("HOOK-4", "field createQuantumArtworkV3.webhook") in new
    assert ("LIFE-2", "operation createQuantumArtworkV3") in new


def test_the_counts_res_1_allows_come_from_the_schema() -> None:
    spec = load_spec()
    counts = {str(v) for rule, v, _ in spec_variants(spec) if rule == "RES-1" and v.kind == "count"}
    photo = spec.component("PhotoPilotRequest")["properties"]["imageUrls"]
    assert {
        f"count createPhotoPilotArtwork: {n} in imageUrls" for n in range(1, photo["maxItems"] + 1)
    } <= counts
    op = spec.operation(OperationId.CREATE_SELENA_VARIETE)
    assert counts_hit(spec, op, {"imageUrl": "x", "batch": 1}) == [
        Variant("count", "createSelenaVarieteArtwork: batch=1")
    ]


def test_the_branch_a_body_takes_is_the_one_that_decides() -> None:
    op = load_spec().operation(OperationId.CREATE_PHOTO_PILOT)
    high = {"imageGuidance": 1, "highResolution": True}
    assert branches_hit(op, "DIM-4", high) == [
        Variant("when", "createPhotoPilotArtwork: highResolution=true, no aspectRatio/width/height")
    ]
    assert branches_hit(op, "DIM-4", {**high, "imageGuidance": 2}) == []  # RES-4 decides there
    assert branches_hit(op, "DIM-3", {"imageGuidance": 2}) == [
        Variant("when", "createPhotoPilotArtwork: otherwise")
    ]
