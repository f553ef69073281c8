"""The `organizations` endpoints: one module a function each, and the resource-style
Organizations (sync) and AsyncOrganizations classes that
`client.organizations` answers, generated from the same spec."""

from __future__ import annotations

import builtins  # a method named `list` hides the builtin inside the classes' annotations
from collections.abc import Mapping
from typing import Any
from uuid import UUID

from ...client import AuthenticatedClient
from ...enums import member_of
from ...errors import UnexpectedStatus
from ...models.error import Error
from ...models.webhook_secret import WebhookSecret
from ...resources import AsyncPage, Page, Timeout, prepared, received
from ...types import UNSET, Unset
from . import rotate_webhook_secret

__all__ = ["AsyncOrganizations", "Organizations"]


class Organizations:
    """`client.organizations`: each method returns the typed model or raises the typed
    error; `timeout=`, `extra_headers=` and `extra_query=` apply to that call, inside the client's
    pacing and retries."""

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def rotate_webhook_secret(
        self,
        org_id: str,
        *,
        timeout: Timeout = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> WebhookSecret:
        """Create or rotate the organisation's webhook signing secret"""
        request = rotate_webhook_secret._get_kwargs(
            org_id,
        )

        response = received(
            self._client.get_httpx_client().request(**prepared(request, timeout, extra_headers, extra_query))
        )
        parsed = rotate_webhook_secret._parse_response(client=self._client, response=response)
        if parsed is None or isinstance(parsed, Error):
            raise UnexpectedStatus(response.status_code, response.content)
        return parsed


class AsyncOrganizations:
    """`client.organizations` on an AsyncAuthenticatedClient: each method returns the typed model or raises the typed
    error; `timeout=`, `extra_headers=` and `extra_query=` apply to that call, inside the client's
    pacing and retries."""

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    async def rotate_webhook_secret(
        self,
        org_id: str,
        *,
        timeout: Timeout = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> WebhookSecret:
        """Create or rotate the organisation's webhook signing secret"""
        request = rotate_webhook_secret._get_kwargs(
            org_id,
        )

        response = received(
            await self._client.get_async_httpx_client().request(
                **prepared(request, timeout, extra_headers, extra_query)
            )
        )
        parsed = rotate_webhook_secret._parse_response(client=self._client, response=response)
        if parsed is None or isinstance(parsed, Error):
            raise UnexpectedStatus(response.status_code, response.content)
        return parsed
