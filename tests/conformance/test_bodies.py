"""What the kit derives from the spec to probe a server with: values at the schema's edges."""

from __future__ import annotations

from conformance.fromspec.bodies import BodyFactory
from contract import OperationId, Spec

IMAGE_URL = "http://127.0.0.1:9/images/640x480.png"


def test_edge_values_cover_both_booleans_the_range_and_every_enum_value(spec: Spec) -> None:
    bodies = BodyFactory(spec, spec.operation(OperationId.CREATE_QUANTUM), IMAGE_URL)
    edges = {
        name: [value for _, value in bodies.boundary_values(name)] for name in bodies.properties
    }
    assert edges["nsfw"] == [True, False]
    assert edges["transparentBackground"] == [True, False]
    low, high = spec.bounds("QuantumRequest", "width")
    assert edges["width"] == [low, high]
    assert edges["aspectRatio"] == bodies.property("aspectRatio")["enum"]
