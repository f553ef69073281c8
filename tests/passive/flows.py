"""The client's own flows (generate, generate_many, iter_artworks, downloads, errors) as a user's
integration tests would run them; only traffic, no verdicts: the judge watching it decides."""

from __future__ import annotations

import contextlib
import secrets
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import httpx
from imagegen_client import (
    AuthenticatedClient,
    ImagegenError,
    RetryPolicy,
    download_results,
    generate,
    generate_many,
    iter_artworks,
)
from imagegen_client.api.artworks import get_artwork_v2, list_artworks
from imagegen_client.api.images import create_image_generation
from imagegen_client.models import (
    ArtworkStatus,
    ArtworkType,
    ImageGenerationRequest,
    PhotoPilotRequest,
    QuantumRequest,
    SelenaVarieteRequest,
)

from conformance.fromspec.bodies import BodyFactory, exact_area, just_over_area
from contract import AreaLimit, Operation, OperationId, OutputSize, Spec, WordLimit, load_spec

RETRY = RetryPolicy(max_attempts=2, backoff_initial=0.05, backoff_max=0.2, max_elapsed=5)
EXPECTED = (ImagegenError, httpx.HTTPError)  # a flow goes on whatever one call meets
RATE_LIMITED_BURST = 2  # the rate-limited key's bucket (1 call per second): a burst meets 429s
BURST_CALLS = 2 * RATE_LIMITED_BURST


@dataclass(frozen=True)
class Keys:
    generator: str
    second: str
    rate_limited: str


def _quietly(call: Callable[[], Any]) -> Any:
    with contextlib.suppress(*EXPECTED):
        return call()
    return None


def _words(count: int) -> str:
    return " ".join(f"word{index}" for index in range(count))


def bodies(image_url: str) -> dict[str, list[dict[str, Any]]]:
    """Bodies per operation, from the spec: its minimal example and the variants users send."""
    spec = load_spec()
    made: dict[str, list[dict[str, Any]]] = {}
    for op_id in (
        OperationId.CREATE_QUANTUM,
        OperationId.CREATE_PHOTO_PILOT,
        OperationId.CREATE_SELENA_VARIETE,
    ):
        op = spec.operation(op_id)
        base = BodyFactory(spec, op, image_url).minimal()
        variants = [base, {**base, "nsfw": True}]
        for rule in op.rules_of(WordLimit):
            if rule.when.matches(base):
                variants.append({**base, rule.field: _words(rule.max_words + 3)})
        variants += _other_modes(spec, op, base)[:1]
        made[op_id] = variants
    pilot = made[OperationId.CREATE_PHOTO_PILOT]
    sources = {key: value for key, value in pilot[0].items() if key != "imageUrl"}
    pilot += [
        {**sources, "imageUrls": [image_url, image_url]},  # one result, not one a source (RES-1)
        {**pilot[0], "highResolution": True},  # the high-resolution square (DIM-4)
    ]
    quantum = made[OperationId.CREATE_QUANTUM]
    base = quantum[0]
    quantum += [
        {**base, "prompt": ""},  # the style's default prompt (TXT-3)
        {**base, "prompt": "a {{{template}}} left in"},  # braces users paste (SEC-1)
        {**base, "aspectRatio": "16:9", "transparentBackground": True},  # RES-3
    ]
    limit = spec.operation(OperationId.CREATE_QUANTUM).rules_of(AreaLimit)[0]
    low, high = spec.bounds(
        spec.operation(OperationId.CREATE_QUANTUM).request_schema or "", "width"
    )
    at_limit = exact_area(limit.max, low, high)
    if at_limit is not None:
        quantum.append({**base, "width": at_limit[0], "height": at_limit[1]})
    return made


def _other_modes(spec: Spec, op: Operation, base: dict[str, Any]) -> list[dict[str, Any]]:
    """Prompts over the limit in a mode the word limit does not govern: accepted too (TXT-1)."""
    found = []
    for rule in op.rules_of(WordLimit):
        long = {**base, rule.field: _words(rule.max_words + 3)}
        for name in (rule.when.schema or {}).get("properties", {}):
            for value in spec.property_schema(op.request_schema or "", name).get("enum", []):
                if not rule.when.matches({**long, name: value}):
                    found.append({**long, name: value})
    return found


def refused_bodies(image_url: str) -> list[dict[str, Any]]:
    """E1 bodies a careless caller sends: the server must refuse each (VAL-1, DIM-1..3)."""
    spec = load_spec()
    op = spec.operation(OperationId.CREATE_QUANTUM)
    base = BodyFactory(spec, op, image_url).minimal()
    low, high = spec.bounds(op.request_schema or "", "width")
    over = just_over_area(op.rules_of(AreaLimit)[0].max, low, high)
    found = [
        {**base, "width": low - 1, "height": low},
        {**base, "width": low},
        {**base, "aspectRatio": "1:1", "width": low, "height": low},
    ]
    if over is not None:
        found.append({**base, "width": over[0], "height": over[1]})
    return found


@contextlib.contextmanager
def _client(base_url: str, token: str, **options: Any) -> Iterator[AuthenticatedClient]:
    options.setdefault("retry", RETRY)
    with AuthenticatedClient(base_url=base_url, token=token, **options) as client:
        yield client


def run_flows(base_url: str, keys: Keys, image_url: str, out: Path, timeout: float = 15) -> None:
    """Every flow, through `base_url` (the proxy)."""
    made = bodies(image_url)
    with _client(base_url, keys.generator) as client:
        first = _quietly(
            lambda: generate(
                client,
                QuantumRequest.from_dict(made[OperationId.CREATE_QUANTUM][0]),
                out_dir=out,
                timeout=timeout,
            )
        )
        requests: list[Any] = [
            QuantumRequest.from_dict(b) for b in made[OperationId.CREATE_QUANTUM]
        ]
        requests += [PhotoPilotRequest.from_dict(b) for b in made[OperationId.CREATE_PHOTO_PILOT]]
        requests += [
            SelenaVarieteRequest.from_dict(b) for b in made[OperationId.CREATE_SELENA_VARIETE]
        ]
        _quietly(lambda: generate_many(client, requests, out_dir=out, timeout=timeout))
        missing = {**made[OperationId.CREATE_PHOTO_PILOT][0], "imageUrl": image_url + ".gone"}
        _quietly(lambda: generate(client, PhotoPilotRequest.from_dict(missing), timeout=timeout))
        if first is not None:  # an app showing a finished task again
            _quietly(partial(get_artwork_v2.sync, id=first.artwork.id, client=client))
        _images(client, out)
        _quietly(lambda: list(iter_artworks(client, page_size=3)))
        _quietly(lambda: list(iter_artworks(client, status=ArtworkStatus.SUCCEEDED, page_size=3)))
        failed_pilots = partial(
            list_artworks.sync, status=ArtworkStatus.FAILED, artwork_type=ArtworkType.PHOTO_PILOT
        )
        _quietly(partial(failed_pilots, client=client))  # both filters at once (LIST-2)
        _errors(client, base_url, keys, image_url, first)


def _images(client: AuthenticatedClient, out: Path) -> None:
    """E4 twice with one seed and once in another shape, each image downloaded (IMG-1, IMG-2)."""
    spec = load_spec()
    op = spec.operation(OperationId.CREATE_IMAGE_GENERATION)
    seeded = {**BodyFactory(spec, op, "").minimal(), "seed": 0}  # 0 is a seed too
    ratio_field = op.rules_of(OutputSize)[0].ratio_field or ""
    ratio = spec.property_schema(op.request_schema or "", ratio_field)
    other = next(value for value in ratio["enum"] if value != ratio.get("default"))
    size = op.rules_of(OutputSize)[0].long_side_field or ""
    sizes = spec.property_schema(op.request_schema or "", size).get("anyOf", [])
    longest = max((branch["maximum"] for branch in sizes if "maximum" in branch), default=None)
    shaped = {**seeded, ratio_field: other}
    if longest is not None:
        shaped[size] = longest  # the largest long side the schema allows
    for body in (seeded, seeded, shaped):
        request = ImageGenerationRequest.from_dict(body)
        answer = _quietly(partial(create_image_generation.sync, client=client, body=request))
        if answer is not None and not isinstance(answer, ImagegenError):
            _quietly(partial(download_results, client, answer, out, overwrite=True))


def _errors(
    client: AuthenticatedClient, base_url: str, keys: Keys, image_url: str, first: Any
) -> None:
    """What users get wrong: unknown ids, others' tasks, bad keys, bad bodies, bad pages, bursts."""
    _quietly(lambda: get_artwork_v2.sync(id=uuid.uuid4(), client=client))
    for body in refused_bodies(image_url):
        _quietly(partial(generate, client, QuantumRequest.from_dict(body), timeout=1))
    _quietly(lambda: list_artworks.sync(client=client, limit=0))
    if first is not None:
        with _client(base_url, keys.second) as other:
            _quietly(lambda: get_artwork_v2.sync(id=first.artwork.id, client=other))
            _quietly(partial(list_artworks.sync, client=other, status=ArtworkStatus.SUCCEEDED))
    with _client(base_url, "sk-unknown-" + secrets.token_hex(8)) as stranger:
        _quietly(lambda: list_artworks.sync(client=stranger))
    for prefix in ("", "Token"):  # no scheme, another scheme (AUTH-1)
        with _client(base_url, keys.generator, prefix=prefix) as unschemed:
            _quietly(partial(list_artworks.sync, client=unschemed))
    hurried = RetryPolicy(max_attempts=2, max_retry_after=2)  # waits out one Retry-After
    with (
        _client(base_url, keys.rate_limited, pace=False, retry=hurried) as hasty,
        ThreadPoolExecutor(BURST_CALLS) as pool,
    ):  # at once, so that a slow machine's spacing cannot refill the bucket between them
        burst = partial(_quietly, partial(list_artworks.sync, client=hasty, limit=1))
        for done in [pool.submit(burst) for _ in range(BURST_CALLS)]:
            done.result(timeout=60)
