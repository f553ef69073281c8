from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..enums import member_of
from ..models.aspect_ratio import AspectRatio, AspectRatioValue
from ..models.image_guidance import ImageGuidance, ImageGuidanceValue
from ..types import UNSET, Unset

T = TypeVar("T", bound="PhotoPilotRequest")


def _to_image_guidance(value: ImageGuidance | ImageGuidanceValue) -> ImageGuidance:
    return member_of(ImageGuidance, value, "image_guidance")


def _to_aspect_ratio(value: AspectRatio | AspectRatioValue | Unset) -> AspectRatio | Unset:
    if isinstance(value, Unset):
        return value
    return member_of(AspectRatio, value, "aspect_ratio")


@_attrs_define
class PhotoPilotRequest:
    """The body of `createPhotoPilotArtwork`. Give `imageUrl` or `imageUrls`, not both. Unknown fields are ignored.

    Attributes:
        image_guidance (ImageGuidance): How closely Photo Pilot follows the source image; 1 low, 2 medium, 3 high.
        modification (int):
        creativity (int):
        effort (int):
        prompt (str | Unset): Limited to 256 words; more is truncated. Default: 'cat'.
        negative_prompt (str | Unset): Limited to 64 words; more is truncated.
        aspect_ratio (AspectRatio | Unset): An output aspect ratio, width:height.
        high_resolution (bool | Unset): Use the high-resolution size of the aspect ratio (low guidance only). Default:
            False.
        width (int | Unset): Honoured only with `imageGuidance` 1; then width x height is at most 1,478,656, or
            1,763,584 with `highResolution`.
        height (int | Unset): Honoured only with `imageGuidance` 1; then width x height is at most 1,478,656, or
            1,763,584 with `highResolution`.
        image_url (str | Unset): The source image (or use `imageUrls`).
        image_urls (list[str] | Unset): One to three source images; the first one's size is used with `imageGuidance` 2
            or 3.
        webhook (str | Unset): An absolute https URL to a public host; the terminal Artwork is POSTed to it.
    """

    image_guidance: ImageGuidance = _attrs_field(converter=_to_image_guidance)
    modification: int
    creativity: int
    effort: int
    prompt: str | Unset = "cat"
    negative_prompt: str | Unset = UNSET
    aspect_ratio: AspectRatio | Unset = _attrs_field(default=UNSET, converter=_to_aspect_ratio)
    high_resolution: bool | Unset = False
    width: int | Unset = UNSET
    height: int | Unset = UNSET
    image_url: str | Unset = UNSET
    image_urls: list[str] | Unset = UNSET
    webhook: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        image_guidance = self.image_guidance.value

        modification = self.modification

        creativity = self.creativity

        effort = self.effort

        prompt = self.prompt

        negative_prompt = self.negative_prompt

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio.value

        high_resolution = self.high_resolution

        width = self.width

        height = self.height

        image_url = self.image_url

        image_urls: list[str] | Unset = UNSET
        if not isinstance(self.image_urls, Unset):
            image_urls = self.image_urls

        webhook = self.webhook

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "imageGuidance": image_guidance,
                "modification": modification,
                "creativity": creativity,
                "effort": effort,
            }
        )
        if prompt is not UNSET:
            field_dict["prompt"] = prompt
        if negative_prompt is not UNSET:
            field_dict["negativePrompt"] = negative_prompt
        if aspect_ratio is not UNSET:
            field_dict["aspectRatio"] = aspect_ratio
        if high_resolution is not UNSET:
            field_dict["highResolution"] = high_resolution
        if width is not UNSET:
            field_dict["width"] = width
        if height is not UNSET:
            field_dict["height"] = height
        if image_url is not UNSET:
            field_dict["imageUrl"] = image_url
        if image_urls is not UNSET:
            field_dict["imageUrls"] = image_urls
        if webhook is not UNSET:
            field_dict["webhook"] = webhook

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        image_guidance = ImageGuidance(d.pop("imageGuidance"))

        modification = d.pop("modification")

        creativity = d.pop("creativity")

        effort = d.pop("effort")

        prompt = d.pop("prompt", UNSET)

        negative_prompt = d.pop("negativePrompt", UNSET)

        _aspect_ratio = d.pop("aspectRatio", UNSET)
        aspect_ratio: AspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = AspectRatio(_aspect_ratio)

        high_resolution = d.pop("highResolution", UNSET)

        width = d.pop("width", UNSET)

        height = d.pop("height", UNSET)

        image_url = d.pop("imageUrl", UNSET)

        image_urls = cast(list[str], d.pop("imageUrls", UNSET))

        webhook = d.pop("webhook", UNSET)

        photo_pilot_request = cls(
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

        photo_pilot_request.additional_properties = d
        return photo_pilot_request

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
