from enum import StrEnum
from typing import Any


class AspectRatio(StrEnum):
    VALUE_0 = "1:1"
    VALUE_1 = "9:16"
    VALUE_2 = "2:3"
    VALUE_3 = "3:4"
    VALUE_4 = "16:9"
    VALUE_5 = "3:2"
    VALUE_6 = "4:3"

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
