"""The suite as pytest tests: `pytest --pyargs conformance.entry.suite [--base-url ...]`."""
