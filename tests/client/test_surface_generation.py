"""The resource surface follows the spec: generated from an edited spec, a new operation becomes a
method (an untagged one under `default`), one without a success body answers None."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from specdiff.generate import generate

pytestmark = pytest.mark.timeout(300)

SPEC = Path(__file__).resolve().parents[2] / "spec" / "openapi.yaml"


def test_an_edited_spec_reaches_the_resources(tmp_path: Path) -> None:
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    listing = document["paths"]["/v2/artworks"]["get"]
    purge = copy.deepcopy(listing)
    purge.pop("tags")
    purge["operationId"] = "purgeArtworks"
    purge["responses"] = {"204": {"description": "gone"}}
    document["paths"]["/v2/purge"] = {"delete": purge}
    rotation = document["paths"]["/v2/organizations/{orgId}/webhook-secret"]["post"]
    del rotation["responses"]["200"]
    edited = tmp_path / "openapi.yaml"
    edited.write_text(yaml.safe_dump(document), encoding="utf-8")
    generate(edited, tmp_path / "client")
    probe = (
        "import inspect\n"
        "from imagegen_client.api.default import Default, AsyncDefault\n"
        "from imagegen_client.api.organizations import Organizations\n"
        "from imagegen_client.client import AuthenticatedClient\n"
        "print(inspect.signature(Default.purge_artworks))\n"
        "print(inspect.signature(Organizations.rotate_webhook_secret).return_annotation)\n"
        "print(inspect.iscoroutinefunction(AsyncDefault.purge_artworks))\n"
        "print(AuthenticatedClient.default.fget.__annotations__['return'])\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path / "client",
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    signature, rotated, is_async, annotation = shown.stdout.splitlines()
    assert signature.startswith("(self, *, limit:") and signature.endswith("-> 'None'")
    assert "status: " in signature and "ArtworkStatus" in signature
    assert "extra_headers" in signature and "timeout" in signature
    assert rotated == "None" and is_async == "True" and annotation == "Default"
