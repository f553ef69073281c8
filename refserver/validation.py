"""VAL-1/ERR-2 at the door: strict JSON, integer-valued floats as ints, the spec's schemas."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from contract import (
    WEBHOOK_FIELD,
    AreaLimit,
    Operation,
    OperationId,
    Parameter,
    PublicUrl,
    Spec,
    WordLimit,
)
from refserver.errors import ApiError
from refserver.faults import Fault, Faults
from refserver.fetch import UrlPolicy, UrlRejected

MAX_MESSAGE = 300


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("number out of range")
    return value


_DECODER = json.JSONDecoder(parse_constant=_reject_constant, parse_float=_finite_float)


def parse_json(raw: bytes) -> Any:
    """Strict JSON (no NaN/Infinity, finite numbers), or 400."""
    try:
        return _DECODER.decode(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        raise ApiError(400, "the body is not valid JSON", "ERR-2") from None


def _short(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + "..."


def _types(schema: Mapping[str, Any]) -> set[str]:
    kind = schema.get("type")
    if isinstance(kind, str):
        return {kind}
    return set(kind) if isinstance(kind, list) else set()


class Coercer:
    """Turns integer-valued floats into ints wherever the schema wants an integer (not a number)."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec

    def _schema(self, schema: Mapping[str, Any]) -> Mapping[str, Any]:
        while "$ref" in schema:
            schema = {
                **self.spec.resolve(schema["$ref"]),
                **{k: v for k, v in schema.items() if k != "$ref"},
            }
        return schema

    def _wants_integer(self, schema: Mapping[str, Any]) -> bool:
        schema = self._schema(schema)
        kinds = _types(schema)
        if "integer" in kinds and "number" not in kinds:
            return True
        return any(self._wants_integer(branch) for branch in schema.get("anyOf", ()))

    def coerce(self, value: Any, schema: Mapping[str, Any]) -> Any:
        schema = self._schema(schema)
        if isinstance(value, float) and value.is_integer() and self._wants_integer(schema):
            return int(value)
        if isinstance(value, dict):
            props = schema.get("properties", {})
            return {k: self.coerce(v, props[k]) if k in props else v for k, v in value.items()}
        if isinstance(value, list) and isinstance(schema.get("items"), dict):
            return [self.coerce(item, schema["items"]) for item in value]
        return value


class BodyValidator:
    """One operation's request body: the compiled schema, then the area and public-URL rules."""

    def __init__(self, spec: Spec, op: Operation, policy: UrlPolicy, faults: Faults) -> None:
        assert op.request_schema is not None
        self.spec = spec
        self.op = op
        self.schema_name = op.request_schema
        self.schema = spec.component(op.request_schema)
        self.validator = spec.schema_validator(op.request_schema)
        self.coercer = Coercer(spec)
        self.policy = policy
        self.faults = faults
        self.area_limits = op.rules_of(AreaLimit)
        self.url_rules = op.rules_of(PublicUrl)

    def check(self, body: Any) -> dict[str, Any]:
        """The validated body, or an `ApiError` naming the broken rule."""
        body = self.coercer.coerce(body, self.schema)
        if isinstance(body, dict):
            body = self._faulty_repairs(body)
        try:
            valid = self.validator.is_valid(body)
        except Exception:
            raise ApiError(
                400, "the body holds a value that cannot be validated", "VAL-1"
            ) from None
        if not valid:
            error = next(iter(self.validator.iter_errors(body)))
            rule = self.spec.rule_for_keyword_path(self.schema_name, list(error.schema_path))
            where = "/" + "/".join(str(part) for part in error.instance_path)
            raise ApiError(400, _short(f"{where}: {error.message}"), rule)
        assert isinstance(body, dict)
        self._check_areas(body)
        self._check_urls(body)
        if self.faults.on(Fault.VAL_2) and body.get("nsfw") is True:
            raise ApiError(400, "nsfw is not allowed", "VAL-2")
        if self.faults.on(Fault.TXT_1_OTHER_MODE):
            for limit in self.op.rules_of(WordLimit):
                if limit.exceeded_by(body) and not limit.when.matches(body):
                    raise ApiError(400, f"{limit.field} is too long", limit.id)
        return body

    def _faulty_repairs(self, body: dict[str, Any]) -> dict[str, Any]:
        """Only fault switches change a body before validation; clean servers return it as is."""
        if not self.faults.enabled:
            return body
        body = dict(body)
        props = self.schema.get("properties", {})
        required = self.schema.get("required", [])
        if self.faults.on(Fault.VAL_1) and "effort" in required and "effort" not in body:
            effort = self.spec.property_schema(self.schema_name, "effort")
            body["effort"] = (int(effort["minimum"]) + int(effort["maximum"])) // 2
        if self.faults.on(Fault.DIM_1) and "width" in props:
            if "width" in body and "height" not in body:
                body["height"] = body["width"]
            elif "height" in body and "width" not in body:
                body["width"] = body["height"]
        if self.faults.on(Fault.DIM_2) and ("width" in body or "height" in body):
            body.pop("aspectRatio", None)
        return body

    def _check_areas(self, body: Mapping[str, Any]) -> None:
        for rule in self.area_limits:
            if not rule.applies(body):
                continue
            area = rule.area(body)
            over = area >= rule.max if self.faults.on(Fault.DIM_3) else rule.exceeded_by(body)
            if over:
                first, second = rule.fields
                raise ApiError(400, f"{first} x {second} {area} is over {rule.max}", rule.id)

    def _check_urls(self, body: Mapping[str, Any]) -> None:
        for rule in self.url_rules:
            for index, (name, url) in enumerate(rule.urls(body)):
                if self._unchecked(name, index):
                    continue
                try:
                    self._policy_for(name).check(url)
                except UrlRejected as error:
                    raise ApiError(400, f"{name}: {error}", rule.id) from None

    def _unchecked(self, name: str, index: int) -> bool:
        """Only fault switches leave a URL unchecked."""
        image_op = self.op.operation_id == OperationId.CREATE_IMAGE_GENERATION
        if image_op and self.faults.on(Fault.HOOK_4_IMAGE):
            return True
        listed = name.endswith("s") and name != WEBHOOK_FIELD
        return listed and index > 0 and self.faults.on(Fault.HOOK_4_LATER_SOURCES)

    def _policy_for(self, name: str) -> UrlPolicy:
        if name == WEBHOOK_FIELD and self.faults.on(Fault.HOOK_4):
            return UrlPolicy(self.policy.allow, relax_loopback=True)
        if self.faults.on(Fault.HOOK_4_METADATA):
            return UrlPolicy(self.policy.allow, relax_metadata=True)
        return self.policy


class ParameterValidator:
    """Path and query parameters of one operation, validated by their spec schemas."""

    def __init__(self, spec: Spec, op: Operation) -> None:
        self.op = op
        self.coercer = Coercer(spec)
        self.validators = {
            param.name: spec.inline_validator(param.schema) for param in op.parameters
        }
        self.reads_query = any(param.location == "query" for param in op.parameters)

    def check(self, path: Mapping[str, str], query: Mapping[str, str]) -> dict[str, Any]:
        """The typed parameters (defaults filled), or 400 naming the rule."""
        values: dict[str, Any] = {}
        for param in self.op.parameters:
            source = path if param.location == "path" else query
            if param.location not in ("path", "query"):
                continue
            if param.name not in source:
                if "default" in param.schema:
                    values[param.name] = param.schema["default"]
                elif param.required:
                    raise ApiError(
                        400, f"{param.name} is required", self.op.rule_for_parameter(param)
                    )
                continue
            value = self._typed(param, source[param.name])
            if not self.validators[param.name].is_valid(value):
                error = next(iter(self.validators[param.name].iter_errors(value)))
                raise ApiError(
                    400, _short(f"{param.name}: {error.message}"), self.op.rule_for_parameter(param)
                )
            values[param.name] = value
        return values

    def _typed(self, param: Parameter, text: str) -> Any:
        if self.coercer._wants_integer(param.schema):
            try:
                number = float(text.strip())
                if number.is_integer():
                    return int(number)
            except (ValueError, OverflowError):
                pass
        return text
