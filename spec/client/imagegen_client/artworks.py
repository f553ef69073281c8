"""The Artwork union in one name, and the small helpers every caller of it needs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias, TypeVar, overload
from uuid import UUID

from .errors import ImagegenError
from .models.artwork_status import ArtworkStatus
from .models.error import Error
from .models.photo_pilot_artwork import PhotoPilotArtwork
from .models.quantum_artwork import QuantumArtwork
from .models.selena_variete_artwork import SelenaVarieteArtwork
from .models.unknown_artwork import UnknownArtwork

__all__ = [
    "TERMINAL_STATUSES",
    "Artwork",
    "artwork_id",
    "is_terminal",
    "parse_artwork",
    "unwrap",
]

Artwork: TypeAlias = QuantumArtwork | PhotoPilotArtwork | SelenaVarieteArtwork | UnknownArtwork
"""Any artwork; UnknownArtwork holds a type from a newer server that this client does not know."""

TERMINAL_STATUSES = frozenset(
    {ArtworkStatus.SUCCEEDED, ArtworkStatus.FAILED, ArtworkStatus.CANCELED}
)

_BY_TYPE: dict[str, type[QuantumArtwork | PhotoPilotArtwork | SelenaVarieteArtwork]] = {
    "quantum": QuantumArtwork,
    "photo_pilot": PhotoPilotArtwork,
    "selena_variete": SelenaVarieteArtwork,
}

T = TypeVar("T")


def parse_artwork(data: Mapping[str, Any]) -> Artwork:
    """Parses an Artwork object by artworkType; unknown or off-schema ones stay readable."""
    cls = _BY_TYPE.get(str(data.get("artworkType")))
    if cls is not None:
        try:
            return cls.from_dict(data)
        except (TypeError, ValueError, AttributeError, KeyError):
            pass
    return UnknownArtwork.from_dict(data)


def is_terminal(artwork: Artwork) -> bool:
    """Whether the task has stopped: succeeded, failed or canceled."""
    return artwork.status in TERMINAL_STATUSES


def artwork_id(artwork: Artwork | UUID | str) -> UUID:
    """The id of an artwork given as a model, a UUID or its string form."""
    if isinstance(artwork, UUID):
        return artwork
    if isinstance(artwork, str):
        return UUID(artwork)
    return artwork.id


@overload
def unwrap(result: QuantumArtwork | Error | None) -> QuantumArtwork: ...  # type: ignore[overload-overlap]
@overload
def unwrap(result: PhotoPilotArtwork | Error | None) -> PhotoPilotArtwork: ...  # type: ignore[overload-overlap]
@overload
def unwrap(result: SelenaVarieteArtwork | Error | None) -> SelenaVarieteArtwork: ...
@overload
def unwrap(result: Artwork | Error | None) -> Artwork: ...
@overload
def unwrap(result: T | Error | None) -> T: ...
def unwrap(result: T | Error | None) -> T:
    """Narrows an API function's result to its success type; raises for Error or None.

    With the default `raise_on_error=True` an error answer has already raised, so this only
    satisfies the type checker; with `raise_on_error=False` it raises ImagegenError for `Error`.
    """
    if result is None:
        raise ImagegenError("the server answered with an undocumented status")
    if isinstance(result, Error):
        raise ImagegenError(f"{result.status_code} {result.message}")
    return result
