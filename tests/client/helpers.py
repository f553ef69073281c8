"""Artwork JSON builders and a scripted mock transport shared by the client's unit tests."""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer
from typing import Any

import httpx
from imagegen_client.models import PhotoPilotRequest

BASE_URL = "http://127.0.0.1:9"


def quantum_json(status: str = "starting", **overrides: Any) -> dict[str, Any]:
    """A valid Quantum artwork body in the given status."""
    terminal = status in {"succeeded", "failed", "canceled"}
    body: dict[str, Any] = {
        "id": str(overrides.pop("id", uuid.UUID(int=1))),
        "artworkType": "quantum",
        "parameters": {
            "prompt": "a lighthouse",
            "style": "aquarelle",
            "promptMode": "servitor",
            "width": 1024,
            "height": 1024,
            "nsfw": False,
            "transparentBackground": False,
        },
        "duration": 1.5 if terminal else 0,
        "results": [f"{BASE_URL}/v1/files/x/0.png"] if status == "succeeded" else [],
        "status": status,
        "createdAt": "2026-11-21T10:15:00.123000+00:00",
    }
    body.update(overrides)
    return body


def unfetchable_photo_pilot(dead_port: int) -> PhotoPilotRequest:
    """A valid Photo Pilot body whose source image cannot be fetched: its task ends failed."""
    return PhotoPilotRequest.from_dict(
        {
            "imageUrl": f"http://127.0.0.1:{dead_port}/missing.png",
            "imageGuidance": 1,
            "modification": 1,
            "creativity": 1,
            "effort": 1,
        }
    )


Handler = Callable[[httpx.Request], httpx.Response]


class Script:
    """A MockTransport handler that answers from a list in order and records every request."""

    def __init__(self, *answers: httpx.Response | Exception | Handler) -> None:
        self._answers: Iterator[httpx.Response | Exception | Handler] = iter(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = next(self._answers)
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, httpx.Response):
            return answer
        return answer(request)

    @property
    def transport(self) -> httpx.MockTransport:
        """The transport to pass as httpx_args={"transport": ...}."""
        return httpx.MockTransport(self)


def error(status: int, message: str = "nope", **headers: str) -> httpx.Response:
    """An answer with the contract's error body."""
    return httpx.Response(
        status, json={"message": message, "statusCode": status}, headers=headers or None
    )


@contextlib.contextmanager
def serving(server: ThreadingHTTPServer) -> Iterator[None]:
    """Serves a loopback test server on a thread for the block, then stops and closes it."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
