"""Quire over stdio with the official MCP Python SDK: the SDK starts `quire serve` as a child process.

    python stdio_client.py [QUIRE_BINARY] [STORE]     # defaults: quire on PATH, ./example.db

Adds a document, searches for it and reads the dataset resource.
"""

import asyncio
import json
import sys

from mcp.client.client import Client
from mcp.client.stdio import StdioServerParameters


async def main(quire: str, store: str) -> None:
    server = StdioServerParameters(command=quire, args=["serve", store])
    # mode="auto" speaks the 2026-07-28 stateless era when the server offers it (Quire does);
    # mode="legacy" would use the initialize handshake (2025-11-25).
    async with Client(server, mode="auto") as client:
        print(f"connected: protocol {client.protocol_version}")
        added = await client.call_tool("add_document", {
            "content": "Swift actors isolate mutable state.",
            "metadata": {"title": "Actors", "tags": ["swift"]},
        })
        assert not added.is_error, added
        print(f"added {added.structured_content['document']['uuid']}")

        found = await client.call_tool("search_documents", {"query": "actors", "search_type": "text", "limit": 3})
        titles = [doc["metadata"]["title"] for doc in found.structured_content["documents"]]
        print(f"search 'actors': {titles}")

        info = await client.read_resource("contextframe://dataset/info")
        print(f"dataset: {json.loads(info.contents[0].text)['total_documents']} document(s)")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "quire", sys.argv[2] if len(sys.argv) > 2 else "example.db"))
