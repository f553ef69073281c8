"""JSON pointers: tokens with `/` and `~` survive a join and a split (RFC 6901 escaping)."""

from __future__ import annotations

from contract.pointers import join, tokens


def test_tokens_undo_join_for_slashes_and_tildes() -> None:
    pointer = join("", "paths", "/v2/artworks/{id}", "a~b", 0)
    assert pointer == "/paths/~1v2~1artworks~1{id}/a~0b/0"
    assert tokens(pointer) == ["paths", "/v2/artworks/{id}", "a~b", "0"]


def test_tilde_one_is_unescaped_after_slash() -> None:
    assert tokens("/~01") == ["~1"]
    assert tokens("") == []
