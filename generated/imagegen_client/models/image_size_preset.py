from enum import StrEnum
from typing import Any, Literal, TypeAlias


class ImageSizePreset(StrEnum):
    OPTIMIZE_FOR_QUALITY = "optimize_for_quality"
    OPTIMIZE_FOR_SPEED = "optimize_for_speed"

    @classmethod
    def _missing_(cls, value: object) -> Any:
        """A value from a newer server becomes a pseudo-member that keeps it, so it round-trips."""
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member

    @property
    def is_known(self) -> bool:
        """False for a value this client version does not know (see `_missing_`)."""
        return self._value_ in type(self)._value2member_map_

    def __str__(self) -> str:
        return str(self.value)


ImageSizePresetValue: TypeAlias = Literal["optimize_for_quality", "optimize_for_speed"]
"""The plain values a caller may pass for a ImageSizePreset, checked before anything is sent."""
