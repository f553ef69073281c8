from enum import StrEnum


class AspectRatio(StrEnum):
    VALUE_0 = "1:1"
    VALUE_1 = "9:16"
    VALUE_2 = "2:3"
    VALUE_3 = "3:4"
    VALUE_4 = "16:9"
    VALUE_5 = "3:2"
    VALUE_6 = "4:3"

    def __str__(self) -> str:
        return str(self.value)
