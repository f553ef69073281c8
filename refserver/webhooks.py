"""W1/HOOK-1..3: deliver the terminal Artwork, signed with the org's current secret, retried."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import secrets
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import anyio
import httpx
from standardwebhooks import Webhook

from refserver.faults import Fault, Faults
from refserver.fetch import UrlPolicy, UrlRejected

log = logging.getLogger("refserver.webhooks")


class OrgSecrets:
    """E8: each organisation's current webhook secret (and the previous one, for hook-3)."""

    def __init__(self) -> None:
        self._current: dict[str, str] = {}
        self._previous: dict[str, str] = {}

    def rotate(self, org: str) -> str:
        """A fresh 64-hex secret, answered once and then only used for signing."""
        if org in self._current:
            self._previous[org] = self._current[org]
        self._current[org] = secrets.token_hex(32)
        return self._current[org]

    def current(self, org: str) -> str | None:
        return self._current.get(org)

    def previous(self, org: str) -> str | None:
        return self._previous.get(org)


def sign(secret_hex: str, msg_id: str, when: datetime, payload: str) -> str:
    """The `webhook-signature` value: the key is the 32 bytes that the hex secret encodes."""
    key = base64.b64encode(bytes.fromhex(secret_hex)).decode()
    return str(Webhook(key).sign(msg_id, when, payload))


class Dispatcher:
    """Runs each delivery as a task in the server's loop; attempts = 1 + len(backoff)."""

    def __init__(
        self,
        policy: UrlPolicy,
        client: httpx.AsyncClient,
        orgs: OrgSecrets,
        backoff: Sequence[float],
        timeout_seconds: float,
        faults: Faults,
    ) -> None:
        self.policy = policy
        self.client = client
        self.orgs = orgs
        self.backoff = tuple(backoff)
        self.timeout_seconds = timeout_seconds
        self.faults = faults
        self._tasks: set[asyncio.Task[None]] = set()

    def deliver(self, url: str, org: str, artwork: dict[str, Any]) -> None:
        """Queue one delivery of a terminal Artwork; never blocks the caller."""
        if self.faults.on(Fault.HOOK_1):  # FAULT hook-1
            artwork = {**artwork, "status": "processing"}
        payload = json.dumps(artwork)
        task = asyncio.create_task(self._deliver(url, org, payload))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _secret(self, org: str) -> str | None:
        if self.faults.on(Fault.HOOK_3) and self.orgs.previous(org):  # FAULT hook-3
            return self.orgs.previous(org)
        return self.orgs.current(org)

    async def _deliver(self, url: str, org: str, payload: str) -> None:
        msg_id = "msg_" + uuid.uuid4().hex
        backoff = () if self.faults.on(Fault.HOOK_2) else self.backoff  # FAULT hook-2
        for attempt in range(1 + len(backoff)):
            if attempt:
                await asyncio.sleep(backoff[attempt - 1])
            headers = {"content-type": "application/json", "webhook-id": msg_id}
            secret = self._secret(org)
            if secret:
                now = datetime.now(UTC)
                headers["webhook-timestamp"] = str(int(now.timestamp()))
                headers["webhook-signature"] = sign(secret, msg_id, now, payload)
            try:
                await self.policy.check_resolved(url)
                with anyio.fail_after(self.timeout_seconds):
                    response = await self.client.post(
                        url, content=payload.encode(), headers=headers, timeout=self.timeout_seconds
                    )
                if response.is_success:
                    return
            except UrlRejected:
                log.warning("webhook %s not delivered: the URL is not allowed", msg_id)
                return
            except (httpx.HTTPError, TimeoutError, OSError):
                pass
        log.info("webhook %s gave up after %d attempts", msg_id, 1 + len(backoff))

    async def aclose(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
