"""`python -m refserver`: bind, print the dev keys and URLs, write the ready file, serve."""

from __future__ import annotations

import json
import logging
import os
import socket
import sys
from collections.abc import Sequence
from pathlib import Path

from contract import OperationId, load_spec
from refserver import devkeys
from refserver.cli import from_namespace, parser
from refserver.files import FILES_PREFIX
from refserver.serve import serve_one
from refserver.settings import Config, ConfigError
from refserver.stores import preflight
from refserver.workers import Supervisor


def _bind(host: str, port: int) -> socket.socket:
    try:
        return _listen(host, port)
    except OSError as error:
        raise ConfigError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY (no 40 ms Nagle stalls) only when proto says TCP
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _base_url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    host = "127.0.0.1" if host == "0.0.0.0" else host
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _write_ready(path: Path, base_url: str) -> None:
    """Atomically, so a waiting test never reads half a file."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({"baseUrl": base_url}), encoding="utf-8")
    os.replace(tmp, path)


def _banner(config: Config) -> None:
    print(f"refserver listening on {config.base_url}", flush=True)
    artworks = load_spec().operation(OperationId.LIST_ARTWORKS).path
    print(
        f"  API:    {config.base_url}{artworks}   files: {config.base_url}{FILES_PREFIX}",
        flush=True,
    )
    if config.dev_keys:
        for key in config.keys:
            print(f"  dev key ({key.scope}, org {key.org}): {key.key}", flush=True)
        kept = config.dev_keys_file or devkeys.default_path()
        print(f"  (kept in {kept}; `--print-env` prints them as export lines)", flush=True)
    else:
        print(f"  {len(config.keys)} configured key(s)", flush=True)
    if config.faults:
        print(f"  FAULT SWITCHES ON: {', '.join(config.faults)}", flush=True)
    if config.cors_origins:
        print(f"  CORS origins: {', '.join(config.cors_origins)}", flush=True)
    print(f"  store: {config.store.split('@')[-1]}, workers: {config.workers}", flush=True)


def _announce(config: Config) -> None:
    _banner(config)
    if config.ready_file is not None:
        _write_ready(config.ready_file, config.base_url)


def _print_env(config: Config) -> None:
    """The dev keys as `export` lines: the one secret the server prints, because it made it."""
    if not config.dev_keys:
        raise ConfigError("--print-env prints only dev keys, and keys are configured here")
    for line in devkeys.export_lines({key.scope: key.key for key in config.keys}):
        print(line)


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        args = parser().parse_args(argv)
        config = from_namespace(args)
        if args.print_env:
            _print_env(config)
            return 0
        preflight(config.store)
        sock = _bind(config.host, config.port)
    except (ConfigError, OSError) as error:
        print(f"refserver: {error}", file=sys.stderr)
        return 2
    config = config.with_base_url(_base_url(sock))
    if config.workers == 1:
        serve_one(config, sock, lambda: _announce(config))
        return 0
    supervisor = Supervisor(config, sock)
    try:
        supervisor.start()
    except RuntimeError as error:
        print(f"refserver: {error}", file=sys.stderr)
        return 1
    _announce(config)
    supervisor.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
