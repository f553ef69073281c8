"""The sync twins (RetryTransport, generate) are what spec/client/unasync.py makes from the async
originals, and a twin edited by hand is caught."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]


def _unasync() -> ModuleType:
    path = REPO / "spec" / "client" / "unasync.py"
    loader = importlib.util.spec_from_file_location("imagegen_unasync", path)
    assert loader is not None and loader.loader is not None
    module = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(module)
    return module


def test_every_sync_twin_matches_its_async_original() -> None:
    unasync = _unasync()
    checked = {
        path.name: unasync.drifted(path)
        for path in unasync.PACKAGE.glob("*.py")
        if "# unasync: async" in path.read_text(encoding="utf-8")
    }
    assert {"retry.py", "generation.py", "waiting.py", "pages.py", "downloads.py"} <= set(checked)
    assert all(drift == [] for drift in checked.values()), checked


def test_a_twin_edited_by_hand_is_caught(tmp_path: Path) -> None:
    unasync = _unasync()
    source = (unasync.PACKAGE / "retry.py").read_text(encoding="utf-8")
    sync_start = source.index("# unasync: sync transport")
    edited = source[:sync_start] + source[sync_start:].replace("response.close()", "pass", 1)
    copy = tmp_path / "retry.py"
    copy.write_text(edited, encoding="utf-8")
    assert unasync.drifted(copy) == ["transport"]
    assert unasync.rewrite(copy) and unasync.drifted(copy) == []


def test_the_rules_turn_async_code_into_sync_code() -> None:
    unasync = _unasync()
    assert unasync.unasync(
        "async def f_async(t: httpx.AsyncBaseTransport) -> None:\n"
        "    await asyncio.sleep(1)\n    await r.aread()\n    x = await m.asyncio(client=c)\n"
    ) == (
        "def f(t: httpx.BaseTransport) -> None:\n"
        "    time.sleep(1)\n    r.read()\n    x = m.sync(client=c)\n"
    )
