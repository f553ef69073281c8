"""The reference server: the whole Image Generation API from the spec, in one command."""

from refserver.app import create_app
from refserver.settings import Config

__all__ = ["Config", "create_app"]
