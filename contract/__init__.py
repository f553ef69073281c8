"""Loads `spec/openapi.yaml` and its `x-` vocabulary: the one place the server and the kit share."""

from contract.echoes import Echo, echoes
from contract.names import (
    POLL_OPERATIONS,
    TASK_OPERATIONS,
    WEBHOOK,
    WEBHOOK_FIELD,
    OperationId,
)
from contract.parsing import parse_rule
from contract.rules import (
    AreaLimit,
    Delivery,
    EmptyDefault,
    OutputFormat,
    OutputSize,
    PublicUrl,
    ResultCount,
    Rule,
    SpecError,
    When,
    WordLimit,
    parse_ratio,
)
from contract.spec import HTTP_METHODS, ContractRule, Operation, Parameter, Spec, load_spec

__all__ = [
    "HTTP_METHODS",
    "POLL_OPERATIONS",
    "TASK_OPERATIONS",
    "WEBHOOK",
    "WEBHOOK_FIELD",
    "AreaLimit",
    "ContractRule",
    "Delivery",
    "Echo",
    "EmptyDefault",
    "Operation",
    "OperationId",
    "OutputFormat",
    "OutputSize",
    "Parameter",
    "PublicUrl",
    "ResultCount",
    "Rule",
    "Spec",
    "SpecError",
    "When",
    "WordLimit",
    "echoes",
    "load_spec",
    "parse_ratio",
    "parse_rule",
]
