"""Benchmarks, run as scripts (`python bench/NAME.py`); a package so mypy names them apart."""
