"""X-Request-Id on every answer of the reference server: fresh ones differ, a caller's is echoed."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from tests.support.refserver import ServerHandle, running_server

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def server() -> Iterator[ServerHandle]:
    with running_server() as handle:
        yield handle


def test_every_answer_has_a_fresh_id_and_a_callers_is_echoed(server: ServerHandle) -> None:
    auth = {"Authorization": f"Bearer {server.generator_key}"}
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        answers = [
            client.get("/v2/artworks", headers=auth),  # 200
            client.get(f"/v2/artworks/{uuid.uuid4()}", headers=auth),  # 404
            client.get("/v2/artworks"),  # 401
            client.get("/nowhere", headers=auth),  # no route
        ]
        ids = [answer.headers.get("x-request-id") for answer in answers]
        assert all(ids) and len(set(ids)) == len(ids)
        echoed = client.get("/v2/artworks", headers={**auth, "X-Request-Id": "ticket-42"})
        assert echoed.headers["x-request-id"] == "ticket-42"
        unusable = client.get("/v2/artworks", headers={**auth, "X-Request-Id": "a b"})
        assert unusable.headers["x-request-id"] not in ("a b", "")
