from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.artwork_status import ArtworkStatus
from ...models.artwork_type import ArtworkType
from ...models.error import Error
from ...models.photo_pilot_artwork import PhotoPilotArtwork
from ...models.quantum_artwork import QuantumArtwork
from ...models.selena_variete_artwork import SelenaVarieteArtwork
from ...models.unknown_artwork import UnknownArtwork
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = 10,
    offset: int | Unset = 0,
    artwork_type: ArtworkType | Unset = UNSET,
    status: ArtworkStatus | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["offset"] = offset

    json_artwork_type: str | Unset = UNSET
    if not isinstance(artwork_type, Unset):
        json_artwork_type = artwork_type.value

    params["artworkType"] = json_artwork_type

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v2/artworks",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | list[PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:

            def _parse_response_200_item(
                data: object,
            ) -> PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork:
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_artwork_type_0 = QuantumArtwork.from_dict(data)

                    return componentsschemas_artwork_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_artwork_type_1 = PhotoPilotArtwork.from_dict(data)

                    return componentsschemas_artwork_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_artwork_type_2 = SelenaVarieteArtwork.from_dict(data)

                    return componentsschemas_artwork_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_artwork_type_3 = UnknownArtwork.from_dict(data)

                return componentsschemas_artwork_type_3

            response_200_item = _parse_response_200_item(response_200_item_data)

            response_200.append(response_200_item)

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

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
) -> Response[Error | list[PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 10,
    offset: int | Unset = 0,
    artwork_type: ArtworkType | Unset = UNSET,
    status: ArtworkStatus | Unset = UNSET,
) -> Response[Error | list[PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork]]:
    """List the caller's artworks, newest first

     A page of the tasks this key created, newest first, optionally filtered.

    Args:
        limit (int | Unset):  Default: 10.
        offset (int | Unset):  Default: 0.
        artwork_type (ArtworkType | Unset): Which endpoint made the artwork.
        status (ArtworkStatus | Unset): Where the task is in its lifecycle; succeeded, failed and
            canceled are terminal.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork]]
    """

    kwargs = _get_kwargs(
        limit=limit,
        offset=offset,
        artwork_type=artwork_type,
        status=status,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 10,
    offset: int | Unset = 0,
    artwork_type: ArtworkType | Unset = UNSET,
    status: ArtworkStatus | Unset = UNSET,
) -> Error | list[PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork] | None:
    """List the caller's artworks, newest first

     A page of the tasks this key created, newest first, optionally filtered.

    Args:
        limit (int | Unset):  Default: 10.
        offset (int | Unset):  Default: 0.
        artwork_type (ArtworkType | Unset): Which endpoint made the artwork.
        status (ArtworkStatus | Unset): Where the task is in its lifecycle; succeeded, failed and
            canceled are terminal.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | list[PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork]
    """

    return sync_detailed(
        client=client,
        limit=limit,
        offset=offset,
        artwork_type=artwork_type,
        status=status,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 10,
    offset: int | Unset = 0,
    artwork_type: ArtworkType | Unset = UNSET,
    status: ArtworkStatus | Unset = UNSET,
) -> Response[Error | list[PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork]]:
    """List the caller's artworks, newest first

     A page of the tasks this key created, newest first, optionally filtered.

    Args:
        limit (int | Unset):  Default: 10.
        offset (int | Unset):  Default: 0.
        artwork_type (ArtworkType | Unset): Which endpoint made the artwork.
        status (ArtworkStatus | Unset): Where the task is in its lifecycle; succeeded, failed and
            canceled are terminal.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork]]
    """

    kwargs = _get_kwargs(
        limit=limit,
        offset=offset,
        artwork_type=artwork_type,
        status=status,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 10,
    offset: int | Unset = 0,
    artwork_type: ArtworkType | Unset = UNSET,
    status: ArtworkStatus | Unset = UNSET,
) -> Error | list[PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork] | None:
    """List the caller's artworks, newest first

     A page of the tasks this key created, newest first, optionally filtered.

    Args:
        limit (int | Unset):  Default: 10.
        offset (int | Unset):  Default: 0.
        artwork_type (ArtworkType | Unset): Which endpoint made the artwork.
        status (ArtworkStatus | Unset): Where the task is in its lifecycle; succeeded, failed and
            canceled are terminal.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | list[PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork]
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            offset=offset,
            artwork_type=artwork_type,
            status=status,
        )
    ).parsed
