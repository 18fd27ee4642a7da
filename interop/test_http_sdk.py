"""The official Python SDK against `quire serve --transport http`: /mcp in both eras, /sse, and
parity of every tool's results across all transports."""

import json
import re
import shutil

import pytest
from mcp.client.client import Client
from mcp.client.sse import sse_client
from mcp.client.stdio import StdioServerParameters

from test_stdio_sdk import exercise_every_tool

pytestmark = pytest.mark.anyio


async def test_legacy_sessions_over_http(http_server):
    server = http_server()
    async with Client(server.url, mode="legacy") as client:
        assert client.protocol_version == "2025-11-25"
        await exercise_every_tool(client)


async def test_stateless_2026_over_http(http_server):
    server = http_server()
    async with Client(server.url, mode="auto") as client:
        assert client.protocol_version == "2026-07-28"
        await exercise_every_tool(client)


async def test_legacy_http_plus_sse(http_server):
    server = http_server()
    async with Client(sse_client(server.url.replace("/mcp", "/sse")), mode="legacy") as client:
        await exercise_every_tool(client)


async def test_progress_reaches_the_sdk_over_http(http_server):
    server = http_server()
    for mode in ("legacy", "auto"):
        async with Client(server.url, mode=mode) as client:
            seen = []

            async def on_progress(progress, total, message):
                seen.append(progress)

            result = await client.call_tool(
                "optimize_storage", {"dry_run": True}, progress_callback=on_progress
            )
            assert not result.is_error
            assert seen and seen == sorted(seen), (mode, seen)


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z")
SUBSCRIPTION = re.compile(r"sub_[0-9a-f]+")

# A script of calls touching every tool group whose results are deterministic up to ids and times.
SCRIPT = [
    ("add_document", {"content": "Alpha text about actors", "metadata": {"title": "Alpha", "tags": ["a"]}, "embedding": [1, 0, 0, 0]}),
    ("add_document", {"content": "Beta text about search", "metadata": {"title": "Beta", "author": "Ada"}, "embedding": [0, 1, 0, 0]}),
    ("create_collection", {"name": "Notes", "description": "all notes", "template": "research"}),
    ("search_documents", {"query": "actors", "search_type": "text"}),
    ("search_documents", {"query": "x", "search_type": "vector", "query_embedding": [1, 0.1, 0, 0]}),
    ("list_documents", {"order_by": "title", "include_content": True}),
    ("list_collections", {}),
    ("subscribe_changes", {"resource_type": "documents"}),
    ("get_collection_stats", {"collection_id": "Notes"}),
    ("relationship_analysis", {}),
    ("get_document", {"document_id": "00000000-0000-4000-8000-000000000000"}),
    ("list_documents", {"limit": "ten"}),
    ("batch_delete", {"filter": {"author": "Ada"}}),
]


def normalize(result) -> str:
    text = json.dumps({"error": result.is_error, "content": result.structured_content}, sort_keys=True)
    text = UUID.sub("<uuid>", text)
    text = TIMESTAMP.sub("<time>", text)
    return SUBSCRIPTION.sub("<sub>", text)


async def run_script(client: Client) -> list[str]:
    names = {tool.name for tool in (await client.list_tools()).tools}
    results = []
    for name, arguments in SCRIPT:
        if name not in names:
            continue
        results.append(f"{name}: " + normalize(await client.call_tool(name, arguments)))
    return results


async def test_every_transport_returns_identical_results(http_server, quire_bin, tmp_path):
    outcomes = {}
    stdio_store = tmp_path / "stdio.db"
    params = StdioServerParameters(command=quire_bin, args=["serve", str(stdio_store), "--embedding-dimension", "4"])
    async with Client(params, mode="legacy") as client:
        outcomes["stdio"] = await run_script(client)
    async with Client(http_server().url, mode="legacy") as client:
        outcomes["http-legacy"] = await run_script(client)
    async with Client(http_server().url, mode="auto") as client:
        outcomes["http-2026"] = await run_script(client)
    async with Client(sse_client(http_server().url.replace("/mcp", "/sse")), mode="legacy") as client:
        outcomes["sse"] = await run_script(client)
    reference = outcomes["stdio"]
    assert len(reference) >= 10
    for transport, results in outcomes.items():
        assert results == reference, transport
