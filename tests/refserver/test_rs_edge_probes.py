"""ERR-1 at the edge: hostile path and query values of every operation get the JSON error body."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest

from contract import Operation, OperationId, load_spec
from refserver.errors import ApiError
from refserver.routing import Router
from tests.support.refserver import ServerHandle

# Each value as it goes on the wire (already percent-encoded where it has to be).
PROBES: dict[str, str] = {
    "newline": "a%0Ab",
    "carriage-return-newline": "a%0D%0Ab",
    "tab": "%09",
    "escape": "%1B%5B0m",
    "delete": "a%7Fb",
    "nul": "a%00b",
    "slash": "a/b",
    "encoded-slash": "a%2Fb",
    "long": "x" * 10_000,
    "non-ascii": quote("é日本\U0001f600", safe=""),
    "not-utf-8": "%FF%FE",
    "empty": "",
}


def _path(op: Operation, **override: str) -> str:
    """The operation's path, its path parameters plausible unless overridden."""
    values = {p.name: "x1" for p in op.parameters if p.location == "path"}
    return op.url(**{**values, **override})


def _cases() -> Iterator[tuple[str, Operation, str]]:
    """(case id, operation, target) for each probe in each parameter of each operation, and after
    each operation's path as one more segment."""
    for op in load_spec().operations:
        for probe, value in PROBES.items():
            yield f"{op.operation_id}-path-suffix-{probe}", op, f"{_path(op)}/{value}"
            for param in op.parameters:
                if param.location == "path":
                    yield (
                        f"{op.operation_id}-{param.name}-{probe}",
                        op,
                        _path(op, **{param.name: value}),
                    )
                elif param.location == "query":
                    yield (
                        f"{op.operation_id}-{param.name}-{probe}",
                        op,
                        f"{_path(op)}?{param.name}={value}",
                    )


CASES = list(_cases())


@pytest.fixture(scope="module")
def edge_client(server: ServerHandle) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {server.manager_key}"}
    with httpx.Client(base_url=server.base_url, headers=headers, timeout=10) as client:
        yield client


@pytest.mark.parametrize(("op", "target"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_every_hostile_value_gets_the_json_error_body(
    edge_client: httpx.Client, op: Operation, target: str
) -> None:
    body: dict[str, object] | None = {} if op.has_body else None
    response = edge_client.request(op.method, target, json=body)
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("application/json"), response.text[:300]
    error = response.json()
    assert isinstance(error, dict) and isinstance(error.get("message"), str), error
    assert error.get("statusCode") == response.status_code, error


def test_the_router_keeps_control_characters_in_a_parameter() -> None:
    router = Router(load_spec())
    op, params = router.match("GET", "/v2/artworks/a\nb")
    assert (op.operation_id, params) == (OperationId.GET_ARTWORK_V2, {"id": "a\nb"})
    assert router.match("GET", "/v1/artworks/a\n")[1] == {"id": "a\n"}
    with pytest.raises(ApiError) as missing:
        router.match("GET", "/v2/artworks/a/b")
    assert missing.value.status == 404
    with pytest.raises(ApiError) as wrong_method:
        router.match("DELETE", "/v2/artworks/a")
    assert (wrong_method.value.status, wrong_method.value.headers) == (405, {"Allow": "GET"})
