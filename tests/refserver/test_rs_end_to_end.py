"""The generated client drives every operation end to end against a running reference server."""

from __future__ import annotations

import base64
import io
import json
from datetime import datetime
from typing import Any
from uuid import uuid4

import httpx
import pytest
from imagegen_client import AuthenticatedClient, Client
from imagegen_client.api.artworks import (
    create_photo_pilot_artwork,
    create_quantum_artwork,
    create_selena_variete_artwork,
    get_artwork_v1,
    get_artwork_v2,
    list_artworks,
)
from imagegen_client.api.images import create_image_generation
from imagegen_client.api.organizations import rotate_webhook_secret
from imagegen_client.models import (
    ArtworkStatus,
    ArtworkType,
    AspectRatio,
    Error,
    ImageGenerationRequest,
    ImageGuidance,
    ImageModel,
    OutputFormat,
    PhotoPilotArtwork,
    PhotoPilotRequest,
    QuantumArtwork,
    QuantumRequest,
    SelenaVarieteArtwork,
    SelenaVarieteRequest,
    WebhookSecret,
)
from PIL import Image
from standardwebhooks import Webhook

from conformance.run.sidecar import Sidecar
from contract import OperationId
from tests.refserver.conftest import client_for, plain_client_kwargs, server_config, wait_terminal
from tests.support.limits import area_limit, at_the_area_limit, default_size, defaults
from tests.support.refserver import ServerHandle, running_server

pytestmark = pytest.mark.timeout(60)


def download(url: str) -> tuple[Image.Image, str]:
    """Fetch a result without auth; check the Content-Type agrees with the bytes (RES-2)."""
    response = httpx.get(url, timeout=10)
    assert response.status_code == 200
    image = Image.open(io.BytesIO(response.content))
    image.load()
    expected = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}[str(image.format)]
    assert response.headers["content-type"] == expected
    return image, expected


def test_quantum_with_aspect_ratio_succeeds_with_a_real_image(client: AuthenticatedClient) -> None:
    created = create_quantum_artwork.sync(
        client=client, body=QuantumRequest(prompt="a lighthouse", aspect_ratio=AspectRatio.VALUE_4)
    )
    assert isinstance(created, QuantumArtwork), created
    assert (
        created.status == ArtworkStatus.STARTING and created.results == [] and created.duration == 0
    )
    done = wait_terminal(client, created.id)
    assert done.status == ArtworkStatus.SUCCEEDED and done.duration > 0
    assert done.parameters.to_dict() == created.parameters.to_dict()
    assert done.created_at == created.created_at
    width, height = done.parameters.width, done.parameters.height
    assert abs((width / height) / (16 / 9) - 1) <= 0.01 and width * height <= area_limit().max
    [url] = done.results
    image, _ = download(url)
    assert image.size == (width, height)


def test_quantum_transparent_png_and_explicit_size(client: AuthenticatedClient) -> None:
    width, height = at_the_area_limit()
    created = create_quantum_artwork.sync(
        client=client,
        body=QuantumRequest(
            prompt="a red bicycle", width=width, height=height, transparent_background=True
        ),
    )
    assert isinstance(created, QuantumArtwork), created
    done = wait_terminal(client, created.id)
    [url] = done.results
    image, media_type = download(url)
    assert media_type == "image/png" and image.size == (width, height)
    assert image.mode == "RGBA" and min(image.getchannel("A").tobytes()) < 255


def test_photo_pilot_high_guidance_takes_the_source_size(
    client: AuthenticatedClient, loopback: Sidecar
) -> None:
    body = PhotoPilotRequest(
        image_guidance=ImageGuidance.VALUE_3,
        modification=1,
        creativity=1,
        effort=1,
        image_urls=[loopback.image_url(800, 600), loopback.image_url(64, 64)],
        width=1024,
        height=1024,
    )
    created = create_photo_pilot_artwork.sync(client=client, body=body)
    assert isinstance(created, PhotoPilotArtwork), created
    assert (created.parameters.width, created.parameters.height) == (800, 600)
    assert created.parameters.bucket
    done = get_artwork_v1.sync(created.id, client=client)
    done = wait_terminal(client, created.id)
    assert done.status == ArtworkStatus.SUCCEEDED
    [url] = done.results
    assert download(url)[0].size == (800, 600)


def test_photo_pilot_low_guidance_echoes_image_urls(
    client: AuthenticatedClient, loopback: Sidecar
) -> None:
    body = PhotoPilotRequest(
        image_guidance=ImageGuidance.VALUE_1,
        modification=3,
        creativity=2,
        effort=4,
        aspect_ratio=AspectRatio.VALUE_5,
        image_url=loopback.image_url(300, 200),
    )
    created = create_photo_pilot_artwork.sync(client=client, body=body)
    assert isinstance(created, PhotoPilotArtwork), created
    assert created.parameters.image_urls == [loopback.image_url(300, 200)]
    assert created.parameters.to_dict().get("imageUrl") is None
    done = wait_terminal(client, created.id)
    assert done.status == ArtworkStatus.SUCCEEDED
    assert download(done.results[0])[0].size == (done.parameters.width, done.parameters.height)


@pytest.mark.parametrize("path", ["/missing.png", "/broken.png"])
def test_unfetchable_source_makes_the_task_fail(
    client: AuthenticatedClient, loopback: Sidecar, path: str
) -> None:
    for guidance in (ImageGuidance.VALUE_1, ImageGuidance.VALUE_2):
        body = PhotoPilotRequest(
            image_guidance=guidance,
            modification=1,
            creativity=1,
            effort=1,
            image_url=loopback.public_url + path,
        )
        created = create_photo_pilot_artwork.sync(client=client, body=body)
        assert isinstance(created, PhotoPilotArtwork), created
        done = wait_terminal(client, created.id)
        assert done.status == ArtworkStatus.FAILED and done.results == [] and done.duration > 0


def test_selena_variete_gives_batch_results(client: AuthenticatedClient, loopback: Sidecar) -> None:
    created = create_selena_variete_artwork.sync(
        client=client, body=SelenaVarieteRequest(image_url=loopback.image_url(512, 512))
    )
    assert isinstance(created, SelenaVarieteArtwork), created
    expected = defaults(OperationId.CREATE_SELENA_VARIETE)
    assert created.parameters.batch == expected["batch"]
    assert created.parameters.details == expected["details"]
    done = wait_terminal(client, created.id)
    assert done.status == ArtworkStatus.SUCCEEDED and len(done.results) == expected["batch"]
    for url in done.results:
        assert download(url)[0].size == default_size(OperationId.CREATE_SELENA_VARIETE)


def test_image_generation_is_sized_formatted_and_deterministic(client: AuthenticatedClient) -> None:
    body = ImageGenerationRequest(
        model=ImageModel.FLUX_DEV,
        prompt="a koi pond",
        seed=7,
        aspect_ratio=AspectRatio.VALUE_4,
        image_size=768,
        output_format=OutputFormat.PNG,
    )
    first = create_image_generation.sync(client=client, body=body)
    second = create_image_generation.sync(client=client, body=body)
    assert not isinstance(first, Error) and first is not None
    assert not isinstance(second, Error) and second is not None
    image, media_type = download(first.data[0].url)
    assert media_type == "image/png" and image.size == (768, 432)
    one = httpx.get(first.data[0].url, timeout=10).content
    two = httpx.get(second.data[0].url, timeout=10).content
    assert one == two
    jpg = ImageGenerationRequest(
        model=ImageModel.QWEN_IMAGE, prompt="x", output_format=OutputFormat.JPG
    )
    answer = create_image_generation.sync(client=client, body=jpg)
    assert not isinstance(answer, Error) and answer is not None
    image, media_type = download(answer.data[0].url)
    assert media_type == "image/jpeg" and image.size == (1024, 1024)


def test_list_filters_and_visibility(server: ServerHandle, client: AuthenticatedClient) -> None:
    created = create_quantum_artwork.sync(client=client, body=QuantumRequest(prompt="listed"))
    assert isinstance(created, QuantumArtwork)
    page = list_artworks.sync(client=client, limit=5)
    assert isinstance(page, list) and page[0].id == created.id and len(page) <= 5
    quantum = list_artworks.sync(client=client, artwork_type=ArtworkType.QUANTUM, limit=500)
    assert isinstance(quantum, list) and all(a.artwork_type == "quantum" for a in quantum)
    wait_terminal(client, created.id)
    succeeded = list_artworks.sync(client=client, status=ArtworkStatus.SUCCEEDED, limit=500)
    assert isinstance(succeeded, list) and created.id in {a.id for a in succeeded}
    assert all(a.status == ArtworkStatus.SUCCEEDED for a in succeeded)
    times = [at for a in succeeded if isinstance(at := a.created_at, datetime)]
    assert len(times) == len(succeeded)
    assert times == sorted(times, reverse=True)
    second = client_for(server, server.second_key)
    assert isinstance(get_artwork_v2.sync(created.id, client=second), Error)
    assert get_artwork_v2.sync_detailed(created.id, client=second).status_code == 404
    theirs = list_artworks.sync(client=second, limit=500)
    assert isinstance(theirs, list) and created.id not in {a.id for a in theirs}


def test_auth_errors(server: ServerHandle, client: AuthenticatedClient) -> None:
    anonymous = Client(base_url=server.base_url, **plain_client_kwargs())
    assert list_artworks.sync_detailed(client=anonymous).status_code == 401  # type: ignore[arg-type]
    unknown = client_for(server, "sk-unknown")
    response = list_artworks.sync_detailed(client=unknown)
    assert response.status_code == 401
    assert json.loads(response.content)["statusCode"] == 401
    forbidden = rotate_webhook_secret.sync_detailed(server.org_id, client=client)
    assert forbidden.status_code == 403
    manager = client_for(server, server.manager_key)
    other = rotate_webhook_secret.sync_detailed(server.other_org_id, client=manager)
    assert other.status_code == 404
    assert get_artwork_v2.sync_detailed(uuid4(), client=client).status_code == 404


def _verify(secret: str, delivery: Any) -> dict[str, Any]:
    key = base64.b64encode(bytes.fromhex(secret)).decode()
    result: dict[str, Any] = Webhook(key).verify(delivery.body, delivery.headers)
    return result


def test_webhook_is_signed_retried_and_equals_the_poll(
    server: ServerHandle, loopback: Sidecar, client: AuthenticatedClient
) -> None:
    manager = client_for(server, server.manager_key)
    rotated = rotate_webhook_secret.sync(server.org_id, client=manager)
    assert isinstance(rotated, WebhookSecret) and len(rotated.secret) == 64
    name = f"signed-{uuid4().hex[:8]}"
    body = QuantumRequest(prompt="hooked", webhook=loopback.hook_url(name, fail_first=2))
    created = create_quantum_artwork.sync(client=client, body=body)
    assert isinstance(created, QuantumArtwork), created
    deliveries = loopback.wait_for(name, 3, timeout=15)
    assert [d.answered for d in deliveries] == [500, 500, 204]
    assert len({d.headers["webhook-id"] for d in deliveries}) == 1
    payload = _verify(rotated.secret, deliveries[-1])
    polled = get_artwork_v2.sync_detailed(created.id, client=client)
    assert payload == json.loads(polled.content)
    assert payload["status"] == "succeeded"


def test_rate_limit_answers_429_with_retry_after(loopback: Sidecar) -> None:
    config = server_config(loopback, rateLimit={"rate": 1, "burst": 2})
    with running_server(config) as handle:
        client = client_for(handle, handle.generator_key)
        statuses = [list_artworks.sync_detailed(client=client).status_code for _ in range(4)]
        assert statuses[:2] == [200, 200] and statuses[-1] == 429
        limited = list_artworks.sync_detailed(client=client)
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1


def test_store_cap_evicts_old_tasks_and_their_images(loopback: Sidecar) -> None:
    config = server_config(loopback, retention={"seconds": 691200, "maxTasks": 2})
    with running_server(config) as handle:
        client = client_for(handle, handle.generator_key)
        first = create_quantum_artwork.sync(client=client, body=QuantumRequest(prompt="old"))
        assert isinstance(first, QuantumArtwork)
        done = wait_terminal(client, first.id)
        for _ in range(2):
            create_quantum_artwork.sync(client=client, body=QuantumRequest(prompt="new"))
        assert get_artwork_v2.sync_detailed(first.id, client=client).status_code == 404
        assert httpx.get(done.results[0], timeout=10).status_code == 404


def test_retention_expires_tasks(loopback: Sidecar) -> None:
    config = server_config(loopback, retention={"seconds": 0.6, "maxTasks": 100})
    with running_server(config) as handle:
        client = client_for(handle, handle.generator_key)
        created = create_quantum_artwork.sync(client=client, body=QuantumRequest(prompt="brief"))
        assert isinstance(created, QuantumArtwork)
        assert get_artwork_v2.sync_detailed(created.id, client=client).status_code == 200
        import time

        time.sleep(0.8)
        assert get_artwork_v2.sync_detailed(created.id, client=client).status_code == 404
