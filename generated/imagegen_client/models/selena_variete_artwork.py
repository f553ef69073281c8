from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..enums import member_of
from ..models.artwork_status import ArtworkStatus, ArtworkStatusValue

if TYPE_CHECKING:
    from ..models.selena_variete_parameters import SelenaVarieteParameters


T = TypeVar("T", bound="SelenaVarieteArtwork")


def _to_status(value: ArtworkStatus | ArtworkStatusValue) -> ArtworkStatus:
    return member_of(ArtworkStatus, value, "status")


@_attrs_define
class SelenaVarieteArtwork:
    """A Selena Variete task.

    Attributes:
        id (UUID):
        artwork_type (Literal['selena_variete']):
        parameters (SelenaVarieteParameters): The resolved Selena Variete request, after defaults and truncation, with
            the output size.
        duration (float): Seconds; 0 until terminal.
        results (list[str]): Absolute image URLs; empty unless succeeded.
        status (ArtworkStatus): Where the task is in its lifecycle; succeeded, failed and canceled are terminal.
        created_at (datetime.datetime):
    """

    id: UUID
    artwork_type: Literal["selena_variete"]
    parameters: SelenaVarieteParameters
    duration: float
    results: list[str]
    status: ArtworkStatus = _attrs_field(converter=_to_status)
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        artwork_type = self.artwork_type

        parameters = self.parameters.to_dict()

        duration = self.duration

        results = self.results

        status = self.status.value

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "artworkType": artwork_type,
                "parameters": parameters,
                "duration": duration,
                "results": results,
                "status": status,
                "createdAt": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.selena_variete_parameters import SelenaVarieteParameters  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        artwork_type = cast(Literal["selena_variete"], d.pop("artworkType"))
        if artwork_type != "selena_variete":
            raise ValueError(f"artworkType must match const 'selena_variete', got '{artwork_type}'")

        parameters = SelenaVarieteParameters.from_dict(d.pop("parameters"))

        duration = d.pop("duration")

        results = cast(list[str], d.pop("results"))

        status = ArtworkStatus(d.pop("status"))

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        selena_variete_artwork = cls(
            id=id,
            artwork_type=artwork_type,
            parameters=parameters,
            duration=duration,
            results=results,
            status=status,
            created_at=created_at,
        )

        selena_variete_artwork.additional_properties = d
        return selena_variete_artwork

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
