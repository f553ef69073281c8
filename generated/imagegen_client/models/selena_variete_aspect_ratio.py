from enum import StrEnum
from typing import Any


class SelenaVarieteAspectRatio(StrEnum):
    VALUE_0 = "1:1"
    VALUE_1 = "7:9"
    VALUE_10 = "21:9"
    VALUE_2 = "2:3"
    VALUE_3 = "4:7"
    VALUE_4 = "9:16"
    VALUE_5 = "9:21"
    VALUE_6 = "9:7"
    VALUE_7 = "3:2"
    VALUE_8 = "7:4"
    VALUE_9 = "16:9"

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
