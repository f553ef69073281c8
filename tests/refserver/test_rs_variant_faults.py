"""Each variant fault switch breaks one variant of its rule: the rule's usual probe still holds."""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from PIL import Image

from conformance.judge.variants import long_side_bounds
from conformance.run.sidecar import Sidecar
from contract import OperationId, OutputSize, load_spec
from refserver.edge import MAX_BODY_BYTES
from refserver.faults import FAULTS, Fault
from tests.refserver.test_rs_faults import (
    E1,
    E2,
    E4,
    GEN,
    PROBES,
    app_client,
    bearer,
    create,
    wait,
    words,
)
from tests.support.limits import word_limit

pytestmark = pytest.mark.timeout(30)
SPEC = load_spec()
PHOTO = {"modification": 1, "creativity": 1, "effort": 1}
E4_OP = SPEC.operation(OperationId.CREATE_IMAGE_GENERATION)
E4_LONG_SIDE = long_side_bounds(SPEC, E4_OP, "image_size")
LIST_LIMITS = SPEC.operation(OperationId.LIST_ARTWORKS).parameters
MOST_LISTED = next(int(p.schema["maximum"]) for p in LIST_LIMITS if p.name == "limit")


def _e4_size(c: httpx.Client, body: dict[str, Any]) -> tuple[int, int] | None:
    answer = c.post(E4, json={"model": "flux-dev", "prompt": "x", **body}, headers=bearer())
    if answer.status_code != 200:
        return None
    size: tuple[int, int] = Image.open(
        io.BytesIO(c.get(answer.json()["data"][0]["url"]).content)
    ).size
    return size


def v_auth_1_scheme(c: httpx.Client, lb: Sidecar) -> bool:
    return c.get("/v2/artworks", headers={"Authorization": f"Token {GEN}"}).status_code == 401


def v_auth_4_filtered(c: httpx.Client, lb: Sidecar) -> bool:
    mine = create(c, E1, {"prompt": "mine"})
    listed = c.get(f"/v2/artworks?status={mine['status']}", headers=bearer("k-second")).json()
    return mine["id"] not in {a["id"] for a in listed}


def v_err_2_parameters(c: httpx.Client, lb: Sidecar) -> bool:
    headers = {**bearer(), "content-type": "application/json; charset=utf-8"}
    return c.post(E1, content=b'{"prompt": "x"}', headers=headers).status_code == 202


def v_err_2_limit(c: httpx.Client, lb: Sidecar) -> bool:
    head = b'{"prompt": "x", "padding": "'
    body = head + b"a" * (MAX_BODY_BYTES - len(head) - 2) + b'"}'
    headers = {**bearer(), "content-type": "application/json"}
    return c.post(E1, content=body, headers=headers).status_code == 202


def v_list_2_combined(c: httpx.Client, lb: Sidecar) -> bool:
    create(c, E1, {"prompt": "fresh"})
    url = f"/v2/artworks?status=succeeded&artworkType=quantum&limit={MOST_LISTED}"
    return all(a["status"] == "succeeded" for a in c.get(url, headers=bearer()).json())


def v_get_1_case(c: httpx.Client, lb: Sidecar) -> bool:
    return c.get(f"/v2/artworks/{str(uuid.uuid4()).upper()}", headers=bearer()).status_code == 404


def v_dim_4_high_resolution(c: httpx.Client, lb: Sidecar) -> bool:
    body = {**PHOTO, "imageGuidance": 1, "highResolution": True, "imageUrl": lb.image_url(64, 64)}
    params = create(c, E2, body)["parameters"]
    rule = SPEC.operation(OperationId.CREATE_PHOTO_PILOT).first_matching(OutputSize, body)
    assert rule is not None and rule.size is not None
    return (params["width"], params["height"]) == rule.size


def v_txt_1_other_mode(c: httpx.Client, lb: Sidecar) -> bool:
    body = {"prompt": words(word_limit("prompt") + 1), "promptMode": "seer"}
    return c.post(E1, json=body, headers=bearer()).status_code == 202


def v_life_4_failed(c: httpx.Client, lb: Sidecar) -> bool:
    body = {**PHOTO, "imageGuidance": 2, "imageUrl": lb.broken_image_url()}
    artwork = wait(c, create(c, E2, body)["id"])
    return artwork is not None and artwork["status"] == "failed" and artwork["duration"] > 0


def v_res_1_sources(c: httpx.Client, lb: Sidecar) -> bool:
    urls = [lb.image_url(64, 64), lb.image_url(80, 60)]
    artwork = wait(c, create(c, E2, {**PHOTO, "imageGuidance": 2, "imageUrls": urls})["id"])
    return artwork is not None and len(artwork["results"]) == 1


def v_res_4_sources(c: httpx.Client, lb: Sidecar) -> bool:
    urls = [lb.image_url(320, 240), lb.image_url(200, 100)]
    params = create(c, E2, {**PHOTO, "imageGuidance": 3, "imageUrls": urls})["parameters"]
    return (params["width"], params["height"]) == (320, 240)


def v_list_1_pages(c: httpx.Client, lb: Sidecar) -> bool:
    for _ in range(4):
        create(c, E1, {"prompt": "x"})
    return len(c.get("/v2/artworks?limit=3", headers=bearer()).json()) == 3


def v_img_1_long_side(c: httpx.Client, lb: Sidecar) -> bool:
    largest = E4_LONG_SIDE[1]
    return _e4_size(c, {"image_size": largest, "aspect_ratio": "1:1"}) == (largest, largest)


def v_img_2_seed_zero(c: httpx.Client, lb: Sidecar) -> bool:
    body = {"model": "flux-dev", "prompt": "x", "seed": 0, "image_size": E4_LONG_SIDE[0]}
    urls = [c.post(E4, json=body, headers=bearer()).json()["data"][0]["url"] for _ in range(2)]
    return bool(c.get(urls[0]).content == c.get(urls[1]).content)


def v_hook_1_failed(c: httpx.Client, lb: Sidecar) -> bool:
    box = uuid.uuid4().hex
    body = {**PHOTO, "imageGuidance": 2, "imageUrl": lb.broken_image_url()}
    create(c, E2, {**body, "webhook": lb.hook_url(box)})
    got = lb.wait_for(box, 1, timeout=5)
    return bool(got) and json.loads(got[0].body)["status"] == "failed"


def _refused(c: httpx.Client, path: str, body: dict[str, Any]) -> bool:
    return c.post(path, json=body, headers=bearer()).status_code == 400


def v_hook_4_metadata(c: httpx.Client, lb: Sidecar) -> bool:
    return _refused(c, E1, {"prompt": "x", "webhook": "https://169.254.169.254/latest/"})


def v_hook_4_later_sources(c: httpx.Client, lb: Sidecar) -> bool:
    urls = [lb.image_url(64, 64), "https://10.1.2.3/x.png"]
    return _refused(c, E2, {**PHOTO, "imageGuidance": 1, "imageUrls": urls})


def v_hook_4_image(c: httpx.Client, lb: Sidecar) -> bool:
    return _refused(c, E4, {"model": "flux-dev", "prompt": "x", "image": "https://10.1.2.3/x.png"})


Probe = Callable[[httpx.Client, Sidecar], bool]
VARIANT_FAULTS = sorted(name for name in FAULTS if name not in PROBES)


def test_every_variant_fault_has_a_probe() -> None:
    missing = [name for name in VARIANT_FAULTS if "v_" + name.replace("-", "_") not in globals()]
    assert missing == []


@pytest.mark.parametrize("name", VARIANT_FAULTS)
def test_variant_fault_breaks_only_its_variant(name: str, loopback: Sidecar) -> None:
    probe: Probe = globals()["v_" + name.replace("-", "_")]
    rule_fault = FAULTS[Fault(name)].rule.lower()
    rule_probe, overrides = PROBES[rule_fault]
    with app_client(loopback, **overrides) as clean:
        assert probe(clean, loopback), f"{name}: the variant fails on the clean server"
    with app_client(loopback, (name,), **overrides) as faulty:
        assert not probe(faulty, loopback), f"{name}: the switch does not break its variant"
        assert rule_probe(faulty, loopback), f"{name}: the rule's usual probe fails too"
