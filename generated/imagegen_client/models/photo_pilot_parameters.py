from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..enums import member_of
from ..models.aspect_ratio import AspectRatio, AspectRatioValue
from ..models.image_guidance import ImageGuidance, ImageGuidanceValue
from ..types import UNSET, Unset

T = TypeVar("T", bound="PhotoPilotParameters")


def _to_image_guidance(value: ImageGuidance | ImageGuidanceValue) -> ImageGuidance:
    return member_of(ImageGuidance, value, "image_guidance")


def _to_aspect_ratio(value: AspectRatio | AspectRatioValue | Unset) -> AspectRatio | Unset:
    if isinstance(value, Unset):
        return value
    return member_of(AspectRatio, value, "aspect_ratio")


@_attrs_define
class PhotoPilotParameters:
    """The resolved Photo Pilot request. `imageUrls` is always there; width/height are the output size.

    Attributes:
        prompt (str):
        image_guidance (ImageGuidance): How closely Photo Pilot follows the source image; 1 low, 2 medium, 3 high.
        modification (int):
        creativity (int):
        effort (int):
        high_resolution (bool):
        width (int): With imageGuidance 2 or 3, the first source image's width.
        height (int): With imageGuidance 2 or 3, the first source image's height.
        image_urls (list[str]):
        bucket (str): Assigned by the server.
        negative_prompt (str | Unset):
        aspect_ratio (AspectRatio | Unset): An output aspect ratio, width:height.
        image_url (str | Unset):
        webhook (str | Unset):
    """

    prompt: str
    image_guidance: ImageGuidance = _attrs_field(converter=_to_image_guidance)
    modification: int
    creativity: int
    effort: int
    high_resolution: bool
    width: int
    height: int
    image_urls: list[str]
    bucket: str
    negative_prompt: str | Unset = UNSET
    aspect_ratio: AspectRatio | Unset = _attrs_field(default=UNSET, converter=_to_aspect_ratio)
    image_url: str | Unset = UNSET
    webhook: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        prompt = self.prompt

        image_guidance = self.image_guidance.value

        modification = self.modification

        creativity = self.creativity

        effort = self.effort

        high_resolution = self.high_resolution

        width = self.width

        height = self.height

        image_urls = self.image_urls

        bucket = self.bucket

        negative_prompt = self.negative_prompt

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio.value

        image_url = self.image_url

        webhook = self.webhook

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "prompt": prompt,
                "imageGuidance": image_guidance,
                "modification": modification,
                "creativity": creativity,
                "effort": effort,
                "highResolution": high_resolution,
                "width": width,
                "height": height,
                "imageUrls": image_urls,
                "bucket": bucket,
            }
        )
        if negative_prompt is not UNSET:
            field_dict["negativePrompt"] = negative_prompt
        if aspect_ratio is not UNSET:
            field_dict["aspectRatio"] = aspect_ratio
        if image_url is not UNSET:
            field_dict["imageUrl"] = image_url
        if webhook is not UNSET:
            field_dict["webhook"] = webhook

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        prompt = d.pop("prompt")

        image_guidance = ImageGuidance(d.pop("imageGuidance"))

        modification = d.pop("modification")

        creativity = d.pop("creativity")

        effort = d.pop("effort")

        high_resolution = d.pop("highResolution")

        width = d.pop("width")

        height = d.pop("height")

        image_urls = cast(list[str], d.pop("imageUrls"))

        bucket = d.pop("bucket")

        negative_prompt = d.pop("negativePrompt", UNSET)

        _aspect_ratio = d.pop("aspectRatio", UNSET)
        aspect_ratio: AspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = AspectRatio(_aspect_ratio)

        image_url = d.pop("imageUrl", UNSET)

        webhook = d.pop("webhook", UNSET)

        photo_pilot_parameters = cls(
            prompt=prompt,
            image_guidance=image_guidance,
            modification=modification,
            creativity=creativity,
            effort=effort,
            high_resolution=high_resolution,
            width=width,
            height=height,
            image_urls=image_urls,
            bucket=bucket,
            negative_prompt=negative_prompt,
            aspect_ratio=aspect_ratio,
            image_url=image_url,
            webhook=webhook,
        )

        return photo_pilot_parameters
