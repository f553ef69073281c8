from enum import IntEnum
from typing import Any, Literal, TypeAlias


class ImageGuidance(IntEnum):
    VALUE_1 = 1
    VALUE_2 = 2
    VALUE_3 = 3

    @classmethod
    def _missing_(cls, value: object) -> Any:
        """A value from a newer server becomes a pseudo-member that keeps it, so it round-trips."""
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        member = int.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member

    @property
    def is_known(self) -> bool:
        """False for a value this client version does not know (see `_missing_`)."""
        return self._value_ in type(self)._value2member_map_

    def __str__(self) -> str:
        return str(self.value)


ImageGuidanceValue: TypeAlias = Literal[1, 2, 3]
"""The plain values a caller may pass for a ImageGuidance, checked before anything is sent."""
