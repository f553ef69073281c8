"""The `images` endpoints: one module a function each, and the resource-style
Images (sync) and AsyncImages classes that
`client.images` answers, generated from the same spec."""

from __future__ import annotations

import builtins  # a method named `list` hides the builtin inside the classes' annotations
from collections.abc import Mapping
from typing import Any, cast
from uuid import UUID

from ...client import AuthenticatedClient
from ...enums import member_of
from ...errors import UnexpectedStatus
from ...models.aspect_ratio import AspectRatio, AspectRatioValue
from ...models.error import Error
from ...models.image_generation_request import ImageGenerationRequest
from ...models.image_generation_response import ImageGenerationResponse
from ...models.image_model import ImageModel, ImageModelValue
from ...models.image_size_preset import ImageSizePreset, ImageSizePresetValue
from ...models.output_format import OutputFormat, OutputFormatValue
from ...resources import AsyncPage, Page, Timeout, prepared, received
from ...types import UNSET, Unset
from . import create_image_generation

__all__ = ["AsyncImages", "Images"]


class Images:
    """`client.images`: each method returns the typed model or raises the typed
    error; `timeout=`, `extra_headers=` and `extra_query=` apply to that call, inside the client's
    pacing and retries."""

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    def generate(
        self,
        *,
        model: ImageModel | ImageModelValue,
        prompt: str,
        enhance_prompt: bool | Unset = False,
        go_fast: bool | Unset = True,
        guidance: float | Unset = 3.0,
        negative_prompt: str | Unset = "",
        num_inference_steps: int | Unset = 30,
        seed: int | None | Unset = UNSET,
        disable_safety_checker: bool | Unset = False,
        image: None | str | Unset = UNSET,
        strength: float | Unset = 0.0,
        lora_weights: None | str | Unset = UNSET,
        lora_scale: float | Unset = 1.0,
        extra_lora_weights: builtins.list[str] | Unset = UNSET,
        extra_lora_scale: builtins.list[float] | Unset = UNSET,
        aspect_ratio: AspectRatio | AspectRatioValue | Unset = UNSET,
        image_size: ImageSizePreset | int | Unset | ImageSizePresetValue = ImageSizePreset.OPTIMIZE_FOR_QUALITY,
        output_format: OutputFormat | OutputFormatValue | Unset = UNSET,
        output_quality: int | Unset = 80,
        timeout: Timeout = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> ImageGenerationResponse:
        """Generate an image synchronously (OpenAI-style)"""
        body = ImageGenerationRequest(
            model=model,
            prompt=prompt,
            enhance_prompt=enhance_prompt,
            go_fast=go_fast,
            guidance=guidance,
            negative_prompt=negative_prompt,
            num_inference_steps=num_inference_steps,
            seed=seed,
            disable_safety_checker=disable_safety_checker,
            image=image,
            strength=strength,
            lora_weights=lora_weights,
            lora_scale=lora_scale,
            extra_lora_weights=extra_lora_weights,
            extra_lora_scale=extra_lora_scale,
            aspect_ratio=aspect_ratio,
            image_size=image_size,
            output_format=output_format,
            output_quality=output_quality,
        )
        request = create_image_generation._get_kwargs(
            body=body,
        )

        response = received(
            self._client.get_httpx_client().request(**prepared(request, timeout, extra_headers, extra_query))
        )
        parsed = create_image_generation._parse_response(client=self._client, response=response)
        if parsed is None or isinstance(parsed, Error):
            raise UnexpectedStatus(response.status_code, response.content)
        return parsed


class AsyncImages:
    """`client.images` on an AsyncAuthenticatedClient: each method returns the typed model or raises the typed
    error; `timeout=`, `extra_headers=` and `extra_query=` apply to that call, inside the client's
    pacing and retries."""

    def __init__(self, client: AuthenticatedClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"

    async def generate(
        self,
        *,
        model: ImageModel | ImageModelValue,
        prompt: str,
        enhance_prompt: bool | Unset = False,
        go_fast: bool | Unset = True,
        guidance: float | Unset = 3.0,
        negative_prompt: str | Unset = "",
        num_inference_steps: int | Unset = 30,
        seed: int | None | Unset = UNSET,
        disable_safety_checker: bool | Unset = False,
        image: None | str | Unset = UNSET,
        strength: float | Unset = 0.0,
        lora_weights: None | str | Unset = UNSET,
        lora_scale: float | Unset = 1.0,
        extra_lora_weights: builtins.list[str] | Unset = UNSET,
        extra_lora_scale: builtins.list[float] | Unset = UNSET,
        aspect_ratio: AspectRatio | AspectRatioValue | Unset = UNSET,
        image_size: ImageSizePreset | int | Unset | ImageSizePresetValue = ImageSizePreset.OPTIMIZE_FOR_QUALITY,
        output_format: OutputFormat | OutputFormatValue | Unset = UNSET,
        output_quality: int | Unset = 80,
        timeout: Timeout = UNSET,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
    ) -> ImageGenerationResponse:
        """Generate an image synchronously (OpenAI-style)"""
        body = ImageGenerationRequest(
            model=model,
            prompt=prompt,
            enhance_prompt=enhance_prompt,
            go_fast=go_fast,
            guidance=guidance,
            negative_prompt=negative_prompt,
            num_inference_steps=num_inference_steps,
            seed=seed,
            disable_safety_checker=disable_safety_checker,
            image=image,
            strength=strength,
            lora_weights=lora_weights,
            lora_scale=lora_scale,
            extra_lora_weights=extra_lora_weights,
            extra_lora_scale=extra_lora_scale,
            aspect_ratio=aspect_ratio,
            image_size=image_size,
            output_format=output_format,
            output_quality=output_quality,
        )
        request = create_image_generation._get_kwargs(
            body=body,
        )

        response = received(
            await self._client.get_async_httpx_client().request(
                **prepared(request, timeout, extra_headers, extra_query)
            )
        )
        parsed = create_image_generation._parse_response(client=self._client, response=response)
        if parsed is None or isinstance(parsed, Error):
            raise UnexpectedStatus(response.status_code, response.content)
        return parsed
