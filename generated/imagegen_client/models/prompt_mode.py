from enum import StrEnum


class PromptMode(StrEnum):
    SEER = "seer"
    SERVITOR = "servitor"

    def __str__(self) -> str:
        return str(self.value)
