"""W1/HOOK-1..3: deliver the terminal Artwork, signed with the org's current secret, retried."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import secrets
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import anyio
import httpx
from standardwebhooks import Webhook

from refserver.faults import Fault, Faults
from refserver.fetch import UrlPolicy, UrlRejected
from refserver.stores.base import Delivery, Store
from refserver.task import TERMINAL

log = logging.getLogger("refserver.webhooks")

POLL_SECONDS = 0.05
CLAIM_BATCH = 64
STORE_RETRY_SECONDS = 1.0


class OrgSecrets:
    """E8: each organisation's current webhook secret (and the previous one, for hook-3)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def rotate(self, org: str) -> str:
        """A fresh 64-hex secret, answered once and then only used for signing."""
        secret = secrets.token_hex(32)
        await self.store.set_secret(org, secret)
        return secret


def sign(secret_hex: str, msg_id: str, when: datetime, payload: str) -> str:
    """The `webhook-signature` value: the key is the 32 bytes that the hex secret encodes."""
    key = base64.b64encode(bytes.fromhex(secret_hex)).decode()
    return str(Webhook(key).sign(msg_id, when, payload))


class Dispatcher:
    """Claims due deliveries from the store with a lease and attempts them; any worker may.

    A delivery is one row per task, due when the task ends. Claiming it bumps its attempt count
    and pushes its due time past the lease, so no other worker takes it meanwhile; a worker that
    dies mid-attempt leaves it to be claimed again once the lease runs out.
    """

    def __init__(
        self,
        policy: UrlPolicy,
        client: httpx.AsyncClient,
        store: Store,
        backoff: Sequence[float],
        timeout_seconds: float,
        lease_seconds: float,
        faults: Faults,
    ) -> None:
        self.policy = policy
        self.client = client
        self.store = store
        self.backoff = tuple(backoff)
        self.timeout_seconds = timeout_seconds
        self.lease_seconds = lease_seconds
        self.faults = faults
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def max_attempts(self) -> int:
        return 1 if self.faults.on(Fault.HOOK_2) else 1 + len(self.backoff)

    async def run(self) -> None:
        """Claim and attempt what is due, forever; the store is polled, so any worker may end."""
        while True:
            try:
                claimed = await self.store.claim(time.time(), self.lease_seconds, CLAIM_BATCH)
            except Exception as error:
                log.warning("cannot claim webhook deliveries (retrying in %g s): %s",
                            STORE_RETRY_SECONDS, error)  # fmt: skip
                await asyncio.sleep(STORE_RETRY_SECONDS)
                continue
            for delivery in claimed:
                task = asyncio.create_task(self._attempt(delivery))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            if len(claimed) < CLAIM_BATCH:
                await asyncio.sleep(POLL_SECONDS)

    async def _secret(self, org: str) -> str | None:
        current, previous = await self.store.secrets(org)
        if self.faults.on(Fault.HOOK_3) and previous:
            return previous
        return current

    async def _attempt(self, delivery: Delivery) -> None:
        try:
            task = await self.store.get(delivery.task_id)
            if task is None:
                await self.store.delivered(delivery.id)
                return
            now = time.time()
            if task.status_at(now) not in TERMINAL:  # its end was moved later; not an attempt
                due = max(task.finish_at, now + POLL_SECONDS)
                await self.store.reschedule(delivery, delivery.attempts - 1, due)
                return
            if await self._post(delivery, task.artwork(now), task.org):
                await self.store.delivered(delivery.id)
            elif delivery.attempts >= self.max_attempts:
                log.info("webhook %s gave up after %d attempts", delivery.id, delivery.attempts)
                await self.store.delivered(delivery.id)
            else:
                due = time.time() + self.backoff[delivery.attempts - 1]
                await self.store.reschedule(delivery, delivery.attempts, due)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("webhook %s: attempt failed; retried after the lease", delivery.id)

    async def _post(self, delivery: Delivery, artwork: dict[str, Any], org: str) -> bool:
        """One attempt; True when the receiver answered 2xx or the URL is not allowed."""
        if self.faults.on(Fault.HOOK_1):
            artwork = {**artwork, "status": "processing"}
        if self.faults.on(Fault.HOOK_1_FAILED) and artwork.get("status") == "failed":
            return True  # as if delivered: nothing is sent
        payload = json.dumps(artwork)
        headers = {"content-type": "application/json", "webhook-id": delivery.id}
        secret = await self._secret(org)
        if secret:
            now = datetime.now(UTC)
            headers["webhook-timestamp"] = str(int(now.timestamp()))
            headers["webhook-signature"] = sign(secret, delivery.id, now, payload)
        try:
            with anyio.fail_after(self.timeout_seconds):
                await self.policy.check_resolved(delivery.url)
                response = await self.client.post(
                    delivery.url,
                    content=payload.encode(),
                    headers=headers,
                    timeout=self.timeout_seconds,
                )
            return response.is_success
        except UrlRejected:
            log.warning("webhook %s not delivered: the URL is not allowed", delivery.id)
            return True
        except (httpx.HTTPError, TimeoutError, OSError):
            return False

    async def aclose(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
