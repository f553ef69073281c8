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

T = TypeVar("T", bound="SelenaVarieteRequest")


def _to_model(value: SelenaVarieteModel | SelenaVarieteModelValue | Unset) -> SelenaVarieteModel | Unset:
    if isinstance(value, Unset):
        return value
    return member_of(SelenaVarieteModel, value, "model")


def _to_style(value: SelenaVarieteStyle | SelenaVarieteStyleValue | Unset) -> SelenaVarieteStyle | Unset:
    if isinstance(value, Unset):
        return value
    return member_of(SelenaVarieteStyle, value, "style")


def _to_processing_mode(value: ProcessingMode | ProcessingModeValue | Unset) -> ProcessingMode | Unset:
    if isinstance(value, Unset):
        return value
    return member_of(ProcessingMode, value, "processing_mode")


def _to_prompt_mode(value: PromptMode | PromptModeValue | Unset) -> PromptMode | Unset:
    if isinstance(value, Unset):
        return value
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
class SelenaVarieteRequest:
    """The body of `createSelenaVarieteArtwork`. Unknown fields are ignored.

    Attributes:
        image_url (str): The source image.
        model (SelenaVarieteModel | Unset): The checkpoint Selena Variete runs.
        batch (int | Unset): How many images the task makes. Default: 2.
        prompt (str | Unset): Limited to 256 words; more is truncated. Default: 'cat'.
        negative_prompt (str | Unset): Limited to 64 words; more is truncated.
        style (SelenaVarieteStyle | Unset): The style to apply to a Selena Variete artwork (the Quantum list without
            tengrai-anime and folktale).
        processing_mode (ProcessingMode | Unset): How Selena Variete uses the source image.
        prompt_mode (PromptMode | Unset): `seer` lets the server improve the prompt; `servitor` uses it as it is.
        creativity (int | Unset):  Default: 3.
        details (int | Unset):  Default: 3.
        denoising (int | Unset): Echoed in every mode; ignored by sketch-to-image, ai-rchitect, human-pose and 3d.
            Default: 3.
        aspect_ratio (SelenaVarieteAspectRatio | Unset): An output aspect ratio for Selena Variete, width:height.
        width (int | Unset): Output width; needs `height`, excludes `aspectRatio`, and width x height is at most
            1,478,656.
        height (int | Unset): Output height; needs `width`, excludes `aspectRatio`, and width x height is at most
            1,478,656.
        nsfw (bool | Unset):  Default: False.
        transparent_background (bool | Unset):
        color_tone (ColorTone | Unset): An overall colour palette, prepended to the prompt.
        webhook (str | Unset): An absolute https URL to a public host; the terminal Artwork is POSTed to it.
    """

    image_url: str
    model: SelenaVarieteModel | Unset = _attrs_field(default=UNSET, converter=_to_model)
    batch: int | Unset = 2
    prompt: str | Unset = "cat"
    negative_prompt: str | Unset = UNSET
    style: SelenaVarieteStyle | Unset = _attrs_field(default=UNSET, converter=_to_style)
    processing_mode: ProcessingMode | Unset = _attrs_field(default=UNSET, converter=_to_processing_mode)
    prompt_mode: PromptMode | Unset = _attrs_field(default=UNSET, converter=_to_prompt_mode)
    creativity: int | Unset = 3
    details: int | Unset = 3
    denoising: int | Unset = 3
    aspect_ratio: SelenaVarieteAspectRatio | Unset = _attrs_field(default=UNSET, converter=_to_aspect_ratio)
    width: int | Unset = UNSET
    height: int | Unset = UNSET
    nsfw: bool | Unset = False
    transparent_background: bool | Unset = UNSET
    color_tone: ColorTone | Unset = _attrs_field(default=UNSET, converter=_to_color_tone)
    webhook: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        image_url = self.image_url

        model: str | Unset = UNSET
        if not isinstance(self.model, Unset):
            model = self.model.value

        batch = self.batch

        prompt = self.prompt

        negative_prompt = self.negative_prompt

        style: str | Unset = UNSET
        if not isinstance(self.style, Unset):
            style = self.style.value

        processing_mode: str | Unset = UNSET
        if not isinstance(self.processing_mode, Unset):
            processing_mode = self.processing_mode.value

        prompt_mode: str | Unset = UNSET
        if not isinstance(self.prompt_mode, Unset):
            prompt_mode = self.prompt_mode.value

        creativity = self.creativity

        details = self.details

        denoising = self.denoising

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio.value

        width = self.width

        height = self.height

        nsfw = self.nsfw

        transparent_background = self.transparent_background

        color_tone: str | Unset = UNSET
        if not isinstance(self.color_tone, Unset):
            color_tone = self.color_tone.value

        webhook = self.webhook

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "imageUrl": image_url,
            }
        )
        if model is not UNSET:
            field_dict["model"] = model
        if batch is not UNSET:
            field_dict["batch"] = batch
        if prompt is not UNSET:
            field_dict["prompt"] = prompt
        if negative_prompt is not UNSET:
            field_dict["negativePrompt"] = negative_prompt
        if style is not UNSET:
            field_dict["style"] = style
        if processing_mode is not UNSET:
            field_dict["processingMode"] = processing_mode
        if prompt_mode is not UNSET:
            field_dict["promptMode"] = prompt_mode
        if creativity is not UNSET:
            field_dict["creativity"] = creativity
        if details is not UNSET:
            field_dict["details"] = details
        if denoising is not UNSET:
            field_dict["denoising"] = denoising
        if aspect_ratio is not UNSET:
            field_dict["aspectRatio"] = aspect_ratio
        if width is not UNSET:
            field_dict["width"] = width
        if height is not UNSET:
            field_dict["height"] = height
        if nsfw is not UNSET:
            field_dict["nsfw"] = nsfw
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

        _model = d.pop("model", UNSET)
        model: SelenaVarieteModel | Unset
        if isinstance(_model, Unset):
            model = UNSET
        else:
            model = SelenaVarieteModel(_model)

        batch = d.pop("batch", UNSET)

        prompt = d.pop("prompt", UNSET)

        negative_prompt = d.pop("negativePrompt", UNSET)

        _style = d.pop("style", UNSET)
        style: SelenaVarieteStyle | Unset
        if isinstance(_style, Unset):
            style = UNSET
        else:
            style = SelenaVarieteStyle(_style)

        _processing_mode = d.pop("processingMode", UNSET)
        processing_mode: ProcessingMode | Unset
        if isinstance(_processing_mode, Unset):
            processing_mode = UNSET
        else:
            processing_mode = ProcessingMode(_processing_mode)

        _prompt_mode = d.pop("promptMode", UNSET)
        prompt_mode: PromptMode | Unset
        if isinstance(_prompt_mode, Unset):
            prompt_mode = UNSET
        else:
            prompt_mode = PromptMode(_prompt_mode)

        creativity = d.pop("creativity", UNSET)

        details = d.pop("details", UNSET)

        denoising = d.pop("denoising", UNSET)

        _aspect_ratio = d.pop("aspectRatio", UNSET)
        aspect_ratio: SelenaVarieteAspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = SelenaVarieteAspectRatio(_aspect_ratio)

        width = d.pop("width", UNSET)

        height = d.pop("height", UNSET)

        nsfw = d.pop("nsfw", UNSET)

        transparent_background = d.pop("transparentBackground", UNSET)

        _color_tone = d.pop("colorTone", UNSET)
        color_tone: ColorTone | Unset
        if isinstance(_color_tone, Unset):
            color_tone = UNSET
        else:
            color_tone = ColorTone(_color_tone)

        webhook = d.pop("webhook", UNSET)

        selena_variete_request = cls(
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

        selena_variete_request.additional_properties = d
        return selena_variete_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
