"""Reads the OpenAPI document once and answers what the server and the kit ask of it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import quote

import jsonschema_rs
import yaml

from contract.names import TASK_OPERATIONS, WEBHOOK, WEBHOOK_FIELD, OperationId
from contract.parsing import parse_rule
from contract.pointers import tokens
from contract.rules import Delivery, OutputSize, PublicUrl, Rule, SpecError

RuleT = TypeVar("RuleT", bound=Rule)

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_REPO_SPEC = Path(__file__).resolve().parent.parent / "spec" / "openapi.yaml"


def default_spec_path() -> Path:
    """The repository's spec in a checkout, else the copy packaged inside the wheel."""
    if _REPO_SPEC.is_file():
        return _REPO_SPEC
    return Path(str(resources.files("contract") / "openapi.yaml"))


@dataclass(frozen=True)
class ContractRule:
    """One rule of the contract, as the spec's `x-contract-rules` registry lists it."""

    id: str
    level: str
    summary: str

    @property
    def family(self) -> str:
        return self.id.rsplit("-", 1)[0]


@dataclass(frozen=True)
class Parameter:
    """One path or query parameter of an operation, its `$ref` followed."""

    name: str
    location: str
    required: bool
    schema: Mapping[str, Any]
    index: int


@dataclass(frozen=True)
class Operation:
    """One operation of `paths`, with the pieces the server and the kit need."""

    operation_id: str
    method: str
    path: str
    tags: tuple[str, ...]
    scopes: tuple[str, ...]
    request_schema: str | None
    rules: tuple[Rule, ...]
    success_status: int
    raw: Mapping[str, Any]
    parameters: tuple[Parameter, ...] = ()
    _rules_by_kind: dict[type[Rule], tuple[Rule, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def rules_of(self, kind: type[RuleT]) -> tuple[RuleT, ...]:
        """The operation's x-rules of one kind, in the spec's order (found once per kind)."""
        found = self._rules_by_kind.get(kind)
        if found is None:
            found = self._rules_by_kind[kind] = tuple(r for r in self.rules if isinstance(r, kind))
        return cast(tuple[RuleT, ...], found)

    def first_matching(self, kind: type[RuleT], body: Mapping[str, Any]) -> RuleT | None:
        """The first rule of this kind whose `when` matches: the one that decides."""
        return next((rule for rule in self.rules_of(kind) if rule.when.matches(body)), None)

    def outranked_area(self, rule: OutputSize, body: Mapping[str, Any]) -> int | None:
        """The smaller area the next matching output-size entry would give `body`, or None.

        An entry placed before a smaller one that also matches exists to give more: the output
        must be larger than that (DIM-4: high resolution is larger than the standard 1024 x 1024).
        """
        entries = self.rules_of(OutputSize)
        later = entries[entries.index(rule) + 1 :]
        fallback = next((entry for entry in later if entry.when.matches(body)), None)
        mine = rule.nominal_area()
        theirs = fallback.nominal_area() if fallback is not None else None
        return theirs if mine is not None and theirs is not None and theirs < mine else None

    def url(self, **values: str) -> str:
        """The path with its `{name}` parameters filled in (values are not escaped)."""
        return self.path.format(**values)

    @property
    def has_body(self) -> bool:
        return self.request_schema is not None

    def enforced_by(self) -> dict[str, str]:
        """The operation's own `x-enforces`: rule ID to a pointer relative to the operation."""
        return dict(self.raw.get("x-enforces", {}))

    def rule_for_parameter(self, parameter: Parameter) -> str:
        """The contract rule a bad value of `parameter` breaks (VAL-1 if none is more specific)."""
        prefix = f"/parameters/{parameter.index}"
        for rule_id, target in self.enforced_by().items():
            if target == prefix or target.startswith(prefix + "/"):
                return rule_id
        return "VAL-1"


class Spec:
    """The parsed spec: operations, component schemas, compiled validators and the rule registry."""

    def __init__(self, document: Mapping[str, Any], *, check_names: bool = True) -> None:
        """`check_names=False` reads a document that lacks names our code relies on (a draft)."""
        self.raw: Mapping[str, Any] = document
        self.contract_rules = tuple(
            ContractRule(entry["id"], entry["level"], entry["summary"])
            for entry in document.get("x-contract-rules", ())
        )
        self.operations = tuple(self._operations())
        if check_names:
            self._check_names()
        self._validators: dict[str, Any] = {}
        self._inline: dict[int, tuple[Mapping[str, Any], Any]] = {}

    @classmethod
    def from_path(cls, path: Path) -> Spec:
        with path.open(encoding="utf-8") as handle:
            return cls(yaml.safe_load(handle))

    def _operations(self) -> Iterator[Operation]:
        default_security = self.raw.get("security", [])
        for path, item in self.raw["paths"].items():
            for method in HTTP_METHODS:
                if method not in item:
                    continue
                op = item[method]
                schema_name = None
                rules: tuple[Rule, ...] = ()
                body = op.get("requestBody", {}).get("content", {}).get("application/json")
                if body is not None:
                    schema_name = body["schema"]["$ref"].rsplit("/", 1)[-1]
                    raw_rules = self.component(schema_name).get("x-rules", ())
                    rules = tuple(parse_rule(raw) for raw in raw_rules)
                security = op.get("security", default_security)
                scopes = tuple(scope for req in security for scope in next(iter(req.values()), []))
                success = min(int(code) for code in op["responses"] if code.startswith("2"))
                parameters = tuple(self._parameters(op.get("parameters", ())))
                yield Operation(
                    operation_id=op["operationId"],
                    method=method.upper(),
                    path=path,
                    tags=tuple(op.get("tags", ())),
                    scopes=scopes,
                    request_schema=schema_name,
                    rules=rules,
                    success_status=success,
                    raw=op,
                    parameters=parameters,
                )

    def _check_names(self) -> None:
        """Fail at load when a name code relies on (`contract.names`) is not in the spec."""
        ids = {op.operation_id for op in self.operations}
        missing = sorted(set(OperationId) - ids)
        if missing:
            raise SpecError(f"the spec has no operation {', '.join(missing)}")
        if WEBHOOK not in self.raw.get("webhooks", {}):
            raise SpecError(f"the spec has no webhook {WEBHOOK!r}")
        for op_id in TASK_OPERATIONS:
            fields = {f for rule in self.operation(op_id).rules_of(PublicUrl) for f in rule.fields}
            if WEBHOOK_FIELD not in fields:
                raise SpecError(f"{op_id} has no public-url rule on {WEBHOOK_FIELD!r}")

    def _parameters(self, raw: Any) -> Iterator[Parameter]:
        for index, entry in enumerate(raw):
            param = self.resolve(entry["$ref"]) if "$ref" in entry else entry
            yield Parameter(
                name=param["name"],
                location=param["in"],
                required=bool(param.get("required", param["in"] == "path")),
                schema=param.get("schema", {}),
                index=index,
            )

    def operation(self, operation_id: OperationId | str) -> Operation:
        for op in self.operations:
            if op.operation_id == operation_id:
                return op
        raise KeyError(operation_id)

    def component(self, name: str) -> Mapping[str, Any]:
        schema: Mapping[str, Any] = self.raw["components"]["schemas"][name]
        return schema

    def resolve(self, ref: str) -> Any:
        """Follow a local `#/...` reference."""
        if not ref.startswith("#/"):
            raise SpecError(f"only local references are supported, not {ref!r}")
        node: Any = self.raw
        for part in tokens(ref[1:]):
            node = node[part]
        return node

    def validator(self, ref: str) -> Any:
        """A compiled Draft 2020-12 validator for the schema at `ref`, built once."""
        if ref not in self._validators:
            document = {**self.raw, "$ref": quote(ref, safe="#/~")}
            self._validators[ref] = jsonschema_rs.Draft202012Validator(
                document, validate_formats=False
            )
        return self._validators[ref]

    def inline_validator(self, schema: Mapping[str, Any]) -> Any:
        """A validator for a schema fragment of this spec (its `$ref`s resolve), built once."""
        cached = self._inline.get(id(schema))
        if cached is None or cached[0] is not schema:
            document = {**schema, "components": self.raw["components"]}
            validator = jsonschema_rs.Draft202012Validator(document, validate_formats=False)
            cached = self._inline[id(schema)] = (schema, validator)  # keeps `schema` alive
        return cached[1]

    def allowed_methods(self, path: str) -> tuple[str, ...]:
        """The upper-cased methods the spec declares for a path template (for `Allow`)."""
        item = self.raw["paths"].get(path, {})
        return tuple(method.upper() for method in HTTP_METHODS if method in item)

    def schema_validator(self, name: str) -> Any:
        return self.validator(f"#/components/schemas/{name}")

    def property_schema(self, schema_name: str, field: str) -> Mapping[str, Any]:
        """A property's schema, with a component `$ref` followed and sibling keywords kept."""
        prop = dict(self.component(schema_name)["properties"][field])
        ref = prop.pop("$ref", None)
        return {**self.resolve(ref), **prop} if ref else prop

    def defaults(self, schema_name: str) -> dict[str, Any]:
        """The `default` of every property that declares one (ECHO-1)."""
        props = self.component(schema_name).get("properties", {})
        return {
            name: self.property_schema(schema_name, name)["default"]
            for name in props
            if "default" in self.property_schema(schema_name, name)
        }

    def enforced_by(self, schema_name: str) -> dict[str, str]:
        """`x-enforces` of a component: rule ID to the pointer of the keyword that encodes it."""
        return dict(self.component(schema_name).get("x-enforces", {}))

    def rule_for_keyword_path(self, schema_name: str, keyword_path: list[str | int]) -> str:
        """The contract rule a failed keyword stands for (VAL-1 when none is more specific)."""
        prefix: list[str | int] = ["components", "schemas", schema_name]
        if keyword_path[:3] == prefix:
            keyword_path = keyword_path[3:]
        pointer = "/" + "/".join(str(part) for part in keyword_path)
        best, best_len = "VAL-1", 0
        for rule_id, target in self.enforced_by(schema_name).items():
            if target and pointer.startswith(target) and len(target) > best_len:
                best, best_len = rule_id, len(target)
        return best

    def artwork_schema(self, op: Operation) -> Mapping[str, Any]:
        """The Artwork variant a task operation's success answer holds."""
        response = op.raw["responses"][str(op.success_status)]
        schema: Mapping[str, Any] = self.resolve(
            response["content"]["application/json"]["schema"]["$ref"]
        )
        return schema

    def artwork_type(self, op: Operation) -> str:
        """The `artworkType` tag a task operation's Artworks carry."""
        return str(self.artwork_schema(op)["properties"]["artworkType"]["const"])

    def echo_required(self, op: Operation) -> tuple[str, ...]:
        """The fields every echoed `parameters` of a task operation carries (ECHO-1)."""
        parameters = self.artwork_schema(op).get("properties", {}).get("parameters", {})
        if "$ref" in parameters:
            parameters = self.resolve(parameters["$ref"])
        return tuple(parameters.get("required", ()))

    def bounds(self, schema_name: str, field: str) -> tuple[int, int]:
        """A numeric property's inclusive range (unbounded sides as 1 and 2**31)."""
        schema = self.property_schema(schema_name, field)
        return int(schema.get("minimum", 1)), int(schema.get("maximum", 1 << 31))

    def delivery(self) -> Delivery:
        hook = self.raw["webhooks"][WEBHOOK]["post"]
        for raw in hook.get("x-rules", ()):
            rule = parse_rule(raw)
            if isinstance(rule, Delivery):
                return rule
        raise SpecError("the artworkCompleted webhook has no delivery rule")

    def contract_rule(self, rule_id: str) -> ContractRule:
        for rule in self.contract_rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


@cache
def load_spec(path: Path | None = None) -> Spec:
    """The spec at `path` (default: the project's), parsed once per process."""
    return Spec.from_path(path or default_spec_path())
