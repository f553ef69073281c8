from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..enums import member_of
from ..models.aspect_ratio import AspectRatio, AspectRatioValue
from ..models.prompt_mode import PromptMode, PromptModeValue
from ..models.quantum_style import QuantumStyle, QuantumStyleValue
from ..types import UNSET, Unset

T = TypeVar("T", bound="QuantumParameters")


def _to_style(value: QuantumStyle | QuantumStyleValue) -> QuantumStyle:
    return member_of(QuantumStyle, value, "style")


def _to_prompt_mode(value: PromptMode | PromptModeValue) -> PromptMode:
    return member_of(PromptMode, value, "prompt_mode")


def _to_aspect_ratio(value: AspectRatio | AspectRatioValue | Unset) -> AspectRatio | Unset:
    if isinstance(value, Unset):
        return value
    return member_of(AspectRatio, value, "aspect_ratio")


@_attrs_define
class QuantumParameters:
    """The resolved Quantum request, after defaults and truncation, with the output size.

    Attributes:
        prompt (str):
        style (QuantumStyle): The style to apply to a Quantum artwork.
        prompt_mode (PromptMode): `seer` lets the server improve the prompt; `servitor` uses it as it is.
        width (int):
        height (int):
        nsfw (bool):
        transparent_background (bool):
        negative_prompt (str | Unset):
        aspect_ratio (AspectRatio | Unset): An output aspect ratio, width:height.
        seed (int | Unset):
        webhook (str | Unset):
    """

    prompt: str
    style: QuantumStyle = _attrs_field(converter=_to_style)
    prompt_mode: PromptMode = _attrs_field(converter=_to_prompt_mode)
    width: int
    height: int
    nsfw: bool
    transparent_background: bool
    negative_prompt: str | Unset = UNSET
    aspect_ratio: AspectRatio | Unset = _attrs_field(default=UNSET, converter=_to_aspect_ratio)
    seed: int | Unset = UNSET
    webhook: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        style = self.style.value

        prompt_mode = self.prompt_mode.value

        width = self.width

        height = self.height

        nsfw = self.nsfw

        transparent_background = self.transparent_background

        negative_prompt = self.negative_prompt

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio.value

        seed = self.seed

        webhook = self.webhook

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "prompt": prompt,
                "style": style,
                "promptMode": prompt_mode,
                "width": width,
                "height": height,
                "nsfw": nsfw,
                "transparentBackground": transparent_background,
            }
        )
        if negative_prompt is not UNSET:
            field_dict["negativePrompt"] = negative_prompt
        if aspect_ratio is not UNSET:
            field_dict["aspectRatio"] = aspect_ratio
        if seed is not UNSET:
            field_dict["seed"] = seed
        if webhook is not UNSET:
            field_dict["webhook"] = webhook

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        prompt = d.pop("prompt")

        style = QuantumStyle(d.pop("style"))

        prompt_mode = PromptMode(d.pop("promptMode"))

        width = d.pop("width")

        height = d.pop("height")

        nsfw = d.pop("nsfw")

        transparent_background = d.pop("transparentBackground")

        negative_prompt = d.pop("negativePrompt", UNSET)

        _aspect_ratio = d.pop("aspectRatio", UNSET)
        aspect_ratio: AspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = AspectRatio(_aspect_ratio)

        seed = d.pop("seed", UNSET)

        webhook = d.pop("webhook", UNSET)

        quantum_parameters = cls(
            prompt=prompt,
            style=style,
            prompt_mode=prompt_mode,
            width=width,
            height=height,
            nsfw=nsfw,
            transparent_background=transparent_background,
            negative_prompt=negative_prompt,
            aspect_ratio=aspect_ratio,
            seed=seed,
            webhook=webhook,
        )

        return quantum_parameters
