"""Every spec example parses into the generated models and serialises back to the same JSON."""

from __future__ import annotations

import importlib
from typing import Any

import httpx
import imagegen_client.models as models
import pytest
from imagegen_client import Client

from contract import POLL_OPERATIONS, WEBHOOK, OperationId, Spec, load_spec
from tests.spec.examples import Example, iter_examples

ArtworkClass = type[models.QuantumArtwork | models.PhotoPilotArtwork | models.SelenaVarieteArtwork]
ARTWORK_CLASSES: dict[str, ArtworkClass] = {
    "quantum": models.QuantumArtwork,
    "photo_pilot": models.PhotoPilotArtwork,
    "selena_variete": models.SelenaVarieteArtwork,
}


def _endpoint_module(spec: Spec, operation_id: str) -> Any:
    op = spec.operation(operation_id)
    snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in operation_id)
    return importlib.import_module(f"imagegen_client.api.{op.tags[0]}.{snake}")


def _to_json(parsed: Any) -> Any:
    if isinstance(parsed, list):
        return [_to_json(item) for item in parsed]
    return parsed.to_dict()


def _examples(predicate: Any) -> list[Example]:
    return [ex for ex in iter_examples(load_spec()) if predicate(ex)]


def _is_api_request(ex: Example) -> bool:
    return ex.is_request and ex.operation_id != "artworkCompleted"


@pytest.mark.parametrize(
    "example", _examples(lambda ex: ex.status is not None), ids=lambda ex: ex.where
)
def test_response_examples_round_trip_through_the_generated_parser(
    spec: Spec, example: Example
) -> None:
    assert example.operation_id is not None and example.status is not None
    module = _endpoint_module(spec, example.operation_id)
    response = httpx.Response(example.status, json=example.value)
    parsed = module._parse_response(client=Client(base_url="http://127.0.0.1"), response=response)
    assert parsed is not None, f"{example.where}: the generated client parsed nothing"
    assert _to_json(parsed) == example.value


@pytest.mark.parametrize("example", _examples(_is_api_request), ids=lambda ex: ex.where)
def test_request_examples_round_trip_through_the_request_model(example: Example) -> None:
    model = getattr(models, example.schema_ref.rsplit("/", 1)[-1])
    assert model.from_dict(example.value).to_dict() == example.value


@pytest.mark.parametrize(
    "example",
    _examples(lambda ex: ex.status == 200 and ex.operation_id in POLL_OPERATIONS),
    ids=lambda ex: ex.where,
)
def test_a_poll_answer_comes_back_as_the_class_of_its_artwork_type(
    spec: Spec, example: Example
) -> None:
    assert example.operation_id is not None
    module = _endpoint_module(spec, example.operation_id)
    parsed = module._parse_response(
        client=Client(base_url="http://127.0.0.1"), response=httpx.Response(200, json=example.value)
    )
    assert type(parsed) is ARTWORK_CLASSES[example.value["artworkType"]]


def test_the_poll_examples_cover_every_artwork_type() -> None:
    polled = _examples(
        lambda ex: ex.status == 200 and ex.operation_id == OperationId.GET_ARTWORK_V2
    )
    assert {ex.value["artworkType"] for ex in polled} == set(ARTWORK_CLASSES)


@pytest.mark.parametrize(
    "example", _examples(lambda ex: ex.operation_id == WEBHOOK), ids=lambda ex: ex.where
)
def test_webhook_examples_parse_as_an_artwork(example: Example) -> None:
    cls = ARTWORK_CLASSES[example.value["artworkType"]]
    assert cls.from_dict(example.value).to_dict() == example.value
