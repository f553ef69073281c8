"""The `artworks` endpoints: one module a function each, and the resource-style
Artworks (sync) and AsyncArtworks classes that
`client.artworks` answers, generated from the same spec."""

from __future__ import annotations

import builtins  # a method named `list` hides the builtin inside the classes' annotations
from collections.abc import Mapping
from typing import Any, cast
from uuid import UUID

from ...client import AuthenticatedClient
from ...enums import member_of
from ...errors import UnexpectedStatus
from ...models.artwork_status import ArtworkStatus, ArtworkStatusValue
from ...models.artwork_type import ArtworkType, ArtworkTypeValue
from ...models.aspect_ratio import AspectRatio, AspectRatioValue
from ...models.color_tone import ColorTone, ColorToneValue
from ...models.error import Error
from ...models.image_guidance import ImageGuidance, ImageGuidanceValue
from ...models.photo_pilot_artwork import PhotoPilotArtwork
from ...models.photo_pilot_request import PhotoPilotRequest
from ...models.processing_mode import ProcessingMode, ProcessingModeValue
from ...models.prompt_mode import PromptMode, PromptModeValue
from ...models.quantum_artwork import QuantumArtwork
from ...models.quantum_request import QuantumRequest
from ...models.quantum_style import QuantumStyle, QuantumStyleValue
from ...models.selena_variete_artwork import SelenaVarieteArtwork
from ...models.selena_variete_aspect_ratio import SelenaVarieteAspectRatio, SelenaVarieteAspectRatioValue
from ...models.selena_variete_model import SelenaVarieteModel, SelenaVarieteModelValue
from ...models.selena_variete_request import SelenaVarieteRequest
from ...models.selena_variete_style import SelenaVarieteStyle, SelenaVarieteStyleValue
from ...models.unknown_artwork import UnknownArtwork
from ...resources import AsyncPage, Page, Timeout, prepared, received
from ...types import UNSET, Unset
from . import (
    create_photo_pilot_artwork,
    create_quantum_artwork,
    create_selena_variete_artwork,
    get_artwork_v1,
    get_artwork_v2,
    list_artworks,
)

__all__ = ["AsyncArtworks", "Artworks"]


class Artworks:
    """`client.artworks`: each method returns the typed model or raises the typed
    error; `timeout=`, `extra_headers=` and `extra_query=` apply to that call, inside the client's
    pacing and retries."""

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def create_quantum(
        self,
        *,
        prompt: str | Unset = UNSET,
        negative_prompt: str | Unset = UNSET,
        style: QuantumStyle | QuantumStyleValue | Unset = UNSET,
        prompt_mode: PromptMode | PromptModeValue | Unset = UNSET,
        aspect_ratio: AspectRatio | AspectRatioValue | Unset = UNSET,
        width: int | Unset = UNSET,
        height: int | Unset = UNSET,
        seed: int | Unset = UNSET,
        nsfw: bool | Unset = False,
        transparent_background: bool | Unset = False,
        webhook: str | Unset = UNSET,
        timeout: Timeout = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> QuantumArtwork:
        """Create a Quantum (text-to-image) artwork"""
        body = QuantumRequest(
            prompt=prompt,
            negative_prompt=negative_prompt,
            style=style,
            prompt_mode=prompt_mode,
            aspect_ratio=aspect_ratio,
            width=width,
            height=height,
            seed=seed,
            nsfw=nsfw,
            transparent_background=transparent_background,
            webhook=webhook,
        )
        request = create_quantum_artwork._get_kwargs(
            body=body,
        )

        response = received(
            self._client.get_httpx_client().request(**prepared(request, timeout, extra_headers, extra_query))
        )
        parsed = create_quantum_artwork._parse_response(client=self._client, response=response)
        if parsed is None or isinstance(parsed, Error):
            raise UnexpectedStatus(response.status_code, response.content)
        return parsed

    def create_photo_pilot(
        self,
        *,
        image_guidance: ImageGuidance | ImageGuidanceValue,
        modification: int,
        creativity: int,
        effort: int,
        prompt: str | Unset = "cat",
        negative_prompt: str | Unset = UNSET,
        aspect_ratio: AspectRatio | AspectRatioValue | Unset = UNSET,
        high_resolution: bool | Unset = False,
        width: int | Unset = UNSET,
        height: int | Unset = UNSET,
        image_url: str | Unset = UNSET,
        image_urls: builtins.list[str] | Unset = UNSET,
        webhook: str | Unset = UNSET,
        timeout: Timeout = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> PhotoPilotArtwork:
        """Create a Photo Pilot (image-to-image) artwork"""
        body = PhotoPilotRequest(
            image_guidance=image_guidance,
            modification=modification,
            creativity=creativity,
            effort=effort,
            prompt=prompt,
            negative_prompt=negative_prompt,
            aspect_ratio=aspect_ratio,
            high_resolution=high_resolution,
            width=width,
            height=height,
            image_url=image_url,
            image_urls=image_urls,
            webhook=webhook,
        )
        request = create_photo_pilot_artwork._get_kwargs(
            body=body,
        )

        response = received(
            self._client.get_httpx_client().request(**prepared(request, timeout, extra_headers, extra_query))
        )
        parsed = create_photo_pilot_artwork._parse_response(client=self._client, response=response)
        if parsed is None or isinstance(parsed, Error):
            raise UnexpectedStatus(response.status_code, response.content)
        return parsed

    def create_selena_variete(
        self,
        *,
        image_url: str,
        model: SelenaVarieteModel | SelenaVarieteModelValue | Unset = UNSET,
        batch: int | Unset = 2,
        prompt: str | Unset = "cat",
        negative_prompt: str | Unset = UNSET,
        style: SelenaVarieteStyle | SelenaVarieteStyleValue | Unset = UNSET,
        processing_mode: ProcessingMode | ProcessingModeValue | Unset = UNSET,
        prompt_mode: PromptMode | PromptModeValue | Unset = UNSET,
        creativity: int | Unset = 3,
        details: int | Unset = 3,
        denoising: int | Unset = 3,
        aspect_ratio: SelenaVarieteAspectRatio | SelenaVarieteAspectRatioValue | Unset = UNSET,
        width: int | Unset = UNSET,
        height: int | Unset = UNSET,
        nsfw: bool | Unset = False,
        transparent_background: bool | Unset = UNSET,
        color_tone: ColorTone | ColorToneValue | Unset = UNSET,
        webhook: str | Unset = UNSET,
        timeout: Timeout = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> SelenaVarieteArtwork:
        """Create a Selena Variete (image-to-image) artwork"""
        body = SelenaVarieteRequest(
            image_url=image_url,
            model=model,
            batch=batch,
            prompt=prompt,
            negative_prompt=negative_prompt,
            style=style,
            processing_mode=processing_mode,
            prompt_mode=prompt_mode,
            creativity=creativity,
            details=details,
            denoising=denoising,
            aspect_ratio=aspect_ratio,
            width=width,
            height=height,
            nsfw=nsfw,
            transparent_background=transparent_background,
            color_tone=color_tone,
            webhook=webhook,
        )
        request = create_selena_variete_artwork._get_kwargs(
            body=body,
        )

        response = received(
            self._client.get_httpx_client().request(**prepared(request, timeout, extra_headers, extra_query))
        )
        parsed = create_selena_variete_artwork._parse_response(client=self._client, response=response)
        if parsed is None or isinstance(parsed, Error):
            raise UnexpectedStatus(response.status_code, response.content)
        return parsed

    def get(
        self,
        id: UUID | str,
        *,
        timeout: Timeout = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork:
        """Poll one artwork task"""
        request = get_artwork_v2._get_kwargs(
            id if isinstance(id, UUID) else UUID(id),
        )

        response = received(
            self._client.get_httpx_client().request(**prepared(request, timeout, extra_headers, extra_query))
        )
        parsed = get_artwork_v2._parse_response(client=self._client, response=response)
        if parsed is None or isinstance(parsed, Error):
            raise UnexpectedStatus(response.status_code, response.content)
        return parsed

    def get_v1(
        self,
        id: UUID | str,
        *,
        timeout: Timeout = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork:
        """Poll one artwork task (v1 path)"""
        request = get_artwork_v1._get_kwargs(
            id if isinstance(id, UUID) else UUID(id),
        )

        response = received(
            self._client.get_httpx_client().request(**prepared(request, timeout, extra_headers, extra_query))
        )
        parsed = get_artwork_v1._parse_response(client=self._client, response=response)
        if parsed is None or isinstance(parsed, Error):
            raise UnexpectedStatus(response.status_code, response.content)
        return parsed

    def list(
        self,
        *,
        limit: int | Unset = 10,
        offset: int | Unset = 0,
        artwork_type: ArtworkType | ArtworkTypeValue | Unset = UNSET,
        status: ArtworkStatus | ArtworkStatusValue | Unset = UNSET,
        timeout: Timeout = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> Page[PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork]:
        """List the caller's artworks, newest first (a page: iterate it, or next_page() / iter_all())"""
        request = list_artworks._get_kwargs(
            limit=limit,
            offset=offset,
            artwork_type=UNSET
            if isinstance(artwork_type, Unset)
            else member_of(ArtworkType, artwork_type, "artwork_type"),
            status=UNSET if isinstance(status, Unset) else member_of(ArtworkStatus, status, "status"),
        )

        response = received(
            self._client.get_httpx_client().request(**prepared(request, timeout, extra_headers, extra_query))
        )
        parsed = list_artworks._parse_response(client=self._client, response=response)
        if parsed is None or isinstance(parsed, Error):
            raise UnexpectedStatus(response.status_code, response.content)

        def fetch(offset: int) -> Page[PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork]:
            return self.list(
                limit=limit,
                offset=offset,
                artwork_type=artwork_type,
                status=status,
                timeout=timeout,
                extra_headers=extra_headers,
                extra_query=extra_query,
            )

        return Page(parsed, offset=0 if isinstance(offset, Unset) else offset, limit=limit, fetch=fetch)


class AsyncArtworks:
    """`client.artworks` on an AsyncAuthenticatedClient: each method returns the typed model or raises the typed
    error; `timeout=`, `extra_headers=` and `extra_query=` apply to that call, inside the client's
    pacing and retries."""

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    async def create_quantum(
        self,
        *,
        prompt: str | Unset = UNSET,
        negative_prompt: str | Unset = UNSET,
        style: QuantumStyle | QuantumStyleValue | Unset = UNSET,
        prompt_mode: PromptMode | PromptModeValue | Unset = UNSET,
        aspect_ratio: AspectRatio | AspectRatioValue | Unset = UNSET,
        width: int | Unset = UNSET,
        height: int | Unset = UNSET,
        seed: int | Unset = UNSET,
        nsfw: bool | Unset = False,
        transparent_background: bool | Unset = False,
        webhook: str | Unset = UNSET,
        timeout: Timeout = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> QuantumArtwork:
        """Create a Quantum (text-to-image) artwork"""
        body = QuantumRequest(
            prompt=prompt,
            negative_prompt=negative_prompt,
            style=style,
            prompt_mode=prompt_mode,
            aspect_ratio=aspect_ratio,
            width=width,
            height=height,
            seed=seed,
            nsfw=nsfw,
            transparent_background=transparent_background,
            webhook=webhook,
        )
        request = create_quantum_artwork._get_kwargs(
            body=body,
        )

        response = received(
            await self._client.get_async_httpx_client().request(
                **prepared(request, timeout, extra_headers, extra_query)
            )
        )
        parsed = create_quantum_artwork._parse_response(client=self._client, response=response)
        if parsed is None or isinstance(parsed, Error):
            raise UnexpectedStatus(response.status_code, response.content)
        return parsed

    async def create_photo_pilot(
        self,
        *,
        image_guidance: ImageGuidance | ImageGuidanceValue,
        modification: int,
        creativity: int,
        effort: int,
        prompt: str | Unset = "cat",
        negative_prompt: str | Unset = UNSET,
        aspect_ratio: AspectRatio | AspectRatioValue | Unset = UNSET,
        high_resolution: bool | Unset = False,
        width: int | Unset = UNSET,
        height: int | Unset = UNSET,
        image_url: str | Unset = UNSET,
        image_urls: builtins.list[str] | Unset = UNSET,
        webhook: str | Unset = UNSET,
        timeout: Timeout = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> PhotoPilotArtwork:
        """Create a Photo Pilot (image-to-image) artwork"""
        body = PhotoPilotRequest(
            image_guidance=image_guidance,
            modification=modification,
            creativity=creativity,
            effort=effort,
            prompt=prompt,
            negative_prompt=negative_prompt,
            aspect_ratio=aspect_ratio,
            high_resolution=high_resolution,
            width=width,
            height=height,
            image_url=image_url,
            image_urls=image_urls,
            webhook=webhook,
        )
        request = create_photo_pilot_artwork._get_kwargs(
            body=body,
        )

        response = received(
            await self._client.get_async_httpx_client().request(
                **prepared(request, timeout, extra_headers, extra_query)
            )
        )
        parsed = create_photo_pilot_artwork._parse_response(client=self._client, response=response)
        if parsed is None or isinstance(parsed, Error):
            raise UnexpectedStatus(response.status_code, response.content)
        return parsed

    async def create_selena_variete(
        self,
        *,
        image_url: str,
        model: SelenaVarieteModel | SelenaVarieteModelValue | Unset = UNSET,
        batch: int | Unset = 2,
        prompt: str | Unset = "cat",
        negative_prompt: str | Unset = UNSET,
        style: SelenaVarieteStyle | SelenaVarieteStyleValue | Unset = UNSET,
        processing_mode: ProcessingMode | ProcessingModeValue | Unset = UNSET,
        prompt_mode: PromptMode | PromptModeValue | Unset = UNSET,
        creativity: int | Unset = 3,
        details: int | Unset = 3,
        denoising: int | Unset = 3,
        aspect_ratio: SelenaVarieteAspectRatio | SelenaVarieteAspectRatioValue | Unset = UNSET,
        width: int | Unset = UNSET,
        height: int | Unset = UNSET,
        nsfw: bool | Unset = False,
        transparent_background: bool | Unset = UNSET,
        color_tone: ColorTone | ColorToneValue | Unset = UNSET,
        webhook: str | Unset = UNSET,
        timeout: Timeout = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> SelenaVarieteArtwork:
        """Create a Selena Variete (image-to-image) artwork"""
        body = SelenaVarieteRequest(
            image_url=image_url,
            model=model,
            batch=batch,
            prompt=prompt,
            negative_prompt=negative_prompt,
            style=style,
            processing_mode=processing_mode,
            prompt_mode=prompt_mode,
            creativity=creativity,
            details=details,
            denoising=denoising,
            aspect_ratio=aspect_ratio,
            width=width,
            height=height,
            nsfw=nsfw,
            transparent_background=transparent_background,
            color_tone=color_tone,
            webhook=webhook,
        )
        request = create_selena_variete_artwork._get_kwargs(
            body=body,
        )

        response = received(
            await self._client.get_async_httpx_client().request(
                **prepared(request, timeout, extra_headers, extra_query)
            )
        )
        parsed = create_selena_variete_artwork._parse_response(client=self._client, response=response)
        if parsed is None or isinstance(parsed, Error):
            raise UnexpectedStatus(response.status_code, response.content)
        return parsed

    async def get(
        self,
        id: UUID | str,
        *,
        timeout: Timeout = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork:
        """Poll one artwork task"""
        request = get_artwork_v2._get_kwargs(
            id if isinstance(id, UUID) else UUID(id),
        )

        response = received(
            await self._client.get_async_httpx_client().request(
                **prepared(request, timeout, extra_headers, extra_query)
            )
        )
        parsed = get_artwork_v2._parse_response(client=self._client, response=response)
        if parsed is None or isinstance(parsed, Error):
            raise UnexpectedStatus(response.status_code, response.content)
        return parsed

    async def get_v1(
        self,
        id: UUID | str,
        *,
        timeout: Timeout = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork:
        """Poll one artwork task (v1 path)"""
        request = get_artwork_v1._get_kwargs(
            id if isinstance(id, UUID) else UUID(id),
        )

        response = received(
            await self._client.get_async_httpx_client().request(
                **prepared(request, timeout, extra_headers, extra_query)
            )
        )
        parsed = get_artwork_v1._parse_response(client=self._client, response=response)
        if parsed is None or isinstance(parsed, Error):
            raise UnexpectedStatus(response.status_code, response.content)
        return parsed

    async def list(
        self,
        *,
        limit: int | Unset = 10,
        offset: int | Unset = 0,
        artwork_type: ArtworkType | ArtworkTypeValue | Unset = UNSET,
        status: ArtworkStatus | ArtworkStatusValue | Unset = UNSET,
        timeout: Timeout = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> AsyncPage[PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork]:
        """List the caller's artworks, newest first (a page: iterate it, or next_page() / iter_all())"""
        request = list_artworks._get_kwargs(
            limit=limit,
            offset=offset,
            artwork_type=UNSET
            if isinstance(artwork_type, Unset)
            else member_of(ArtworkType, artwork_type, "artwork_type"),
            status=UNSET if isinstance(status, Unset) else member_of(ArtworkStatus, status, "status"),
        )

        response = received(
            await self._client.get_async_httpx_client().request(
                **prepared(request, timeout, extra_headers, extra_query)
            )
        )
        parsed = list_artworks._parse_response(client=self._client, response=response)
        if parsed is None or isinstance(parsed, Error):
            raise UnexpectedStatus(response.status_code, response.content)

        async def fetch(
            offset: int,
        ) -> AsyncPage[PhotoPilotArtwork | QuantumArtwork | SelenaVarieteArtwork | UnknownArtwork]:
            return await self.list(
                limit=limit,
                offset=offset,
                artwork_type=artwork_type,
                status=status,
                timeout=timeout,
                extra_headers=extra_headers,
                extra_query=extra_query,
            )

        return AsyncPage(parsed, offset=0 if isinstance(offset, Unset) else offset, limit=limit, fetch=fetch)
