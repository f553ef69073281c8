from enum import StrEnum
from typing import Any, Literal, TypeAlias


class AspectRatio(StrEnum):
    RATIO_1_1 = "1:1"
    RATIO_9_16 = "9:16"
    RATIO_2_3 = "2:3"
    RATIO_3_4 = "3:4"
    RATIO_16_9 = "16:9"
    RATIO_3_2 = "3:2"
    RATIO_4_3 = "4:3"
    VALUE_0 = "1:1"  # the generator's name, kept as an alias of RATIO_1_1
    VALUE_1 = "9:16"  # the generator's name, kept as an alias of RATIO_9_16
    VALUE_2 = "2:3"  # the generator's name, kept as an alias of RATIO_2_3
    VALUE_3 = "3:4"  # the generator's name, kept as an alias of RATIO_3_4
    VALUE_4 = "16:9"  # the generator's name, kept as an alias of RATIO_16_9
    VALUE_5 = "3:2"  # the generator's name, kept as an alias of RATIO_3_2
    VALUE_6 = "4:3"  # the generator's name, kept as an alias of RATIO_4_3

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


AspectRatioValue: TypeAlias = Literal["1:1", "9:16", "2:3", "3:4", "16:9", "3:2", "4:3"]
"""The plain values a caller may pass for a AspectRatio, checked before anything is sent."""
