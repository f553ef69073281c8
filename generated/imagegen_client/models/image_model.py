from enum import StrEnum


class ImageModel(StrEnum):
    FLUX_DEV = "flux-dev"
    QWEN_IMAGE = "qwen-image"

    def __str__(self) -> str:
        return str(self.value)
