from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.photo_pilot_artwork import PhotoPilotArtwork
from ...models.quantum_artwork import QuantumArtwork
from ...models.selena_variete_artwork import SelenaVarieteArtwork
from ...models.unknown_artwork import UnknownArtwork
from ...types import Response


def _get_kwargs(
    id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/artworks/{id}".format(
            id=quote(str(id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork | None:
    if response.status_code == 200:

        def _parse_response_200(
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

        response_200 = _parse_response_200(response.json())

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

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

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
) -> Response[Error | PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[Error | PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork]:
    """Poll one artwork task (v1 path)

     The same as `getArtworkV2`, on the v1 path.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: UUID,
    *,
    client: AuthenticatedClient,
) -> Error | PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork | None:
    """Poll one artwork task (v1 path)

     The same as `getArtworkV2`, on the v1 path.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork
    """

    return sync_detailed(
        id=id,
        client=client,
    ).parsed


async def asyncio_detailed(
    id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[Error | PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork]:
    """Poll one artwork task (v1 path)

     The same as `getArtworkV2`, on the v1 path.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: UUID,
    *,
    client: AuthenticatedClient,
) -> Error | PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork | None:
    """Poll one artwork task (v1 path)

     The same as `getArtworkV2`, on the v1 path.

    Args:
        id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
        )
    ).parsed
