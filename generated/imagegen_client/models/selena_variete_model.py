from enum import StrEnum


class SelenaVarieteModel(StrEnum):
    TENGRAI_20231128_M_D_SAFETENSORS = "tengrai-20231128-m-d.safetensors"
    TENGRAI_20240423_M_F_SAFETENSORS = "tengrai-20240423-m-f.safetensors"

    def __str__(self) -> str:
        return str(self.value)
