from enum import StrEnum


class ImageSizePreset(StrEnum):
    OPTIMIZE_FOR_QUALITY = "optimize_for_quality"
    OPTIMIZE_FOR_SPEED = "optimize_for_speed"

    def __str__(self) -> str:
        return str(self.value)
