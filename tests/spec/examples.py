"""Walks the spec for every example together with the schema it illustrates."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from contract import Spec


@dataclass(frozen=True)
class Example:
    """One example value, where it stands, and the schema it must satisfy."""

    where: str
    schema_ref: str
    value: Any
    operation_id: str | None = None
    status: int | None = None
    is_request: bool = False


def _deref(spec: Spec, node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        node = spec.resolve(node["$ref"])
    return node


def _media_examples(spec: Spec, media: dict[str, Any], where: str) -> Iterator[tuple[str, Any]]:
    for name, example in media.get("examples", {}).items():
        yield f"{where}/examples/{name}", _deref(spec, example)["value"]
    if "example" in media:
        yield f"{where}/example", media["example"]


def _schema_ref(schema: dict[str, Any], where: str) -> str:
    return str(schema.get("$ref", f"{where}/schema"))


def iter_examples(spec: Spec) -> Iterator[Example]:
    """Every request, response, parameter and webhook example of the spec."""
    for op in spec.operations:
        base = f"#/paths/{op.path.replace('/', '~1')}/{op.method.lower()}"
        body = op.raw.get("requestBody", {}).get("content", {}).get("application/json")
        if body:
            ref = _schema_ref(body["schema"], f"{base}/requestBody/content/application~1json")
            for where, value in _media_examples(spec, body, f"{base}/requestBody"):
                yield Example(where, ref, value, op.operation_id, None, True)
        for code, response in op.raw["responses"].items():
            response = _deref(spec, response)
            media = response.get("content", {}).get("application/json")
            if not media:
                continue
            ref = _schema_ref(media["schema"], f"{base}/responses/{code}/content/application~1json")
            for where, value in _media_examples(spec, media, f"{base}/responses/{code}"):
                yield Example(where, ref, value, op.operation_id, int(code))
        for index, raw_param in enumerate(op.raw.get("parameters", [])):
            param = _deref(spec, raw_param)
            where = raw_param.get("$ref", f"{base}/parameters/{index}")
            if "example" in param:
                yield Example(
                    f"{where}/example", f"{where}/schema", param["example"], op.operation_id
                )
    for name, item in spec.raw.get("webhooks", {}).items():
        media = item["post"]["requestBody"]["content"]["application/json"]
        for where, value in _media_examples(spec, media, f"#/webhooks/{name}/post/requestBody"):
            yield Example(where, media["schema"]["$ref"], value, name, None, True)
