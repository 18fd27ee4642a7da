"""Progress notifications from a long tool call, with the official MCP Python SDK.

    python progress.py [URL]                       # default http://127.0.0.1:8080/mcp

`batch_add` with atomic=false stores each document on its own and reports progress after each;
the SDK sends a progress token and calls `on_progress` for every notification.
"""

import asyncio
import sys

import httpx2
from mcp.client.client import Client
from mcp.client.streamable_http import streamable_http_client

from quire_auth import auth_headers


async def main(url: str, count: int = 5) -> None:
    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        print(f"progress {progress:g}/{total:g}" + (f" {message}" if message else ""))

    documents = [{"content": f"Document number {i}.", "metadata": {"title": f"Doc {i}"}} for i in range(count)]
    async with httpx2.AsyncClient(headers=auth_headers()) as http:
        async with Client(streamable_http_client(url, http_client=http)) as client:
            result = await client.call_tool(
                "batch_add", {"documents": documents, "atomic": False}, progress_callback=on_progress
            )
            print(f"added {result.structured_content['documents_added']} of {count}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080/mcp"))
