"""The benchmark's peer: the official Python MCP SDK (mcp 2.3.0) serving a `get_document` tool.

Streamable HTTP at /mcp with the SDK's defaults (stateful sessions, SSE responses), on
127.0.0.1 and a free port that is printed on stderr as
`peer: serving MCP on http://127.0.0.1:PORT/mcp`. Logging is at WARNING so per-request log lines
do not slow the peer down (Quire logs nothing per request at its default level either).
"""

import asyncio
import socket
import sys
from typing import Any

import uvicorn

from mcp.server.mcpserver import MCPServer

# The same small document Quire's store holds for the benchmark (see run.sh), in the shape of
# Quire's get_document answer.
DOCUMENT = {
    "uuid": "6f1c2a9e-0000-4000-8000-000000000001",
    "content": "Benchmark document 1. A small document for the HTTP benchmark.",
    "metadata": {
        "title": "Benchmark document 1",
        "record_type": "document",
        "created_at": "2026-01-01T00:00:00Z",
        "updated_at": "2026-01-01T00:00:00Z",
        "tags": ["bench", "http"],
        "custom_metadata": {"n": 1},
    },
}

server = MCPServer(name="python-sdk-peer", version="2.3.0", log_level="WARNING")


@server.tool(description="Fetch one document by its uuid.")
async def get_document(document_id: str) -> dict[str, Any]:
    # Any id is answered, so the benchmark can ask both servers for the same uuid.
    return {"document": {**DOCUMENT, "uuid": document_id}}


async def main() -> None:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    # Listening now lets clients queue up while the app starts; uvicorn accepts them after.
    listener.listen(4096)
    app = server.streamable_http_app(host="127.0.0.1")
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    uvicorn_server = uvicorn.Server(config)
    print(f"peer: serving MCP on http://127.0.0.1:{port}/mcp", file=sys.stderr, flush=True)
    await uvicorn_server.serve(sockets=[listener])


if __name__ == "__main__":
    asyncio.run(main())
