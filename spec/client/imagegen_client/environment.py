"""What a client takes from the environment when the caller does not say: the key, the base URL,
and the User-Agent that names this client to the server's operators."""

from __future__ import annotations

import os
import sys

import httpx

from .errors import ConfigurationError

__all__ = [
    "API_KEY_VARIABLE",
    "BASE_URL_VARIABLE",
    "base_url_from_environment",
    "token_from_environment",
    "user_agent",
]

API_KEY_VARIABLE = "IMAGEGEN_API_KEY"
BASE_URL_VARIABLE = "IMAGEGEN_BASE_URL"


def _required(variable: str, argument: str) -> str:
    """The variable's value, or an error that names both ways of giving it."""
    value = os.environ.get(variable, "").strip()
    if not value:
        raise ConfigurationError(f"no {argument}= given and ${variable} is not set")
    return value


def token_from_environment() -> str:
    """The API key from $IMAGEGEN_API_KEY (the default of `token=`)."""
    return _required(API_KEY_VARIABLE, "token")


def base_url_from_environment() -> str:
    """The API's base URL from $IMAGEGEN_BASE_URL (the default of `base_url=`)."""
    return _required(BASE_URL_VARIABLE, "base_url")


def user_agent(version: str) -> str:
    """`imagegen-client/<version> python/<version> httpx/<version>`, for the server's logs."""
    python = ".".join(str(part) for part in sys.version_info[:3])
    return f"imagegen-client/{version} python/{python} httpx/{httpx.__version__}"
