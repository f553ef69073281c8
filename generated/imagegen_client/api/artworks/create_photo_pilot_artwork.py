from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.photo_pilot_artwork import PhotoPilotArtwork
from ...models.photo_pilot_request import PhotoPilotRequest
from ...types import Response


def _get_kwargs(
    *,
    body: PhotoPilotRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/artworks/photo-pilot",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PhotoPilotArtwork | None:
    if response.status_code == 202:
        response_202 = PhotoPilotArtwork.from_dict(response.json())

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
) -> Response[Error | PhotoPilotArtwork]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: PhotoPilotRequest,
) -> Response[Error | PhotoPilotArtwork]:
    """Create a Photo Pilot (image-to-image) artwork

     Starts an image-to-image task from one source image (`imageUrl`) or up to three
    (`imageUrls`). With `imageGuidance` 1 (low) the output size follows `aspectRatio` or
    `width`/`height`; with 2 or 3 it is the first source image's size.

    Args:
        body (PhotoPilotRequest): The body of `createPhotoPilotArtwork`. Give `imageUrl` or
            `imageUrls`, not both. Unknown fields are ignored.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PhotoPilotArtwork]
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
    body: PhotoPilotRequest,
) -> Error | PhotoPilotArtwork | None:
    """Create a Photo Pilot (image-to-image) artwork

     Starts an image-to-image task from one source image (`imageUrl`) or up to three
    (`imageUrls`). With `imageGuidance` 1 (low) the output size follows `aspectRatio` or
    `width`/`height`; with 2 or 3 it is the first source image's size.

    Args:
        body (PhotoPilotRequest): The body of `createPhotoPilotArtwork`. Give `imageUrl` or
            `imageUrls`, not both. Unknown fields are ignored.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PhotoPilotArtwork
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: PhotoPilotRequest,
) -> Response[Error | PhotoPilotArtwork]:
    """Create a Photo Pilot (image-to-image) artwork

     Starts an image-to-image task from one source image (`imageUrl`) or up to three
    (`imageUrls`). With `imageGuidance` 1 (low) the output size follows `aspectRatio` or
    `width`/`height`; with 2 or 3 it is the first source image's size.

    Args:
        body (PhotoPilotRequest): The body of `createPhotoPilotArtwork`. Give `imageUrl` or
            `imageUrls`, not both. Unknown fields are ignored.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PhotoPilotArtwork]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: PhotoPilotRequest,
) -> Error | PhotoPilotArtwork | None:
    """Create a Photo Pilot (image-to-image) artwork

     Starts an image-to-image task from one source image (`imageUrl`) or up to three
    (`imageUrls`). With `imageGuidance` 1 (low) the output size follows `aspectRatio` or
    `width`/`height`; with 2 or 3 it is the first source image's size.

    Args:
        body (PhotoPilotRequest): The body of `createPhotoPilotArtwork`. Give `imageUrl` or
            `imageUrls`, not both. Unknown fields are ignored.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PhotoPilotArtwork
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
