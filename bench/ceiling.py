"""The machine's ceiling for bench/server.py: a bare Starlette handler answering fixed JSON.

It runs on the same uvicorn stack as the reference server (uvloop and httptools when installed),
so the gap between the two is what the server's own work costs.
"""

from __future__ import annotations

import argparse
import socket
import sys
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

BODY = b'{"id":"00000000-0000-4000-8000-000000000000","status":"succeeded","results":[]}'


async def fixed(request: Request) -> Response:
    await request.body()
    return Response(BODY, media_type="application/json")


app = Starlette(routes=[Route("/{path:path}", fixed, methods=["GET", "POST"])])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ready-file", type=Path, required=True)
    args = parser.parse_args()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", access_log=False, backlog=2048)
    server = uvicorn.Server(config)
    args.ready_file.write_text(f"http://127.0.0.1:{port}", encoding="utf-8")
    server.run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
