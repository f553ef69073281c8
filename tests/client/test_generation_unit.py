"""generate's steps against scripted answers: which endpoint, the first poll, what it returns."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
from imagegen_client import (
    ArtworkTimeoutError,
    AuthenticatedClient,
    Generation,
    ImagegenError,
    NotFoundError,
    QuantumArtwork,
    TaskRequest,
    generate,
    generate_many,
    generate_many_async,
)
from imagegen_client.generation import _Durations
from imagegen_client.models import (
    ImageGenerationRequest,
    ImageModel,
    PhotoPilotRequest,
    QuantumRequest,
)

from .helpers import BASE_URL, Script, error, quantum_json


def _client(script: Script) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url=BASE_URL, token="t", httpx_args={"transport": script.transport}
    )


def test_generate_posts_to_the_bodys_endpoint_and_polls_after_the_create() -> None:
    script = Script(
        httpx.Response(202, json=quantum_json("starting")),
        httpx.Response(200, json=quantum_json("succeeded")),
    )
    made = generate(_client(script), QuantumRequest(prompt="a lighthouse"))
    assert isinstance(made.artwork, QuantumArtwork) and made.paths == ()
    assert [(r.method, r.url.path) for r in script.requests] == [
        ("POST", "/v2/artworks/quantum"),
        ("GET", f"/v2/artworks/{uuid.UUID(int=1)}"),
    ], "the create's answer counts as the first poll: one GET, not two"


def test_a_poll_that_answers_another_task_is_an_error_not_a_result() -> None:
    other = quantum_json("succeeded", id=uuid.UUID(int=2))
    script = Script(
        httpx.Response(202, json=quantum_json("starting")), httpx.Response(200, json=other)
    )
    with pytest.raises(ImagegenError, match="answered"):
        generate(_client(script), QuantumRequest())


def test_a_batch_keeps_the_order_of_its_bodies_and_each_error_in_its_place() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("photo-pilot"):
            return httpx.Response(400, json={"message": "imageUrl", "statusCode": 400})
        return httpx.Response(202, json=quantum_json("succeeded"))

    script = Script(*[answer] * 3)
    photo = {"imageUrl": "https://x.example/a.png", "imageGuidance": 1}
    photo |= {"modification": 1, "creativity": 1, "effort": 1}
    bodies: list[TaskRequest] = [
        QuantumRequest(),
        PhotoPilotRequest.from_dict(photo),
        QuantumRequest(),
    ]
    results = generate_many(_client(script), bodies, concurrency=1)
    assert [type(r).__name__ for r in results] == ["Generation", "BadRequestError", "Generation"]


def test_the_async_batch_reports_a_timed_out_task_in_its_place() -> None:
    script = Script(
        httpx.Response(202, json=quantum_json("starting")),
        *[httpx.Response(200, json=quantum_json("processing"))] * 20,
    )

    async def run() -> list[object]:
        async with _client(script) as client:
            return list(await generate_many_async(client, [QuantumRequest()], timeout=0.3))

    (result,) = asyncio.run(run())
    assert isinstance(result, ArtworkTimeoutError) and not isinstance(result, Generation)


def test_a_batch_polls_first_when_its_finished_tasks_say_a_task_is_done() -> None:
    durations = _Durations()
    assert durations.first_poll() is None  # the schedule's own until a task has ended
    for seconds in (1.0, 1.2, 9.0):
        durations.record(seconds)
    assert durations.first_poll() == pytest.approx(1.32)  # the median, plus a tenth
    pair = _Durations()
    pair.record(2.0)
    pair.record(1.0)
    assert pair.first_poll() == pytest.approx(1.65)
    quick = _Durations()
    quick.record(0.01)
    assert quick.first_poll() == 0.5  # never sooner than the schedule's first interval


def test_an_unexpected_error_ends_its_own_body_not_the_batch() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if b"broken" in request.content:
            return httpx.Response(202, json=quantum_json("starting", id="not-a-uuid"))
        return httpx.Response(202, json=quantum_json("succeeded"))

    script = Script(*[answer] * 3)
    bodies = [QuantumRequest(prompt="fine"), QuantumRequest(prompt="broken"), QuantumRequest()]
    results = generate_many(_client(script), bodies, concurrency=1)
    assert isinstance(results[0], Generation) and isinstance(results[2], Generation)
    assert isinstance(results[1], Exception) and not isinstance(results[1], Generation)


def test_a_body_that_starts_no_task_is_refused_before_anything_is_sent() -> None:
    script = Script()
    bodies = [QuantumRequest(), ImageGenerationRequest(model=ImageModel.FLUX_DEV, prompt="cat")]
    with pytest.raises(TypeError, match="ImageGenerationRequest"):
        generate_many(_client(script), bodies)  # type: ignore[arg-type]
    assert script.requests == []


def test_an_error_after_the_task_was_created_names_the_task() -> None:
    script = Script(httpx.Response(202, json=quantum_json("starting")), error(404))
    with pytest.raises(NotFoundError) as caught:
        generate(_client(script), QuantumRequest())
    assert f"artwork {uuid.UUID(int=1)} was created" in "".join(caught.value.__notes__)
