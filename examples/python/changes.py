"""Watching changes with the official MCP Python SDK: a change subscription and a long poll.

    python changes.py [URL]                        # default http://127.0.0.1:8080/mcp

`subscribe_changes` creates a subscription; `poll_changes` with a timeout waits (long poll) until a
matching change arrives. Here a second task adds the document the poll is waiting for.
(Over HTTP, plain clients can also stream GET /mcp/v1/sse/subscribe: see ../javascript/subscribe.mjs.)
"""

import asyncio
import sys

import httpx2
from mcp.client.client import Client
from mcp.client.streamable_http import streamable_http_client

from quire_auth import auth_headers


async def main(url: str) -> None:
    async with httpx2.AsyncClient(headers=auth_headers()) as http:
        async with Client(streamable_http_client(url, http_client=http)) as client:
            subscription = (await client.call_tool(
                "subscribe_changes", {"resource_type": "documents", "filters": {"tags": {"any": ["watched"]}}}
            )).structured_content
            print(f"subscribed {subscription['subscription_id']}")

            async def add_later() -> None:
                await asyncio.sleep(0.5)  # let the poll start waiting first (not needed for correctness)
                await client.call_tool("add_document", {"content": "Seen by the subscription.",
                                                        "metadata": {"title": "Watched", "tags": ["watched"]}})

            poll = client.call_tool("poll_changes", {"subscription_id": subscription["subscription_id"],
                                                     "poll_token": subscription["poll_token"], "timeout": 30})
            polled, _ = await asyncio.gather(poll, add_later())
            for change in polled.structured_content["changes"]:
                print(f"change: {change['type']} {change['resource_id']}")
            await client.call_tool("unsubscribe", {"subscription_id": subscription["subscription_id"]})


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080/mcp"))
