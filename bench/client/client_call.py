"""The Python SDK client making one tool call, as `quire mcp call` does: connect, call, print, exit."""

import asyncio
import json
import sys

from mcp.client.client import Client


async def main(url: str, tool: str, arguments: dict) -> None:
    async with Client(url, mode="auto") as client:
        result = await client.call_tool(tool, arguments)
        print(json.dumps(result.structured_content) if result.structured_content is not None else result.content[0].text)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], json.loads(sys.argv[3])))
