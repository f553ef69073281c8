"""download_results names files by artwork id and type, and never sends the key to other hosts."""

from __future__ import annotations

import asyncio
import os
import stat
import time
from pathlib import Path

import httpx
import pytest
from imagegen_client import (
    AuthenticatedClient,
    NotFoundError,
    download_results,
    download_results_async,
    parse_artwork,
)
from imagegen_client.models import ImageGenerationResponse

from .helpers import BASE_URL, Script, error, quantum_json

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


def _client(script: Script) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url=BASE_URL, token="t", httpx_args={"transport": script.transport}
    )


def test_saves_each_result_with_its_extension(tmp_path: Path) -> None:
    artwork = parse_artwork(quantum_json("succeeded"))
    script = Script(httpx.Response(200, content=PNG, headers={"content-type": "image/png"}))
    paths = download_results(_client(script), artwork, tmp_path)
    assert [p.name for p in paths] == [f"{artwork.id}-0.png"]
    assert paths[0].read_bytes() == PNG and list(tmp_path.iterdir()) == paths


def test_the_key_goes_only_to_the_api_origin(tmp_path: Path) -> None:
    urls = [f"{BASE_URL}/v1/files/a.webp", "https://cdn.example.com/b.webp"]
    webp = httpx.Response(200, content=b"RIFF", headers={"content-type": "image/webp"})
    script = Script(webp, webp)
    download_results(_client(script), urls, tmp_path)
    assert [("authorization" in r.headers) for r in script.requests] == [True, False]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["image-0.webp", "image-1.webp"]


def test_an_existing_file_is_not_overwritten_unless_asked(tmp_path: Path) -> None:
    answer = httpx.Response(200, content=PNG, headers={"content-type": "image/png"})
    (tmp_path / "image-0.png").write_bytes(b"old")
    with pytest.raises(FileExistsError):
        download_results(_client(Script(answer)), [f"{BASE_URL}/a.png"], tmp_path)
    download_results(_client(Script(answer)), [f"{BASE_URL}/a.png"], tmp_path, overwrite=True)
    assert (tmp_path / "image-0.png").read_bytes() == PNG


def test_a_missing_file_raises_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        download_results(_client(Script(error(404))), [f"{BASE_URL}/gone.png"], tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_the_async_twin_and_an_e4_answer(tmp_path: Path) -> None:
    e4 = ImageGenerationResponse.from_dict({"created": 1, "data": [{"url": f"{BASE_URL}/x"}]})
    script = Script(httpx.Response(200, content=PNG, headers={"content-type": "image/jpeg"}))

    async def run() -> list[Path]:
        return await download_results_async(_client(script), e4, tmp_path)

    assert [p.name for p in asyncio.run(run())] == ["image-0.jpg"]


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_files_keep_the_users_umask(tmp_path: Path, umask: int) -> None:
    answer = httpx.Response(200, content=PNG, headers={"content-type": "image/png"})
    old = os.umask(umask)
    try:
        [path] = download_results(_client(Script(answer)), [f"{BASE_URL}/a.png"], tmp_path)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    assert list(tmp_path.iterdir()) == [path]


def test_downloads_stay_out_of_the_api_pacing(tmp_path: Path) -> None:
    script = Script(httpx.Response(200, content=PNG, headers={"content-type": "image/png"}))
    client = _client(script)
    client.pacing.record(0.0, 429, 30.0)  # the API said: nothing for 30 s
    started = time.monotonic()
    with client:
        paths = download_results(client, [f"{BASE_URL}/v1/files/a.png"], tmp_path)
    assert len(paths) == 1 and time.monotonic() - started < 5
    assert client.pacing.limited == 1
