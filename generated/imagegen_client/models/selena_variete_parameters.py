from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..enums import member_of
from ..models.color_tone import ColorTone, ColorToneValue
from ..models.processing_mode import ProcessingMode, ProcessingModeValue
from ..models.prompt_mode import PromptMode, PromptModeValue
from ..models.selena_variete_aspect_ratio import SelenaVarieteAspectRatio, SelenaVarieteAspectRatioValue
from ..models.selena_variete_model import SelenaVarieteModel, SelenaVarieteModelValue
from ..models.selena_variete_style import SelenaVarieteStyle, SelenaVarieteStyleValue
from ..types import UNSET, Unset

T = TypeVar("T", bound="SelenaVarieteParameters")


def _to_model(value: SelenaVarieteModel | SelenaVarieteModelValue) -> SelenaVarieteModel:
    return member_of(SelenaVarieteModel, value, "model")


def _to_style(value: SelenaVarieteStyle | SelenaVarieteStyleValue) -> SelenaVarieteStyle:
    return member_of(SelenaVarieteStyle, value, "style")


def _to_processing_mode(value: ProcessingMode | ProcessingModeValue) -> ProcessingMode:
    return member_of(ProcessingMode, value, "processing_mode")


def _to_prompt_mode(value: PromptMode | PromptModeValue) -> PromptMode:
    return member_of(PromptMode, value, "prompt_mode")


def _to_aspect_ratio(
    value: SelenaVarieteAspectRatio | SelenaVarieteAspectRatioValue | Unset,
) -> SelenaVarieteAspectRatio | Unset:
    if isinstance(value, Unset):
        return value
    return member_of(SelenaVarieteAspectRatio, value, "aspect_ratio")


def _to_color_tone(value: ColorTone | ColorToneValue | Unset) -> ColorTone | Unset:
    if isinstance(value, Unset):
        return value
    return member_of(ColorTone, value, "color_tone")


@_attrs_define
class SelenaVarieteParameters:
    """The resolved Selena Variete request, after defaults and truncation, with the output size.

    Attributes:
        image_url (str):
        model (SelenaVarieteModel): The checkpoint Selena Variete runs.
        batch (int):
        prompt (str):
        style (SelenaVarieteStyle): The style to apply to a Selena Variete artwork (the Quantum list without tengrai-
            anime and folktale).
        processing_mode (ProcessingMode): How Selena Variete uses the source image.
        prompt_mode (PromptMode): `seer` lets the server improve the prompt; `servitor` uses it as it is.
        creativity (int):
        details (int):
        denoising (int):
        width (int):
        height (int):
        nsfw (bool):
        negative_prompt (str | Unset):
        aspect_ratio (SelenaVarieteAspectRatio | Unset): An output aspect ratio for Selena Variete, width:height.
        transparent_background (bool | Unset):
        color_tone (ColorTone | Unset): An overall colour palette, prepended to the prompt.
        webhook (str | Unset):
    """

    image_url: str
    model: SelenaVarieteModel = _attrs_field(converter=_to_model)
    batch: int
    prompt: str
    style: SelenaVarieteStyle = _attrs_field(converter=_to_style)
    processing_mode: ProcessingMode = _attrs_field(converter=_to_processing_mode)
    prompt_mode: PromptMode = _attrs_field(converter=_to_prompt_mode)
    creativity: int
    details: int
    denoising: int
    width: int
    height: int
    nsfw: bool
    negative_prompt: str | Unset = UNSET
    aspect_ratio: SelenaVarieteAspectRatio | Unset = _attrs_field(default=UNSET, converter=_to_aspect_ratio)
    transparent_background: bool | Unset = UNSET
    color_tone: ColorTone | Unset = _attrs_field(default=UNSET, converter=_to_color_tone)
    webhook: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        image_url = self.image_url

        model = self.model.value

        batch = self.batch

        prompt = self.prompt

        style = self.style.value

        processing_mode = self.processing_mode.value

        prompt_mode = self.prompt_mode.value

        creativity = self.creativity

        details = self.details

        denoising = self.denoising

        width = self.width

        height = self.height

        nsfw = self.nsfw

        negative_prompt = self.negative_prompt

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio.value

        transparent_background = self.transparent_background

        color_tone: str | Unset = UNSET
        if not isinstance(self.color_tone, Unset):
            color_tone = self.color_tone.value

        webhook = self.webhook

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "imageUrl": image_url,
                "model": model,
                "batch": batch,
                "prompt": prompt,
                "style": style,
                "processingMode": processing_mode,
                "promptMode": prompt_mode,
                "creativity": creativity,
                "details": details,
                "denoising": denoising,
                "width": width,
                "height": height,
                "nsfw": nsfw,
            }
        )
        if negative_prompt is not UNSET:
            field_dict["negativePrompt"] = negative_prompt
        if aspect_ratio is not UNSET:
            field_dict["aspectRatio"] = aspect_ratio
        if transparent_background is not UNSET:
            field_dict["transparentBackground"] = transparent_background
        if color_tone is not UNSET:
            field_dict["colorTone"] = color_tone
        if webhook is not UNSET:
            field_dict["webhook"] = webhook

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        image_url = d.pop("imageUrl")

        model = SelenaVarieteModel(d.pop("model"))

        batch = d.pop("batch")

        prompt = d.pop("prompt")

        style = SelenaVarieteStyle(d.pop("style"))

        processing_mode = ProcessingMode(d.pop("processingMode"))

        prompt_mode = PromptMode(d.pop("promptMode"))

        creativity = d.pop("creativity")

        details = d.pop("details")

        denoising = d.pop("denoising")

        width = d.pop("width")

        height = d.pop("height")

        nsfw = d.pop("nsfw")

        negative_prompt = d.pop("negativePrompt", UNSET)

        _aspect_ratio = d.pop("aspectRatio", UNSET)
        aspect_ratio: SelenaVarieteAspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = SelenaVarieteAspectRatio(_aspect_ratio)

        transparent_background = d.pop("transparentBackground", UNSET)

        _color_tone = d.pop("colorTone", UNSET)
        color_tone: ColorTone | Unset
        if isinstance(_color_tone, Unset):
            color_tone = UNSET
        else:
            color_tone = ColorTone(_color_tone)

        webhook = d.pop("webhook", UNSET)

        selena_variete_parameters = cls(
            image_url=image_url,
            model=model,
            batch=batch,
            prompt=prompt,
            style=style,
            processing_mode=processing_mode,
            prompt_mode=prompt_mode,
            creativity=creativity,
            details=details,
            denoising=denoising,
            width=width,
            height=height,
            nsfw=nsfw,
            negative_prompt=negative_prompt,
            aspect_ratio=aspect_ratio,
            transparent_background=transparent_background,
            color_tone=color_tone,
            webhook=webhook,
        )

        return selena_variete_parameters
