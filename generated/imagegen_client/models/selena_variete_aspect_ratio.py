from enum import StrEnum


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

    def __str__(self) -> str:
        return str(self.value)
