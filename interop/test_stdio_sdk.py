"""The official Python MCP SDK drives `quire serve` over stdio, in both protocol eras."""

import json

import pytest
from mcp.client.client import Client
from mcp.client.stdio import StdioServerParameters

pytestmark = pytest.mark.anyio

CORE_TOOLS = [
    "search_documents",
    "add_document",
    "get_document",
    "list_documents",
    "update_document",
    "delete_document",
]


def server(quire_bin: str, store_path: str) -> StdioServerParameters:
    return StdioServerParameters(command=quire_bin, args=["serve", store_path, "--embedding-dimension", "4"])


def structured(result) -> dict:
    assert not result.is_error, result.content
    # The text block mirrors the structured content for clients that read only text.
    assert json.loads(result.content[0].text) == result.structured_content
    return result.structured_content


def tool_error(result) -> dict:
    assert result.is_error
    return result.structured_content["error"]


async def exercise_every_tool(client: Client) -> None:
    tools = await client.list_tools()
    names = [tool.name for tool in tools.tools]
    assert names[: len(CORE_TOOLS)] == CORE_TOOLS
    by_name = {tool.name: tool for tool in tools.tools}
    assert by_name["search_documents"].annotations.read_only_hint is True
    assert by_name["delete_document"].annotations.destructive_hint is True
    assert all(tool.output_schema for tool in tools.tools)

    added = structured(
        await client.call_tool(
            "add_document",
            {
                "content": "Swift concurrency uses actors to protect shared mutable state.",
                "metadata": {"title": "Actors", "author": "Ada", "tags": ["swift", "concurrency"], "x_team": "core"},
                "embedding": [1.0, 0.0, 0.0, 0.0],
            },
        )
    )
    assert added["embedding_status"] == "stored"
    first = added["document"]["uuid"]
    assert added["document"]["metadata"]["custom_metadata"] == {"x_team": "core"}

    second = structured(
        await client.call_tool(
            "add_document",
            {
                "content": "SQLite full-text search ranks documents with BM25.",
                "metadata": {"title": "Search", "author": "Grace", "status": "draft"},
                "embedding": [0.0, 1.0, 0.0, 0.0],
            },
        )
    )["document"]["uuid"]

    chunked = structured(
        await client.call_tool(
            "add_document",
            {"content": "word " * 100, "metadata": {"title": "Long"}, "chunk_size": 100, "chunk_overlap": 10},
        )
    )
    assert chunked["total_chunks"] == len(chunked["documents"]) > 1
    assert chunked["embedding_status"] == "skipped"

    got = structured(await client.call_tool("get_document", {"document_id": first, "include_embeddings": True}))
    assert got["document"]["content"].startswith("Swift concurrency")
    assert got["document"]["embedding"] == [1.0, 0.0, 0.0, 0.0]

    listed = structured(
        await client.call_tool("list_documents", {"filter": {"author": "Grace"}, "include_content": True})
    )
    assert listed["total_count"] == 1 and listed["documents"][0]["uuid"] == second
    listed = structured(await client.call_tool("list_documents", {"filter": "author = 'Ada' OR status = 'draft'"}))
    assert listed["total_count"] == 2

    text = structured(await client.call_tool("search_documents", {"query": "BM25 ranking", "search_type": "text"}))
    assert text["search_type_used"] == "text"
    assert text["documents"][0]["uuid"] == second

    vector = structured(
        await client.call_tool(
            "search_documents", {"query": "x", "search_type": "vector", "query_embedding": [0.9, 0.1, 0.0, 0.0]}
        )
    )
    assert [d["uuid"] for d in vector["documents"]][:2] == [first, second]

    hybrid = structured(await client.call_tool("search_documents", {"query": "actors"}))
    assert hybrid["search_type_used"] == "text" and hybrid["warnings"]
    assert hybrid["documents"][0]["uuid"] == first

    no_vector = tool_error(await client.call_tool("search_documents", {"query": "x", "search_type": "vector"}))
    assert no_vector["code"] == -32002

    updated = structured(
        await client.call_tool(
            "update_document",
            {"document_id": first, "metadata": {"status": "published", "custom_metadata": {"x_team": None}}},
        )
    )["document"]
    assert updated["metadata"]["status"] == "published"
    assert updated["metadata"]["custom_metadata"] == {}
    assert updated["metadata"]["created_at"] == got["document"]["metadata"]["created_at"]

    deleted = structured(await client.call_tool("delete_document", {"document_id": second}))
    assert deleted == {"deleted": True, "document_id": second}
    missing = tool_error(await client.call_tool("get_document", {"document_id": second}))
    assert missing["code"] == -32001

    wrong_type = await client.call_tool("list_documents", {"limit": "ten"})
    assert wrong_type.is_error and "limit" in wrong_type.content[0].text

    bad_filter = tool_error(await client.call_tool("list_documents", {"filter": "title = 'x' OR 1=1"}))
    assert bad_filter["code"] == -32004

    info = await client.read_resource("contextframe://dataset/info")
    info_json = json.loads(info.contents[0].text)
    assert info_json["total_documents"] == 1 + len(chunked["documents"])
    schema = json.loads((await client.read_resource("contextframe://dataset/schema")).contents[0].text)
    assert {"uuid", "title", "vector"} <= {field["name"] for field in schema["fields"]}
    document = json.loads((await client.read_resource(f"contextframe://documents/{first}")).contents[0].text)
    assert document["uuid"] == first

    templates = await client.list_resource_templates()
    assert templates.resource_templates[0].uri_template == "contextframe://documents/{uuid}"


async def test_legacy_session_runs_every_tool(quire_bin, store_path):
    async with Client(server(quire_bin, store_path), mode="legacy") as client:
        assert client.protocol_version == "2025-11-25"
        assert client.server_info.name == "quire"
        await exercise_every_tool(client)


async def test_modern_era_runs_every_tool(quire_bin, store_path):
    async with Client(server(quire_bin, store_path), mode="auto") as client:
        assert client.protocol_version == "2026-07-28"
        await exercise_every_tool(client)


async def test_unknown_tool_is_a_protocol_error(quire_bin, store_path):
    from mcp.shared.exceptions import MCPError

    async with Client(server(quire_bin, store_path), mode="legacy") as client:
        with pytest.raises(MCPError) as raised:
            await client.call_tool("no_such_tool", {})
        assert raised.value.error.code == -32602


async def test_unknown_resource_is_a_protocol_error(quire_bin, store_path):
    from mcp.shared.exceptions import MCPError

    async with Client(server(quire_bin, store_path), mode="legacy") as client:
        with pytest.raises(MCPError):
            await client.read_resource("contextframe://documents/00000000-0000-4000-8000-000000000000")
