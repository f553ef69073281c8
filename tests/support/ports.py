"""Loopback ports for tests: free ones, which are also sure refusals while nothing binds them."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A loopback port free right now (nothing listens there: also a sure refusal)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
