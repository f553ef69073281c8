from enum import StrEnum
from typing import Any, Literal, TypeAlias


class OutputFormat(StrEnum):
    WEBP = "webp"
    PNG = "png"
    JPG = "jpg"

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


OutputFormatValue: TypeAlias = Literal["webp", "png", "jpg"]
"""The plain values a caller may pass for a OutputFormat, checked before anything is sent."""
