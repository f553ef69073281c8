"""Bad input of any shape gets the contract's 4xx error body; documented examples are accepted."""

from __future__ import annotations

import json
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

import httpx
import pytest

from contract import TASK_OPERATIONS, AreaLimit, OutputSize, load_spec
from refserver.faults import Faults
from refserver.resolve import TaskResolver, fit_ratio
from tests.support.limits import at_the_area_limit, one_over_the_area_limit
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
        dict(zip(("width", "height"), one_over_the_area_limit(), strict=True)),
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
    width, height = one_over_the_area_limit()
    message = assert_error(http.post(E1, json={"width": width, "height": height}), 400)["message"]
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
    width, height = at_the_area_limit()
    response = http.post(E1, json={"width": float(width), "height": float(height), "seed": 42.0})
    assert response.status_code == 202, response.text
    params = response.json()["parameters"]
    assert params["width"] == width and isinstance(params["width"], int) and params["seed"] == 42
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


def _consts(when: dict[str, Any]) -> dict[str, Any]:
    return {k: v["const"] for k, v in when.get("properties", {}).items() if "const" in v}


def _ratio_targets() -> list[tuple[int, tuple[int, int], int | None, float]]:
    """(target area, side bounds, area limit, tolerance) of every ratio-sized output the spec has,
    the bounds and limit those of the area rule that applies with it (as the server reads them)."""
    spec = load_spec()
    found: set[tuple[int, tuple[int, int], int | None, float]] = set()
    for op in spec.operations:
        for rule in op.rules_of(OutputSize):
            if rule.target_area is None or rule.ratio_field is None or op.request_schema is None:
                continue
            sample = {rule.ratio_field: "1:1", **_consts(dict(rule.when.schema or {}))}
            limits = [r for r in op.rules_of(AreaLimit) if r.when.matches(sample)]
            fields = limits[0].fields if limits else ("width", "height")
            bounds = spec.bounds(op.request_schema, fields[0])
            limit = min((r.max for r in limits), default=None)
            found.add((rule.target_area, bounds, limit, rule.tolerance))
    return sorted(found, key=str)


@pytest.mark.parametrize("ratio", sorted(load_spec().component("AspectRatio")["enum"]))
@pytest.mark.parametrize("area,bounds,limit,tolerance", _ratio_targets())
def test_fit_ratio_is_within_bounds_limit_and_tolerance(
    ratio: str, area: int, bounds: tuple[int, int], limit: int | None, tolerance: float
) -> None:
    width_part, height_part = ratio.split(":")
    r = Fraction(int(width_part), int(height_part))
    width, height = fit_ratio(r, area, (bounds, bounds), limit, tolerance)
    assert bounds[0] <= width <= bounds[1] and bounds[0] <= height <= bounds[1]
    assert limit is None or width * height <= limit
    assert abs(Fraction(width, height) / r - 1) <= Fraction(tolerance).limit_denominator(1000)


def test_the_spec_examples_sizes_are_what_the_server_resolves() -> None:
    spec, checked = load_spec(), 0
    by_type = {spec.artwork_type(op): op for op in map(spec.operation, TASK_OPERATIONS)}
    for name, entry in spec.raw["components"]["examples"].items():
        value = entry["value"]
        op = by_type.get(str(value.get("artworkType"))) if isinstance(value, dict) else None
        params = value.get("parameters", {}) if op is not None else {}
        if op is None or "aspectRatio" not in params or params.get("imageGuidance", 1) != 1:
            continue
        asked = {k: v for k, v in params.items() if k not in ("width", "height")}
        resolver = TaskResolver(spec, op, spec.artwork_type(op), Faults())
        assert resolver.resolve(asked).size == (params["width"], params["height"]), name
        checked += 1
    assert checked >= 2
