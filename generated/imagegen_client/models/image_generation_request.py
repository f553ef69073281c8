from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..enums import member_of
from ..models.aspect_ratio import AspectRatio, AspectRatioValue
from ..models.image_model import ImageModel, ImageModelValue
from ..models.image_size_preset import ImageSizePreset, ImageSizePresetValue
from ..models.output_format import OutputFormat, OutputFormatValue
from ..types import UNSET, Unset

T = TypeVar("T", bound="ImageGenerationRequest")


def _to_model(value: ImageModel | ImageModelValue) -> ImageModel:
    return member_of(ImageModel, value, "model")


def _to_aspect_ratio(value: AspectRatio | AspectRatioValue | Unset) -> AspectRatio | Unset:
    if isinstance(value, Unset):
        return value
    return member_of(AspectRatio, value, "aspect_ratio")


def _to_image_size(value: ImageSizePreset | int | Unset | ImageSizePresetValue) -> ImageSizePreset | int | Unset:
    if isinstance(value, str):
        return member_of(ImageSizePreset, value, "image_size")
    return value


def _to_output_format(value: OutputFormat | OutputFormatValue | Unset) -> OutputFormat | Unset:
    if isinstance(value, Unset):
        return value
    return member_of(OutputFormat, value, "output_format")


@_attrs_define
class ImageGenerationRequest:
    """The body of `createImageGeneration`. Unknown fields are ignored.

    Attributes:
        model (ImageModel): The model of the synchronous images endpoint.
        prompt (str): What to generate; must have at least one non-whitespace character.
        enhance_prompt (bool | Unset):  Default: False.
        go_fast (bool | Unset):  Default: True.
        guidance (float | Unset):  Default: 3.0.
        negative_prompt (str | Unset):  Default: ''.
        num_inference_steps (int | Unset):  Default: 30.
        seed (int | None | Unset): -1 and null mean a random seed; the same non-negative seed gives the same image.
        disable_safety_checker (bool | Unset):  Default: False.
        image (None | str | Unset): A source image for image-to-image, or null.
        strength (float | Unset):  Default: 0.0.
        lora_weights (None | str | Unset):
        lora_scale (float | Unset):  Default: 1.0.
        extra_lora_weights (list[str] | Unset):
        extra_lora_scale (list[float] | Unset):
        aspect_ratio (AspectRatio | Unset): An output aspect ratio, width:height.
        image_size (ImageSizePreset | int | Unset): `optimize_for_quality` (1024 px long side), `optimize_for_speed`
            (512 px), or a long side of 256-2048 px. Default: ImageSizePreset.OPTIMIZE_FOR_QUALITY.
        output_format (OutputFormat | Unset): The image format of a synchronous generation.
        output_quality (int | Unset):  Default: 80.
    """

    model: ImageModel = _attrs_field(converter=_to_model)
    prompt: str
    enhance_prompt: bool | Unset = False
    go_fast: bool | Unset = True
    guidance: float | Unset = 3.0
    negative_prompt: str | Unset = ""
    num_inference_steps: int | Unset = 30
    seed: int | None | Unset = UNSET
    disable_safety_checker: bool | Unset = False
    image: None | str | Unset = UNSET
    strength: float | Unset = 0.0
    lora_weights: None | str | Unset = UNSET
    lora_scale: float | Unset = 1.0
    extra_lora_weights: list[str] | Unset = UNSET
    extra_lora_scale: list[float] | Unset = UNSET
    aspect_ratio: AspectRatio | Unset = _attrs_field(default=UNSET, converter=_to_aspect_ratio)
    image_size: ImageSizePreset | int | Unset = _attrs_field(
        default=ImageSizePreset.OPTIMIZE_FOR_QUALITY, converter=_to_image_size
    )
    output_format: OutputFormat | Unset = _attrs_field(default=UNSET, converter=_to_output_format)
    output_quality: int | Unset = 80
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model = self.model.value

        prompt = self.prompt

        enhance_prompt = self.enhance_prompt

        go_fast = self.go_fast

        guidance = self.guidance

        negative_prompt = self.negative_prompt

        num_inference_steps = self.num_inference_steps

        seed: int | None | Unset
        if isinstance(self.seed, Unset):
            seed = UNSET
        else:
            seed = self.seed

        disable_safety_checker = self.disable_safety_checker

        image: None | str | Unset
        if isinstance(self.image, Unset):
            image = UNSET
        else:
            image = self.image

        strength = self.strength

        lora_weights: None | str | Unset
        if isinstance(self.lora_weights, Unset):
            lora_weights = UNSET
        else:
            lora_weights = self.lora_weights

        lora_scale = self.lora_scale

        extra_lora_weights: list[str] | Unset = UNSET
        if not isinstance(self.extra_lora_weights, Unset):
            extra_lora_weights = self.extra_lora_weights

        extra_lora_scale: list[float] | Unset = UNSET
        if not isinstance(self.extra_lora_scale, Unset):
            extra_lora_scale = self.extra_lora_scale

        aspect_ratio: str | Unset = UNSET
        if not isinstance(self.aspect_ratio, Unset):
            aspect_ratio = self.aspect_ratio.value

        image_size: int | str | Unset
        if isinstance(self.image_size, Unset):
            image_size = UNSET
        elif isinstance(self.image_size, ImageSizePreset):
            image_size = self.image_size.value
        else:
            image_size = self.image_size

        output_format: str | Unset = UNSET
        if not isinstance(self.output_format, Unset):
            output_format = self.output_format.value

        output_quality = self.output_quality

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model": model,
                "prompt": prompt,
            }
        )
        if enhance_prompt is not UNSET:
            field_dict["enhance_prompt"] = enhance_prompt
        if go_fast is not UNSET:
            field_dict["go_fast"] = go_fast
        if guidance is not UNSET:
            field_dict["guidance"] = guidance
        if negative_prompt is not UNSET:
            field_dict["negative_prompt"] = negative_prompt
        if num_inference_steps is not UNSET:
            field_dict["num_inference_steps"] = num_inference_steps
        if seed is not UNSET:
            field_dict["seed"] = seed
        if disable_safety_checker is not UNSET:
            field_dict["disable_safety_checker"] = disable_safety_checker
        if image is not UNSET:
            field_dict["image"] = image
        if strength is not UNSET:
            field_dict["strength"] = strength
        if lora_weights is not UNSET:
            field_dict["lora_weights"] = lora_weights
        if lora_scale is not UNSET:
            field_dict["lora_scale"] = lora_scale
        if extra_lora_weights is not UNSET:
            field_dict["extra_lora_weights"] = extra_lora_weights
        if extra_lora_scale is not UNSET:
            field_dict["extra_lora_scale"] = extra_lora_scale
        if aspect_ratio is not UNSET:
            field_dict["aspect_ratio"] = aspect_ratio
        if image_size is not UNSET:
            field_dict["image_size"] = image_size
        if output_format is not UNSET:
            field_dict["output_format"] = output_format
        if output_quality is not UNSET:
            field_dict["output_quality"] = output_quality

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        model = ImageModel(d.pop("model"))

        prompt = d.pop("prompt")

        enhance_prompt = d.pop("enhance_prompt", UNSET)

        go_fast = d.pop("go_fast", UNSET)

        guidance = d.pop("guidance", UNSET)

        negative_prompt = d.pop("negative_prompt", UNSET)

        num_inference_steps = d.pop("num_inference_steps", UNSET)

        def _parse_seed(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        seed = _parse_seed(d.pop("seed", UNSET))

        disable_safety_checker = d.pop("disable_safety_checker", UNSET)

        def _parse_image(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        image = _parse_image(d.pop("image", UNSET))

        strength = d.pop("strength", UNSET)

        def _parse_lora_weights(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        lora_weights = _parse_lora_weights(d.pop("lora_weights", UNSET))

        lora_scale = d.pop("lora_scale", UNSET)

        extra_lora_weights = cast(list[str], d.pop("extra_lora_weights", UNSET))

        extra_lora_scale = cast(list[float], d.pop("extra_lora_scale", UNSET))

        _aspect_ratio = d.pop("aspect_ratio", UNSET)
        aspect_ratio: AspectRatio | Unset
        if isinstance(_aspect_ratio, Unset):
            aspect_ratio = UNSET
        else:
            aspect_ratio = AspectRatio(_aspect_ratio)

        def _parse_image_size(data: object) -> ImageSizePreset | int | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                image_size_type_0 = ImageSizePreset(data)

                return image_size_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ImageSizePreset | int | Unset, data)

        image_size = _parse_image_size(d.pop("image_size", UNSET))

        _output_format = d.pop("output_format", UNSET)
        output_format: OutputFormat | Unset
        if isinstance(_output_format, Unset):
            output_format = UNSET
        else:
            output_format = OutputFormat(_output_format)

        output_quality = d.pop("output_quality", UNSET)

        image_generation_request = cls(
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

        image_generation_request.additional_properties = d
        return image_generation_request

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
