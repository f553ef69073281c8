"""Loads `spec/openapi.yaml` and its `x-` vocabulary: the one place the server and the kit share."""

from contract.rules import (
    AreaLimit,
    Delivery,
    EmptyDefault,
    OutputFormat,
    OutputSize,
    PublicUrl,
    ResultCount,
    Rule,
    WordLimit,
    parse_ratio,
    truncate_words,
    wanted_ratio,
)
from contract.spec import ContractRule, Operation, Parameter, Spec, load_spec

__all__ = [
    "AreaLimit",
    "ContractRule",
    "Delivery",
    "EmptyDefault",
    "Operation",
    "OutputFormat",
    "OutputSize",
    "Parameter",
    "PublicUrl",
    "ResultCount",
    "Rule",
    "Spec",
    "WordLimit",
    "load_spec",
    "parse_ratio",
    "truncate_words",
    "wanted_ratio",
]
