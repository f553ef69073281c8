"""The resource-style surface against the reference server: typed models, typed errors, pages,
per-call options inside the pacing, and the async twins on AsyncAuthenticatedClient."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Iterator

import httpx
import pytest
from imagegen_client import (
    AsyncAuthenticatedClient,
    AsyncPage,
    AuthenticatedClient,
    BadRequestError,
    NotFoundError,
    Page,
    QuantumArtwork,
    RetryPolicy,
)
from imagegen_client.models import (
    AspectRatio,
    ImageGenerationRequest,
    ImageModel,
    ImageSizePreset,
    QuantumRequest,
    QuantumStyle,
)
from imagegen_client.requestlog import LOGGER_NAME

from tests.support.refserver import ServerHandle, running_server

from .helpers import BASE_URL, Script, quantum_json

pytestmark = pytest.mark.timeout(90)

MODEL = next(iter(ImageModel))


@pytest.fixture(scope="module")
def server() -> Iterator[ServerHandle]:
    with running_server({"timing": {"startingSeconds": 0.1, "processingSeconds": 0.3}}) as handle:
        yield handle


@pytest.fixture
def client(server: ServerHandle) -> Iterator[AuthenticatedClient]:
    with AuthenticatedClient(base_url=server.base_url, token=server.generator_key) as made:
        yield made


def test_create_get_and_list_return_typed_models(client: AuthenticatedClient) -> None:
    created = client.artworks.create_quantum(prompt="a lighthouse", aspect_ratio="16:9")
    assert isinstance(created, QuantumArtwork)
    assert created.parameters.aspect_ratio is AspectRatio.RATIO_16_9
    fetched = client.artworks.get(created.id)
    assert isinstance(fetched, QuantumArtwork) and fetched.id == created.id
    assert client.artworks.get(str(created.id)).id == created.id  # a plain id works too
    page = client.artworks.list(limit=1)
    assert isinstance(page, Page) and len(page) == 1 and page[0].id == created.id
    assert [artwork.id for artwork in page] == [created.id]


def test_pages_follow_on(client: AuthenticatedClient) -> None:
    made = {client.artworks.create_quantum(style="portraiture").id for _ in range(3)}
    page = client.artworks.list(limit=2)
    second = page.next_page()
    assert second is not None and second.offset == 2
    walked = [artwork.id for artwork in client.artworks.list(limit=2).iter_all()]
    assert made <= set(walked) and len(walked) == len(set(walked))
    styles = {a.parameters.style for a in page if isinstance(a, QuantumArtwork) and a.id in made}
    assert styles <= {QuantumStyle.PORTRAITURE}


def test_errors_raise_typed_even_without_raise_on_error(server: ServerHandle) -> None:
    with AuthenticatedClient(
        base_url=server.base_url, token=server.generator_key, raise_on_error=False
    ) as quiet:
        with pytest.raises(NotFoundError) as missing:
            quiet.artworks.get(uuid.uuid4())
        assert missing.value.status_code == 404
        with pytest.raises(BadRequestError):
            quiet.artworks.create_quantum(width=512)  # width without height


def test_images_generate_and_rotate_webhook_secret(server: ServerHandle) -> None:
    with AuthenticatedClient(base_url=server.base_url, token=server.manager_key) as manager:
        rotated = manager.organizations.rotate_webhook_secret(server.org_id)
        assert len(rotated.secret) == 64
        answer = manager.images.generate(model=next(iter(ImageModel)), prompt="a lighthouse")
        assert answer.data


def test_an_unknown_plain_value_is_refused_before_sending() -> None:
    script = Script()
    client = AuthenticatedClient(
        base_url=BASE_URL, token="t", httpx_args={"transport": script.transport}
    )
    with pytest.raises(ValueError, match=r"aspect_ratio: '16:10' is not one of '1:1'.*'16:9'"):
        client.artworks.create_quantum(aspect_ratio="16:10")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="status"):
        client.artworks.list(status="done")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        client.artworks.get("not-a-uuid")
    assert script.requests == []


def test_per_call_options_reach_the_request_and_stay_paced() -> None:
    script = Script(
        httpx.Response(429, headers={"Retry-After": "0"}), httpx.Response(200, json=quantum_json())
    )
    client = AuthenticatedClient(
        base_url=BASE_URL,
        token="t",
        retry=RetryPolicy(backoff_initial=0.0),
        httpx_args={"transport": script.transport},
    )
    client.artworks.get(
        uuid.UUID(int=1), timeout=2.5, extra_headers={"X-Trace": "t-1"}, extra_query={"debug": "1"}
    )
    first, second = script.requests
    assert first.headers["x-trace"] == second.headers["x-trace"] == "t-1"
    assert second.url.params["debug"] == "1"
    assert first.extensions["timeout"]["read"] == 2.5
    assert client.pacing.limited == 1  # the 429 went through the client's pacing


def test_async_twins(server: ServerHandle) -> None:
    async def run() -> None:
        async with AsyncAuthenticatedClient(
            base_url=server.base_url, token=server.generator_key
        ) as client:
            created = await client.artworks.create_quantum(prompt="async", aspect_ratio="1:1")
            assert (await client.artworks.get(created.id)).id == created.id
            page = await client.artworks.list(limit=1)
            assert isinstance(page, AsyncPage) and page[0].id == created.id
            assert [a.id async for a in page.iter_all()][:1] == [created.id]
            with pytest.raises(NotFoundError):
                await client.artworks.get(uuid.uuid4())

    asyncio.run(run())


def test_models_take_plain_values_and_check_them() -> None:
    body = QuantumRequest(prompt="x", aspect_ratio="16:9", style="portraiture")
    assert body.to_dict()["aspectRatio"] == "16:9" and body.aspect_ratio is AspectRatio.RATIO_16_9
    body.aspect_ratio = "1:1"  # type: ignore[assignment]  # (attrs converts on assignment too)
    assert body.aspect_ratio is AspectRatio.RATIO_1_1
    assert AspectRatio["VALUE_4"] is AspectRatio.RATIO_16_9  # the generator's names still work
    with pytest.raises(ValueError, match="style: 'cubism' is not one of"):
        QuantumRequest(style="cubism")  # type: ignore[arg-type]
    kept = AspectRatio("5:4")  # an explicit member of a newer server's value is the way round
    assert QuantumRequest(aspect_ratio=kept).to_dict()["aspectRatio"] == "5:4"


def test_request_ids_reach_errors_and_log_lines(
    client: AuthenticatedClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=LOGGER_NAME)
    with pytest.raises(NotFoundError) as fresh:
        client.artworks.get(uuid.uuid4())
    assert fresh.value.request_id and fresh.value.request_id in str(fresh.value)
    with pytest.raises(NotFoundError) as echoed:
        client.artworks.get(uuid.uuid4(), extra_headers={"X-Request-Id": "ticket-19"})
    assert echoed.value.request_id == "ticket-19" != fresh.value.request_id
    lines = [record.getMessage() for record in caplog.records]
    assert any(line.endswith(f"request {fresh.value.request_id}") for line in lines)
    assert any("404" in line and "request ticket-19" in line for line in lines)


def test_an_enum_inside_a_union_takes_its_plain_values() -> None:
    preset = next(iter(ImageSizePreset))
    body = ImageGenerationRequest(model=MODEL, prompt="x", image_size=preset.value)
    assert body.image_size is preset and body.to_dict()["image_size"] == preset.value
    assert ImageGenerationRequest(model=MODEL, prompt="x", image_size=768).image_size == 768
    with pytest.raises(ValueError, match="image_size: 'huge' is not one of"):
        ImageGenerationRequest(model=MODEL, prompt="x", image_size="huge")  # type: ignore[arg-type]
