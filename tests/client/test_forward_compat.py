"""An older client reading a newer server: unknown enum values and artwork types do not crash."""

from __future__ import annotations

import httpx
from imagegen_client import AuthenticatedClient, UnknownArtwork, parse_artwork
from imagegen_client.api.artworks import get_artwork_v2, list_artworks
from imagegen_client.models import ArtworkStatus, ImageGuidance, QuantumArtwork, QuantumStyle

from .helpers import BASE_URL, Script, quantum_json

ID = "00000000-0000-0000-0000-000000000001"


def _client(*answers: httpx.Response) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url=BASE_URL, token="t", httpx_args={"transport": Script(*answers).transport}
    )


def test_an_unknown_status_is_kept_and_round_trips() -> None:
    body = quantum_json("expired")
    parsed = get_artwork_v2.sync(ID, client=_client(httpx.Response(200, json=body)))  # type: ignore[arg-type]
    assert isinstance(parsed, QuantumArtwork)
    assert parsed.status == "expired" and not parsed.status.is_known
    assert parsed.to_dict() == body


def test_known_values_are_still_the_real_members() -> None:
    assert ArtworkStatus("succeeded") is ArtworkStatus.SUCCEEDED
    assert ArtworkStatus.SUCCEEDED.is_known
    assert ImageGuidance(2) is ImageGuidance.VALUE_2


def test_an_unknown_style_in_the_echoed_parameters_is_kept() -> None:
    body = quantum_json("succeeded")
    body["parameters"]["style"] = "cyberpunk-2099"
    parsed = parse_artwork(body)
    assert isinstance(parsed, QuantumArtwork)
    assert parsed.parameters.style == "cyberpunk-2099" and not parsed.parameters.style.is_known
    assert parsed.to_dict() == body
    assert QuantumStyle("cyberpunk-2099") == "cyberpunk-2099"


def test_an_unknown_int_enum_value_is_kept() -> None:
    assert ImageGuidance(7) == 7 and not ImageGuidance(7).is_known


def test_an_unknown_artwork_type_becomes_unknown_artwork_with_every_field() -> None:
    body = quantum_json("succeeded", artworkType="video_magic")
    body["parameters"] = {"fps": 24, "seconds": 3}
    body["frames"] = 72
    parsed = get_artwork_v2.sync(ID, client=_client(httpx.Response(200, json=body)))  # type: ignore[arg-type]
    assert isinstance(parsed, UnknownArtwork)
    assert parsed.artwork_type == "video_magic" and parsed.status is ArtworkStatus.SUCCEEDED
    assert parsed.results == body["results"] and parsed["frames"] == 72
    assert parsed.to_dict() == body


def test_a_list_mixing_known_and_unknown_types_parses() -> None:
    answer = [quantum_json(), quantum_json(artworkType="hologram", status="levitating")]
    parsed = list_artworks.sync(client=_client(httpx.Response(200, json=answer)))
    assert isinstance(parsed, list)
    assert [type(a) for a in parsed] == [QuantumArtwork, UnknownArtwork]


def test_parse_artwork_dispatches_on_the_type() -> None:
    assert isinstance(parse_artwork(quantum_json()), QuantumArtwork)
    assert isinstance(parse_artwork(quantum_json(artworkType="new")), UnknownArtwork)
