"""Quire over Streamable HTTP with the official MCP Python SDK, in both protocol eras.

    quire serve notes.db --transport http          # in another terminal
    python http_client.py [URL]                    # default http://127.0.0.1:8080/mcp

With authentication on, set QUIRE_TOKEN (a JWT) or QUIRE_API_KEY (see quire_auth.py).
"""

import asyncio
import sys

import httpx2  # the HTTP client the SDK itself uses (installed with `mcp`)
from mcp.client.client import Client
from mcp.client.streamable_http import streamable_http_client

from quire_auth import auth_headers


async def main(url: str) -> None:
    for mode in ("auto", "legacy"):  # auto: 2026-07-28, stateless; legacy: initialize + Mcp-Session-Id
        async with httpx2.AsyncClient(headers=auth_headers()) as http:
            async with Client(streamable_http_client(url, http_client=http), mode=mode) as client:
                result = await client.call_tool("add_document", {
                    "content": f"Written over Streamable HTTP ({mode}).",
                    "metadata": {"title": f"HTTP {mode}", "tags": ["example"]},
                })
                if result.is_error:
                    raise SystemExit(f"add_document failed: {result.structured_content}")
                listed = await client.call_tool("list_documents", {"filter": {"tags": {"any": ["example"]}}})
                print(f"{mode}: protocol {client.protocol_version}, added {result.structured_content['document']['uuid']}, "
                      f"{listed.structured_content['total_count']} example document(s)")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080/mcp"))
