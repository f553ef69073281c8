from enum import StrEnum
from typing import Any


class SelenaVarieteStyle(StrEnum):
    ABSTRACTPEN = "abstractpen"
    ABSTRACT_INK = "abstract-ink"
    ANALOG = "analog"
    AQUARELLE = "aquarelle"
    CAR = "car"
    DEFAULT = "default"
    FAIRYTALE = "fairytale"
    FOOD = "food"
    HORROR = "horror"
    ILLUSTRATION = "illustration"
    IMPASTO = "impasto"
    INFINY_FLOW = "infiny-flow"
    INFINY_PATTERN = "infiny-pattern"
    INFINY_WEAVE = "infiny-weave"
    ISOMETRIC = "isometric"
    LANDSCAPE = "landscape"
    LINEART = "lineart"
    LOGO = "logo"
    MACHINART = "machinart"
    MANGA = "manga"
    PHOTOGRAPHER = "photographer"
    PORTRAITURE = "portraiture"
    SPHERICUTE = "sphericute"
    STAINED_GLASS = "stained-glass"
    WATER_CUTE = "water-cute"

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
