"""Fault names are typed and checked against the spec; an error's rule joins its message late."""

from __future__ import annotations

import json
from typing import Any

import pytest

from contract import Spec, SpecError, load_spec
from refserver import Config, create_app
from refserver.errors import ApiError, error_response
from refserver.faults import FAULTS, Fault, Faults, UnknownFault, check_rules


def test_every_fault_switch_names_a_rule_of_the_spec() -> None:
    check_rules(load_spec())
    assert set(FAULTS) == set(Fault)


def test_a_switch_whose_rule_left_the_spec_fails_at_start() -> None:
    raw = dict(load_spec().raw)
    raw["x-contract-rules"] = [r for r in raw["x-contract-rules"] if r["id"] != "DIM-3"]
    with pytest.raises(SpecError, match="DIM-3"):
        check_rules(Spec(raw))
    with pytest.raises(SpecError, match="DIM-3"):
        create_app(Config(), Spec(raw))


def test_switch_names_are_the_lower_cased_rule_ids_in_any_case() -> None:
    faults = Faults(["DIM-3", "life-1"])
    assert faults.on(Fault.DIM_3) and faults.on(Fault.LIFE_1) and not faults.on(Fault.DIM_4)
    assert Fault("dim-3").rule == "DIM-3"
    with pytest.raises(UnknownFault, match="dim-9"):
        Faults(["dim-9"])


def rendered(error: ApiError, *, with_status: bool = True) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(bytes(error_response(error, with_status=with_status).body))
    return body


def test_the_rule_is_an_attribute_and_joins_the_message_only_in_the_body() -> None:
    error = ApiError(400, "id is not a UUID", "GET-1")
    assert (error.rule, error.message) == ("GET-1", "id is not a UUID")
    body = rendered(error)
    assert body == {"message": "GET-1: id is not a UUID", "statusCode": 400, "error": "Bad Request"}
    plain = rendered(ApiError(404, "artwork not found"))
    assert plain["message"] == "artwork not found"
    assert "statusCode" not in rendered(error, with_status=False)
