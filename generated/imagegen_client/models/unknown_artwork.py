from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..enums import member_of
from ..models.artwork_status import ArtworkStatus, ArtworkStatusValue
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.unknown_artwork_parameters import UnknownArtworkParameters


T = TypeVar("T", bound="UnknownArtwork")


def _to_status(value: ArtworkStatus | ArtworkStatusValue) -> ArtworkStatus:
    return member_of(ArtworkStatus, value, "status")


@_attrs_define
class UnknownArtwork:
    """An artwork whose artworkType this client version does not know (sent by a newer server); every field is kept, so
    nothing is lost and it serialises back unchanged.

        Attributes:
            id (UUID):
            artwork_type (str):
            status (ArtworkStatus): Where the task is in its lifecycle; succeeded, failed and canceled are terminal.
            parameters (UnknownArtworkParameters | Unset):
            duration (float | Unset):
            results (list[str] | Unset):
            created_at (datetime.datetime | Unset):
    """

    id: UUID
    artwork_type: str
    status: ArtworkStatus = _attrs_field(converter=_to_status)
    parameters: UnknownArtworkParameters | Unset = UNSET
    duration: float | Unset = UNSET
    results: list[str] | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        artwork_type = self.artwork_type

        status = self.status.value

        parameters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.parameters, Unset):
            parameters = self.parameters.to_dict()

        duration = self.duration

        results: list[str] | Unset = UNSET
        if not isinstance(self.results, Unset):
            results = self.results

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "artworkType": artwork_type,
                "status": status,
            }
        )
        if parameters is not UNSET:
            field_dict["parameters"] = parameters
        if duration is not UNSET:
            field_dict["duration"] = duration
        if results is not UNSET:
            field_dict["results"] = results
        if created_at is not UNSET:
            field_dict["createdAt"] = created_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.unknown_artwork_parameters import UnknownArtworkParameters  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        artwork_type = d.pop("artworkType")

        status = ArtworkStatus(d.pop("status"))

        _parameters = d.pop("parameters", UNSET)
        parameters: UnknownArtworkParameters | Unset
        if isinstance(_parameters, Unset):
            parameters = UNSET
        else:
            parameters = UnknownArtworkParameters.from_dict(_parameters)

        duration = d.pop("duration", UNSET)

        results = cast(list[str], d.pop("results", UNSET))

        _created_at = d.pop("createdAt", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        unknown_artwork = cls(
            id=id,
            artwork_type=artwork_type,
            status=status,
            parameters=parameters,
            duration=duration,
            results=results,
            created_at=created_at,
        )

        unknown_artwork.additional_properties = d
        return unknown_artwork

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
