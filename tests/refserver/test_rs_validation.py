"""Bad input of any shape gets the contract's 4xx error body; documented examples are accepted."""

from __future__ import annotations

import json
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

import httpx
import pytest

from contract import load_spec
from refserver.resolve import fit_ratio
from tests.support.refserver import ServerHandle

pytestmark = pytest.mark.timeout(60)
E1 = "/v2/artworks/quantum"


@pytest.fixture
def http(server: ServerHandle) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {server.generator_key}"}
    with httpx.Client(base_url=server.base_url, headers=headers, timeout=10) as client:
        yield client


def assert_error(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert isinstance(body["message"], str) and body["statusCode"] == status
    return body


@pytest.mark.parametrize(
    "body",
    [
        {"aspectRatio": {}},
        {"aspectRatio": None},
        {"width": "800", "height": 800},
        {"width": 10**40, "height": 800},
        {"seed": 1e300},
        {"prompt": None},
        {"style": ["manga"]},
        {"width": 800},
        {"aspectRatio": "1:1", "width": 800, "height": 800},
        {"width": 1217, "height": 1216},
        {"webhook": "http://127.0.0.1:9/x"},
        {"webhook": "https://169.254.169.254/latest"},
        {"webhook": "https://localhost/x"},
        {"webhook": "ftp://example.com/x"},
        {"webhook": "https://[::1]:99999/x"},
        [],
        None,
        "text",
        12,
    ],
)
def test_bad_bodies_get_400(http: httpx.Client, body: Any) -> None:
    headers = {"content-type": "application/json"}
    assert_error(http.post(E1, content=json.dumps(body).encode(), headers=headers), 400)


def test_rule_ids_are_named(http: httpx.Client) -> None:
    message = assert_error(http.post(E1, json={"width": 1217, "height": 1216}), 400)["message"]
    assert message.startswith("DIM-3")
    assert assert_error(http.post(E1, json={"width": 800}), 400)["message"].startswith("DIM-1")


@pytest.mark.parametrize("raw", [b"{", b"NaN", b'{"a": Infinity}', b"\xff\xfe", b"[" * 100000, b""])
def test_non_json_gets_400(http: httpx.Client, raw: bytes) -> None:
    assert_error(http.post(E1, content=raw, headers={"content-type": "application/json"}), 400)


def test_wrong_content_type_gets_415(http: httpx.Client) -> None:
    assert_error(http.post(E1, content=b"{}", headers={"content-type": "text/plain"}), 415)
    assert_error(http.post(E1, content=b"{}"), 415)


def test_body_over_one_mib_gets_413(http: httpx.Client) -> None:
    big = b'{"prompt": "' + b"a" * (1 << 20) + b'"}'
    assert_error(http.post(E1, content=big, headers={"content-type": "application/json"}), 413)

    def chunks() -> Iterator[bytes]:
        yield b'{"prompt": "'
        for _ in range(20):
            yield b"a" * 65536
        yield b'"}'

    streamed = http.post(E1, content=chunks(), headers={"content-type": "application/json"})
    assert_error(streamed, 413)


def test_undeclared_methods_get_405_with_allow(http: httpx.Client) -> None:
    for method, path, allow in [("DELETE", E1, "POST"), ("PUT", "/v2/artworks", "GET")]:
        response = http.request(method, path)
        assert_error(response, 405)
        assert response.headers["allow"] == allow


def test_unknown_path_gets_404_body(http: httpx.Client) -> None:
    assert_error(http.get("/nope"), 404)


def test_integer_valued_floats_are_integers(http: httpx.Client) -> None:
    response = http.post(E1, json={"width": 1216.0, "height": 1216.0, "seed": 42.0})
    assert response.status_code == 202, response.text
    params = response.json()["parameters"]
    assert params["width"] == 1216 and isinstance(params["width"], int) and params["seed"] == 42
    assert http.get("/v2/artworks", params={"limit": "5.0"}).status_code == 200


def test_unknown_fields_are_ignored(http: httpx.Client) -> None:
    response = http.post(E1, json={"prompt": "x", "surprise": {"deep": [1]}})
    assert response.status_code == 202 and "surprise" not in response.json()["parameters"]


def test_query_and_path_parameters(http: httpx.Client) -> None:
    for query in ({"limit": 0}, {"limit": 501}, {"offset": -1}, {"limit": "x"}, {"status": "done"}):
        assert_error(http.get("/v2/artworks", params=query), 400)
    assert_error(http.get("/v2/artworks/not-a-uuid"), 400)


def _examples() -> Iterator[Any]:
    spec = load_spec()
    for op in spec.operations:
        content = op.raw.get("requestBody", {}).get("content", {}).get("application/json", {})
        for name, example in content.get("examples", {}).items():
            value = (
                spec.resolve(example["$ref"])["value"] if "$ref" in example else example["value"]
            )
            yield pytest.param(op.path, value, id=f"{op.operation_id}-{name}")


@pytest.mark.parametrize(("path", "body"), list(_examples()))
def test_every_documented_example_request_is_accepted(
    http: httpx.Client, path: str, body: Any
) -> None:
    response = http.post(path, json=body)
    assert response.status_code in (200, 202), response.text


@pytest.mark.parametrize(
    "ratio", ["1:1", "9:16", "2:3", "3:4", "16:9", "3:2", "4:3", "9:21", "21:9", "7:4"]
)
@pytest.mark.parametrize(
    "area,bounds,limit", [(1048576, (512, 1360), 1478656), (1763584, (512, 2048), 1763584)]
)
def test_fit_ratio_is_within_bounds_limit_and_tolerance(
    ratio: str, area: int, bounds: tuple[int, int], limit: int
) -> None:
    width_part, height_part = ratio.split(":")
    r = Fraction(int(width_part), int(height_part))
    width, height = fit_ratio(r, area, (bounds, bounds), limit, 0.01)
    assert bounds[0] <= width <= bounds[1] and bounds[0] <= height <= bounds[1]
    assert width * height <= limit
    assert abs(Fraction(width, height) / r - 1) <= Fraction(1, 100)


def test_fit_ratio_matches_the_spec_examples() -> None:
    assert fit_ratio(Fraction(16, 9), 1048576, ((512, 1360), (512, 1360)), 1478656, 0.01) == (
        1360,
        765,
    )
    assert fit_ratio(Fraction(9, 21), 1048576, ((512, 2048), (512, 2048)), 1478656, 0.01) == (
        670,
        1564,
    )
    assert fit_ratio(Fraction(3, 2), 1048576, ((512, 2048), (512, 2048)), 1478656, 0.01) == (
        1254,
        836,
    )
