from enum import StrEnum


class ArtworkType(StrEnum):
    PHOTO_PILOT = "photo_pilot"
    QUANTUM = "quantum"
    SELENA_VARIETE = "selena_variete"

    def __str__(self) -> str:
        return str(self.value)
