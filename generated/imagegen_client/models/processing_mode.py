from enum import StrEnum


class ProcessingMode(StrEnum):
    AI_RCHITECT = "ai-rchitect"
    HUMAN_POSE = "human-pose"
    REIMAGINE = "reimagine"
    RETAKE = "retake"
    SKETCH_TO_IMAGE = "sketch-to-image"
    VALUE_2 = "3d"

    def __str__(self) -> str:
        return str(self.value)
