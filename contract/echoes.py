"""Which response fields echo which request fields (`x-echoes`, ECHO-1), read from a document."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from contract.parsing import parse_rule
from contract.rules import SpecError, WordLimit

SCHEMAS = "/components/schemas/"


@dataclass(frozen=True)
class Echo:
    """A response schema whose same-named properties hold the request's, as the server resolved
    them; `truncated` maps a field to the word-limit rule that cuts its echo (TXT-1, TXT-2)."""

    schema: str
    request: str
    rule: str
    fields: tuple[str, ...]
    truncated: Mapping[str, str] = field(default_factory=dict)

    def request_site(self, site: str) -> str | None:
        """The request property a pointer inside one of this echo's properties stands for."""
        prefix = f"{SCHEMAS}{self.schema}/properties/"
        if not site.startswith(prefix):
            return None
        name, _, rest = site[len(prefix) :].partition("/")
        if name not in self.fields:
            return None
        return f"{SCHEMAS}{self.request}/properties/{name}" + (f"/{rest}" if rest else "")

    def rules_for(self, site: str) -> frozenset[str]:
        """The rules that make the field at `site` an echo: ECHO-1, and a truncation's rule."""
        prefix = f"{SCHEMAS}{self.schema}/properties/"
        name = site[len(prefix) :].partition("/")[0]
        return frozenset({self.rule, *([self.truncated[name]] if name in self.truncated else [])})


def _schemas(document: Mapping[str, Any]) -> Mapping[str, Any]:
    schemas: Mapping[str, Any] = (document.get("components") or {}).get("schemas") or {}
    return schemas


def echoes(document: Mapping[str, Any]) -> tuple[Echo, ...]:
    """Every `x-echoes` declaration of the document's component schemas."""
    return tuple(_read(document))


def _read(document: Mapping[str, Any]) -> Iterator[Echo]:
    schemas = _schemas(document)
    for name, schema in schemas.items():
        declared = schema.get("x-echoes") if isinstance(schema, Mapping) else None
        if declared is None:
            continue
        ref = str(declared.get("request", ""))
        request = ref.removeprefix("#" + SCHEMAS)
        if request == ref or request not in schemas or "rule" not in declared:
            raise SpecError(f"{name}: x-echoes needs a rule and a request schema, not {declared!r}")
        mine = set(schema.get("properties") or ())
        theirs = schemas[request].get("properties") or {}
        truncated = {
            rule.field: rule.id
            for rule in (parse_rule(raw) for raw in schemas[request].get("x-rules") or ())
            if isinstance(rule, WordLimit)
        }
        resolved = set(declared.get("resolved") or ())  # same name, but the server's own value
        fields = tuple(sorted((mine & set(theirs)) - resolved))
        yield Echo(name, request, str(declared["rule"]), fields, truncated)
