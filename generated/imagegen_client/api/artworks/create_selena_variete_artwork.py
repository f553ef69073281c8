from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.selena_variete_artwork import SelenaVarieteArtwork
from ...models.selena_variete_request import SelenaVarieteRequest
from ...types import Response


def _get_kwargs(
    *,
    body: SelenaVarieteRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v2/artworks/selena-variete",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | SelenaVarieteArtwork | None:
    if response.status_code == 202:
        response_202 = SelenaVarieteArtwork.from_dict(response.json())

        return response_202

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Error.from_dict(response.json())

        return response_415

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | SelenaVarieteArtwork]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: SelenaVarieteRequest,
) -> Response[Error | SelenaVarieteArtwork]:
    """Create a Selena Variete (image-to-image) artwork

     Starts an image-to-image task from a source image; `processingMode` picks how closely the
    result follows it. Produces `batch` images (1 or 2, default 2).

    Args:
        body (SelenaVarieteRequest): The body of `createSelenaVarieteArtwork`. Unknown fields are
            ignored.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SelenaVarieteArtwork]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: SelenaVarieteRequest,
) -> Error | SelenaVarieteArtwork | None:
    """Create a Selena Variete (image-to-image) artwork

     Starts an image-to-image task from a source image; `processingMode` picks how closely the
    result follows it. Produces `batch` images (1 or 2, default 2).

    Args:
        body (SelenaVarieteRequest): The body of `createSelenaVarieteArtwork`. Unknown fields are
            ignored.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SelenaVarieteArtwork
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: SelenaVarieteRequest,
) -> Response[Error | SelenaVarieteArtwork]:
    """Create a Selena Variete (image-to-image) artwork

     Starts an image-to-image task from a source image; `processingMode` picks how closely the
    result follows it. Produces `batch` images (1 or 2, default 2).

    Args:
        body (SelenaVarieteRequest): The body of `createSelenaVarieteArtwork`. Unknown fields are
            ignored.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | SelenaVarieteArtwork]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: SelenaVarieteRequest,
) -> Error | SelenaVarieteArtwork | None:
    """Create a Selena Variete (image-to-image) artwork

     Starts an image-to-image task from a source image; `processingMode` picks how closely the
    result follows it. Produces `batch` images (1 or 2, default 2).

    Args:
        body (SelenaVarieteRequest): The body of `createSelenaVarieteArtwork`. Unknown fields are
            ignored.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | SelenaVarieteArtwork
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
