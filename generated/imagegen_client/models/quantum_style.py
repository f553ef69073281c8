from enum import StrEnum


class QuantumStyle(StrEnum):
    ABSTRACTPEN = "abstractpen"
    ABSTRACT_INK = "abstract-ink"
    ANALOG = "analog"
    AQUARELLE = "aquarelle"
    CAR = "car"
    DEFAULT = "default"
    FAIRYTALE = "fairytale"
    FOLKTALE = "folktale"
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
    TENGRAI_ANIME = "tengrai-anime"
    WATER_CUTE = "water-cute"

    def __str__(self) -> str:
        return str(self.value)
