"""Each fault switch breaks the rule it names: a probe holds on the clean server, not on it."""

from __future__ import annotations

import base64
import io
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from PIL import Image
from standardwebhooks import Webhook

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient

from conformance.run.sidecar import Sidecar
from contract import OperationId
from refserver import Config, create_app
from refserver.auth import ApiKey
from refserver.faults import FAULTS
from tests.support.limits import at_the_area_limit, default_size, word_limit

GEN, SECOND, MANAGER = "k-gen", "k-second", "k-manager"
ORG = "org-a"
E1, E2, E3, E4 = (
    "/v2/artworks/quantum",
    "/v1/artworks/photo-pilot",
    "/v2/artworks/selena-variete",
    "/v1/images/generations",
)
MAGIC = {b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg", b"RIFF": "image/webp"}

pytestmark = pytest.mark.timeout(30)


def bearer(key: str = GEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@contextmanager
def app_client(
    loopback: Sidecar, faults: tuple[str, ...] = (), **overrides: Any
) -> Iterator[TestClient]:
    settings: dict[str, Any] = {
        "keys": (
            ApiKey(GEN, "generator", ORG),
            ApiKey(SECOND, "generator", ORG),
            ApiKey(MANAGER, "manager", ORG),
        ),
        "allow": frozenset({loopback.allow_entry}),
        "starting_seconds": 0.02,
        "processing_seconds": 0.05,
        "rate": 1000.0,
        "burst": 2000,
        "webhook_backoff": (0.05, 0.05, 0.05),
        "faults": faults,
        "base_url": "http://testserver",
    }
    settings.update(overrides)
    with TestClient(create_app(Config(**settings))) as client:
        yield client


def create(c: httpx.Client, path: str, body: dict[str, Any], key: str = GEN) -> dict[str, Any]:
    response = c.post(path, json=body, headers=bearer(key))
    assert response.status_code == 202, response.text
    result: dict[str, Any] = response.json()
    return result


def wait(c: httpx.Client, artwork_id: str, timeout: float = 3.0) -> dict[str, Any] | None:
    """The terminal artwork, or None if it is not terminal in time (bounded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        artwork: dict[str, Any] = c.get(f"/v2/artworks/{artwork_id}", headers=bearer()).json()
        if artwork["status"] in ("succeeded", "failed", "canceled"):
            return artwork
        time.sleep(0.02)
    return None


def words(n: int) -> str:
    return " ".join(f"w{i}" for i in range(n))


# Each probe answers: does the rule hold on this server?


def p_auth_1(c: httpx.Client, lb: Sidecar) -> bool:
    return c.get("/v2/artworks", headers={"Authorization": GEN}).status_code == 401


def p_auth_2(c: httpx.Client, lb: Sidecar) -> bool:
    return c.get("/v2/artworks", headers=bearer("sk-unknown")).status_code == 401


def p_auth_3(c: httpx.Client, lb: Sidecar) -> bool:
    return c.post(f"/v2/organizations/{ORG}/webhook-secret", headers=bearer()).status_code == 403


def p_auth_4(c: httpx.Client, lb: Sidecar) -> bool:
    artwork = create(c, E1, {"prompt": "mine"})
    hidden = c.get(f"/v2/artworks/{artwork['id']}", headers=bearer(SECOND)).status_code == 404
    listed = c.get("/v2/artworks?limit=500", headers=bearer(SECOND)).json()
    return hidden and artwork["id"] not in {a["id"] for a in listed}


def p_err_1(c: httpx.Client, lb: Sidecar) -> bool:
    return bool(c.get("/v2/artworks").json().get("statusCode") == 401)


def p_err_2(c: httpx.Client, lb: Sidecar) -> bool:
    headers = {**bearer(), "content-type": "text/plain"}
    return c.post(E1, content=b"{}", headers=headers).status_code == 415


def p_err_3(c: httpx.Client, lb: Sidecar) -> bool:
    answers = [c.get("/v2/artworks", headers=bearer()) for _ in range(3)]
    limited = [a for a in answers if a.status_code == 429]
    return bool(limited) and all(a.headers.get("retry-after", "").isdigit() for a in limited)


def p_val_1(c: httpx.Client, lb: Sidecar) -> bool:
    body = {
        "imageGuidance": 1,
        "modification": 1,
        "creativity": 1,
        "imageUrl": lb.image_url(64, 64),
    }
    return c.post(E2, json=body, headers=bearer()).status_code == 400


def p_val_2(c: httpx.Client, lb: Sidecar) -> bool:
    return c.post(E1, json={"prompt": "x", "nsfw": True}, headers=bearer()).status_code == 202


def p_val_3(c: httpx.Client, lb: Sidecar) -> bool:
    return "zzz" not in create(c, E1, {"prompt": "x", "zzz": 1})["parameters"]


def p_sec_1(c: httpx.Client, lb: Sidecar) -> bool:
    return c.post(E1, json={"prompt": "{{{ x"}, headers=bearer()).status_code < 500


def p_dim_1(c: httpx.Client, lb: Sidecar) -> bool:
    return c.post(E1, json={"width": 800}, headers=bearer()).status_code == 400


def p_dim_2(c: httpx.Client, lb: Sidecar) -> bool:
    body = {"aspectRatio": "1:1", "width": 800, "height": 800}
    return c.post(E1, json=body, headers=bearer()).status_code == 400


def p_dim_3(c: httpx.Client, lb: Sidecar) -> bool:
    width, height = at_the_area_limit()
    return c.post(E1, json={"width": width, "height": height}, headers=bearer()).status_code == 202


def p_dim_4(c: httpx.Client, lb: Sidecar) -> bool:
    params = create(c, E1, {})["parameters"]
    return (params["width"], params["height"]) == default_size(OperationId.CREATE_QUANTUM)


def _result_image(c: httpx.Client, artwork: dict[str, Any] | None, index: int = 0) -> Image.Image:
    assert artwork is not None and artwork["status"] == "succeeded", artwork
    return Image.open(io.BytesIO(c.get(artwork["results"][index]).content))


def p_dim_5(c: httpx.Client, lb: Sidecar) -> bool:
    artwork = wait(c, create(c, E1, {"width": 800, "height": 600})["id"])
    return _result_image(c, artwork).size == (800, 600)


def p_txt_1(c: httpx.Client, lb: Sidecar) -> bool:
    limit = word_limit("prompt")
    return bool(create(c, E1, {"prompt": words(limit + 1)})["parameters"]["prompt"] == words(limit))


def p_txt_2(c: httpx.Client, lb: Sidecar) -> bool:
    limit = word_limit("negativePrompt")
    body = {"negativePrompt": words(limit + 1)}
    return bool(create(c, E1, body)["parameters"]["negativePrompt"] == words(limit))


def p_txt_3(c: httpx.Client, lb: Sidecar) -> bool:
    return bool(create(c, E1, {"prompt": "   "})["parameters"]["prompt"].split())


def p_echo_1(c: httpx.Client, lb: Sidecar) -> bool:
    return bool(create(c, E3, {"imageUrl": lb.image_url(64, 64)})["parameters"]["details"] == 3)


def p_echo_2(c: httpx.Client, lb: Sidecar) -> bool:
    created = create(c, E1, {"prompt": "x"})
    polled = c.get(f"/v1/artworks/{created['id']}", headers=bearer()).json()
    return bool(polled["createdAt"] == created["createdAt"])


def p_life_1(c: httpx.Client, lb: Sidecar) -> bool:
    return bool(create(c, E1, {"prompt": "x"})["status"] == "starting")


def p_life_2(c: httpx.Client, lb: Sidecar) -> bool:
    artwork = wait(c, create(c, E1, {"prompt": "x"})["id"])
    assert artwork is not None
    later = [c.get(f"/v2/artworks/{artwork['id']}", headers=bearer()).json() for _ in range(3)]
    return all(a["status"] == artwork["status"] for a in later)


def p_life_3(c: httpx.Client, lb: Sidecar) -> bool:
    return wait(c, create(c, E1, {"prompt": "x"})["id"]) is not None


def p_life_4(c: httpx.Client, lb: Sidecar) -> bool:
    artwork = wait(c, create(c, E1, {"prompt": "x"})["id"])
    return artwork is not None and artwork["duration"] > 0


def p_res_1(c: httpx.Client, lb: Sidecar) -> bool:
    artwork = wait(c, create(c, E3, {"imageUrl": lb.image_url(64, 64), "batch": 2})["id"])
    return artwork is not None and len(artwork["results"]) == 2


def p_res_2(c: httpx.Client, lb: Sidecar) -> bool:
    artwork = wait(c, create(c, E1, {"prompt": "x"})["id"])
    assert artwork is not None
    response = c.get(artwork["results"][0])
    magic = next(media for prefix, media in MAGIC.items() if response.content.startswith(prefix))
    return response.headers["content-type"] == magic


def p_res_3(c: httpx.Client, lb: Sidecar) -> bool:
    artwork = wait(c, create(c, E1, {"transparentBackground": True})["id"])
    return _result_image(c, artwork).mode == "RGBA"


def p_res_4(c: httpx.Client, lb: Sidecar) -> bool:
    body = {
        "imageGuidance": 3,
        "modification": 1,
        "creativity": 1,
        "effort": 1,
        "imageUrls": [lb.image_url(320, 240)],
    }
    params = create(c, E2, body)["parameters"]
    return (params["width"], params["height"]) == (320, 240)


def p_get_1(c: httpx.Client, lb: Sidecar) -> bool:
    return c.get("/v2/artworks/not-a-uuid", headers=bearer()).status_code == 400


def p_list_1(c: httpx.Client, lb: Sidecar) -> bool:
    create(c, E1, {"prompt": "older"})
    newer = create(c, E1, {"prompt": "newer"})
    return bool(c.get("/v2/artworks", headers=bearer()).json()[0]["id"] == newer["id"])


def p_list_2(c: httpx.Client, lb: Sidecar) -> bool:
    create(c, E1, {"prompt": "fresh"})
    listed = c.get("/v2/artworks?status=succeeded&limit=500", headers=bearer()).json()
    return all(a["status"] == "succeeded" for a in listed)


def _e4(c: httpx.Client, body: dict[str, Any]) -> bytes:
    answer = c.post(E4, json={"model": "flux-dev", "prompt": "x", **body}, headers=bearer())
    assert answer.status_code == 200, answer.text
    return c.get(answer.json()["data"][0]["url"]).content


def p_img_1(c: httpx.Client, lb: Sidecar) -> bool:
    data = _e4(c, {"aspect_ratio": "16:9", "image_size": 512})
    return Image.open(io.BytesIO(data)).size == (512, 288)


def p_img_2(c: httpx.Client, lb: Sidecar) -> bool:
    body = {"seed": 5, "image_size": 256}
    return _e4(c, body) == _e4(c, body)


def _hooked(c: httpx.Client, lb: Sidecar, fail: int = 0, count: int = 1) -> list[Any]:
    name = uuid.uuid4().hex
    create(c, E1, {"prompt": "x", "webhook": lb.hook_url(name, fail)})
    return lb.wait_for(name, count, timeout=5)


def p_hook_1(c: httpx.Client, lb: Sidecar) -> bool:
    import json

    return bool(json.loads(_hooked(c, lb)[0].body)["status"] == "succeeded")


def p_hook_2(c: httpx.Client, lb: Sidecar) -> bool:
    deliveries = _hooked(c, lb, fail=1, count=2)
    if len(deliveries) < 2:
        return False
    return bool(deliveries[0].headers["webhook-id"] == deliveries[1].headers["webhook-id"])


def p_hook_3(c: httpx.Client, lb: Sidecar) -> bool:
    url = f"/v2/organizations/{ORG}/webhook-secret"
    c.post(url, headers=bearer(MANAGER))
    secret = c.post(url, headers=bearer(MANAGER)).json()["secret"]
    delivery = _hooked(c, lb)[0]
    try:
        Webhook(base64.b64encode(bytes.fromhex(secret)).decode()).verify(
            delivery.body, delivery.headers
        )
    except Exception:
        return False
    return True


def p_hook_4(c: httpx.Client, lb: Sidecar) -> bool:
    body = {"prompt": "x", "webhook": "http://127.0.0.1:9/hook"}
    return c.post(E1, json=body, headers=bearer()).status_code == 400


Probe = Callable[[httpx.Client, Sidecar], bool]
RULE_FAULTS = [name for name, fault in FAULTS.items() if name == fault.rule.lower()]
PROBES: dict[str, tuple[Probe, dict[str, Any]]] = {
    name: (globals()["p_" + name.replace("-", "_")], {}) for name in RULE_FAULTS
}
PROBES["err-3"] = (p_err_3, {"rate": 0.5, "burst": 1})


def test_every_rule_of_the_contract_has_a_fault_switch() -> None:
    from contract import load_spec

    rules = {rule.id for rule in load_spec().contract_rules}
    assert {fault.rule for fault in FAULTS.values()} == rules
    assert all(name.startswith(fault.rule.lower()) for name, fault in FAULTS.items())
    assert {fault.rule for fault in FAULTS.values()} == {FAULTS[name].rule for name in RULE_FAULTS}


@pytest.fixture(scope="module")
def clean(loopback: Sidecar) -> Iterator[TestClient]:
    with app_client(loopback) as client:
        yield client


@pytest.mark.parametrize("name", sorted(RULE_FAULTS))
def test_fault_switch_breaks_its_rule(name: str, loopback: Sidecar, clean: TestClient) -> None:
    probe, overrides = PROBES[name]
    if overrides:
        with app_client(loopback, **overrides) as client:
            assert probe(client, loopback), f"{name}: the rule fails on the clean server"
    else:
        assert probe(clean, loopback), f"{name}: the rule fails on the clean server"
    with app_client(loopback, (name,), **overrides) as faulty:
        assert not probe(faulty, loopback), f"{name}: the switch does not break its rule"
