from enum import StrEnum
from typing import Any, Literal, TypeAlias


class QuantumStyle(StrEnum):
    DEFAULT = "default"
    PORTRAITURE = "portraiture"
    LANDSCAPE = "landscape"
    PHOTOGRAPHER = "photographer"
    ANALOG = "analog"
    CAR = "car"
    FOOD = "food"
    HORROR = "horror"
    STAINED_GLASS = "stained-glass"
    IMPASTO = "impasto"
    ABSTRACT_INK = "abstract-ink"
    ILLUSTRATION = "illustration"
    AQUARELLE = "aquarelle"
    WATER_CUTE = "water-cute"
    SPHERICUTE = "sphericute"
    FAIRYTALE = "fairytale"
    MACHINART = "machinart"
    ISOMETRIC = "isometric"
    LOGO = "logo"
    ABSTRACTPEN = "abstractpen"
    LINEART = "lineart"
    MANGA = "manga"
    INFINY_WEAVE = "infiny-weave"
    INFINY_PATTERN = "infiny-pattern"
    INFINY_FLOW = "infiny-flow"
    TENGRAI_ANIME = "tengrai-anime"
    FOLKTALE = "folktale"

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


QuantumStyleValue: TypeAlias = Literal[
    "default",
    "portraiture",
    "landscape",
    "photographer",
    "analog",
    "car",
    "food",
    "horror",
    "stained-glass",
    "impasto",
    "abstract-ink",
    "illustration",
    "aquarelle",
    "water-cute",
    "sphericute",
    "fairytale",
    "machinart",
    "isometric",
    "logo",
    "abstractpen",
    "lineart",
    "manga",
    "infiny-weave",
    "infiny-pattern",
    "infiny-flow",
    "tengrai-anime",
    "folktale",
]
"""The plain values a caller may pass for a QuantumStyle, checked before anything is sent."""
