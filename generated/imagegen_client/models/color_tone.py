from enum import StrEnum


class ColorTone(StrEnum):
    BLACKANDWHITE = "blackAndWhite"
    COOL = "cool"
    MUTEDCOLORS = "mutedColors"
    NEONCOLORS = "neonColors"
    PASTEL = "pastel"
    SEPIA = "sepia"
    VIBRANTCOLORS = "vibrantColors"
    WARM = "warm"

    def __str__(self) -> str:
        return str(self.value)
