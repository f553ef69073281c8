from enum import StrEnum
from typing import Any, Literal, TypeAlias


class SelenaVarieteAspectRatio(StrEnum):
    RATIO_1_1 = "1:1"
    RATIO_7_9 = "7:9"
    RATIO_2_3 = "2:3"
    RATIO_4_7 = "4:7"
    RATIO_9_16 = "9:16"
    RATIO_9_21 = "9:21"
    RATIO_9_7 = "9:7"
    RATIO_3_2 = "3:2"
    RATIO_7_4 = "7:4"
    RATIO_16_9 = "16:9"
    RATIO_21_9 = "21:9"
    VALUE_0 = "1:1"  # the generator's name, kept as an alias of RATIO_1_1
    VALUE_1 = "7:9"  # the generator's name, kept as an alias of RATIO_7_9
    VALUE_2 = "2:3"  # the generator's name, kept as an alias of RATIO_2_3
    VALUE_3 = "4:7"  # the generator's name, kept as an alias of RATIO_4_7
    VALUE_4 = "9:16"  # the generator's name, kept as an alias of RATIO_9_16
    VALUE_5 = "9:21"  # the generator's name, kept as an alias of RATIO_9_21
    VALUE_6 = "9:7"  # the generator's name, kept as an alias of RATIO_9_7
    VALUE_7 = "3:2"  # the generator's name, kept as an alias of RATIO_3_2
    VALUE_8 = "7:4"  # the generator's name, kept as an alias of RATIO_7_4
    VALUE_9 = "16:9"  # the generator's name, kept as an alias of RATIO_16_9
    VALUE_10 = "21:9"  # the generator's name, kept as an alias of RATIO_21_9

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


SelenaVarieteAspectRatioValue: TypeAlias = Literal[
    "1:1", "7:9", "2:3", "4:7", "9:16", "9:21", "9:7", "3:2", "7:4", "16:9", "21:9"
]
"""The plain values a caller may pass for a SelenaVarieteAspectRatio, checked before anything is sent."""
