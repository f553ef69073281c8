from enum import StrEnum
from typing import Any, Literal, TypeAlias


class ProcessingMode(StrEnum):
    SKETCH_TO_IMAGE = "sketch-to-image"
    REIMAGINE = "reimagine"
    MODE_3D = "3d"
    AI_RCHITECT = "ai-rchitect"
    HUMAN_POSE = "human-pose"
    RETAKE = "retake"
    VALUE_2 = "3d"  # the generator's name, kept as an alias of MODE_3D

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


ProcessingModeValue: TypeAlias = Literal["sketch-to-image", "reimagine", "3d", "ai-rchitect", "human-pose", "retake"]
"""The plain values a caller may pass for a ProcessingMode, checked before anything is sent."""
