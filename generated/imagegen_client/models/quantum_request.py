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

T = TypeVar("T", bound="QuantumRequest")


def _to_style(value: QuantumStyle | QuantumStyleValue | Unset) -> QuantumStyle | Unset:
    if isinstance(value, Unset):
        return value
    return member_of(QuantumStyle, value, "style")


def _to_prompt_mode(value: PromptMode | PromptModeValue | Unset) -> PromptMode | Unset:
    if isinstance(value, Unset):
        return value
    return member_of(PromptMode, value, "prompt_mode")


def _to_aspect_ratio(value: AspectRatio | AspectRatioValue | Unset) -> AspectRatio | Unset:
    if isinstance(value, Unset):
        return value
    return member_of(AspectRatio, value, "aspect_ratio")


@_attrs_define
class QuantumRequest:
    """The body of `createQuantumArtwork`. Unknown fields are ignored.

    Attributes:
        prompt (str | Unset): Limited to 200 words; more is truncated. Empty uses the style's default prompt.
        negative_prompt (str | Unset): Limited to 64 words; more is truncated.
        style (QuantumStyle | Unset): The style to apply to a Quantum artwork.
        prompt_mode (PromptMode | Unset): `seer` lets the server improve the prompt; `servitor` uses it as it is.
        aspect_ratio (AspectRatio | Unset): An output aspect ratio, width:height.
        width (int | Unset): Output width; needs `height`, excludes `aspectRatio`, and width x height is at most
            1,478,656.
        height (int | Unset): Output height; needs `width`, excludes `aspectRatio`, and width x height is at most
            1,478,656.
        seed (int | Unset): Fixes the generation's randomness.
        nsfw (bool | Unset): Allow NSFW output. When false, safety negatives are injected. Default: False.
        transparent_background (bool | Unset): Render on a transparent background (a PNG with alpha). Default: False.
        webhook (str | Unset): An absolute https URL to a public host; the terminal Artwork is POSTed to it.
    """

    prompt: str | Unset = UNSET
    negative_prompt: str | Unset = UNSET
    style: QuantumStyle | Unset = _attrs_field(default=UNSET, converter=_to_style)
    prompt_mode: PromptMode | Unset = _attrs_field(default=UNSET, converter=_to_prompt_mode)
    aspect_ratio: AspectRatio | Unset = _attrs_field(default=UNSET, converter=_to_aspect_ratio)
    width: int | Unset = UNSET
    height: int | Unset = UNSET
    seed: int | Unset = UNSET
    nsfw: bool | Unset = False
    transparent_background: bool | Unset = False
    webhook: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        negative_prompt = self.negative_prompt

        style: str | Unset = UNSET
        if not isinstance(self.style, Unset):
            style = self.style.value

        prompt_mode: str | Unset = UNSET
        if not isinstance(self.prompt_mode, Unset):
            prompt_mode = self.prompt_mode.value

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio.value

        width = self.width

        height = self.height

        seed = self.seed

        nsfw = self.nsfw

        transparent_background = self.transparent_background

        webhook = self.webhook

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if prompt is not UNSET:
            field_dict["prompt"] = prompt
        if negative_prompt is not UNSET:
            field_dict["negativePrompt"] = negative_prompt
        if style is not UNSET:
            field_dict["style"] = style
        if prompt_mode is not UNSET:
            field_dict["promptMode"] = prompt_mode
        if aspect_ratio is not UNSET:
            field_dict["aspectRatio"] = aspect_ratio
        if width is not UNSET:
            field_dict["width"] = width
        if height is not UNSET:
            field_dict["height"] = height
        if seed is not UNSET:
            field_dict["seed"] = seed
        if nsfw is not UNSET:
            field_dict["nsfw"] = nsfw
        if transparent_background is not UNSET:
            field_dict["transparentBackground"] = transparent_background
        if webhook is not UNSET:
            field_dict["webhook"] = webhook

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        prompt = d.pop("prompt", UNSET)

        negative_prompt = d.pop("negativePrompt", UNSET)

        _style = d.pop("style", UNSET)
        style: QuantumStyle | Unset
        if isinstance(_style, Unset):
            style = UNSET
        else:
            style = QuantumStyle(_style)

        _prompt_mode = d.pop("promptMode", UNSET)
        prompt_mode: PromptMode | Unset
        if isinstance(_prompt_mode, Unset):
            prompt_mode = UNSET
        else:
            prompt_mode = PromptMode(_prompt_mode)

        _aspect_ratio = d.pop("aspectRatio", UNSET)
        aspect_ratio: AspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = AspectRatio(_aspect_ratio)

        width = d.pop("width", UNSET)

        height = d.pop("height", UNSET)

        seed = d.pop("seed", UNSET)

        nsfw = d.pop("nsfw", UNSET)

        transparent_background = d.pop("transparentBackground", UNSET)

        webhook = d.pop("webhook", UNSET)

        quantum_request = cls(
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

        quantum_request.additional_properties = d
        return quantum_request

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
