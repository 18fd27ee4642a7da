"""The collection tools and resources, driven by the official Python MCP SDK over stdio."""

import json

import pytest
from mcp.client.client import Client
from mcp.client.stdio import StdioServerParameters
from mcp.shared.exceptions import MCPError

pytestmark = pytest.mark.anyio

COLLECTION_TOOLS = [
    "create_collection",
    "update_collection",
    "delete_collection",
    "list_collections",
    "move_documents",
    "get_collection_stats",
]


def server(quire_bin: str, store_path: str) -> StdioServerParameters:
    return StdioServerParameters(command=quire_bin, args=["serve", store_path, "--embedding-dimension", "4"])


def structured(result) -> dict:
    assert not result.is_error, result.content
    assert json.loads(result.content[0].text) == result.structured_content
    return result.structured_content


def tool_error(result) -> dict:
    assert result.is_error, result.structured_content
    return result.structured_content["error"]


async def call(client: Client, tool: str, arguments: dict) -> dict:
    return structured(await client.call_tool(tool, arguments))


async def add(client: Client, title: str, content: str = "text", **extra) -> str:
    arguments = {"content": content, "metadata": {"title": title, **extra.pop("metadata", {})}, **extra}
    return (await call(client, "add_document", arguments))["document"]["uuid"]


async def metadata_of(client: Client, uuid: str) -> dict:
    return (await call(client, "get_document", {"document_id": uuid}))["document"]["metadata"]


async def test_tools_are_listed_with_schemas_and_hints(quire_bin, store_path):
    async with Client(server(quire_bin, store_path), mode="legacy") as client:
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}
        assert set(COLLECTION_TOOLS) <= set(tools)
        for name in COLLECTION_TOOLS:
            assert tools[name].output_schema, name
            assert tools[name].input_schema["additionalProperties"] is False, name
        assert tools["delete_collection"].annotations.destructive_hint is True
        assert tools["list_collections"].annotations.read_only_hint is True
        assert tools["get_collection_stats"].annotations.read_only_hint is True
        templates = tools["create_collection"].input_schema["properties"]["template"]["enum"]
        assert templates == ["project", "research", "knowledge_base", "dataset", "legal"]


async def test_create_with_template_and_nested_collections(quire_bin, store_path):
    async with Client(server(quire_bin, store_path), mode="legacy") as client:
        doc = await add(client, "Paper")
        research = await call(
            client,
            "create_collection",
            {
                "name": "Research",
                "description": "Papers we read",
                "template": "research",
                "metadata": {"x_domain": "physics", "priority": 1, "reviewed": True},
                "initial_members": [doc],
            },
        )
        assert research["collection_id"] == research["header_id"]
        assert research["name"] == "Research"
        assert research["member_count"] == 1
        assert research["template"] == "research"
        assert research["parent_id"] is None
        assert research["failed_members"] == []
        # The template's defaults join the shared metadata; the caller's values win.
        assert research["metadata"] == {
            "x_template": "research",
            "x_domain": "physics",
            "priority": "1",
            "reviewed": "true",
        }
        assert research["created_at"].endswith("Z")

        header = (await call(client, "get_document", {"document_id": research["collection_id"]}))["document"]
        assert header["content"] == "Collection: Research\n\nPapers we read"
        assert header["metadata"]["record_type"] == "collection_header"
        assert header["metadata"]["context"] == "Papers we read"
        assert header["metadata"]["custom_metadata"]["collection_template"] == "research"
        assert header["metadata"]["custom_metadata"]["shared_x_domain"] == "physics"

        member = await metadata_of(client, doc)
        assert member["collection"] == "Research"
        assert member["collection_id"] == research["collection_id"]
        assert member["collection_id_type"] == "uuid"
        assert member["position"] == 0

        notes = await call(client, "create_collection", {"name": "Notes", "parent_collection": "Research"})
        assert notes["parent_id"] == research["collection_id"]
        assert notes["metadata"] == {}
        deeper = await call(client, "create_collection", {"name": "Drafts", "parent_collection": notes["collection_id"]})
        sub_header = await metadata_of(client, deeper["collection_id"])
        assert sub_header["collection_id"] == notes["collection_id"] and sub_header["collection"] == "Notes"

        # Names are unique among siblings only.
        clash = tool_error(await client.call_tool("create_collection", {"name": "Notes", "parent_collection": "Research"}))
        assert clash["code"] == -32602 and "Notes" in clash["message"]
        await call(client, "create_collection", {"name": "Notes"})
        ambiguous = tool_error(await client.call_tool("get_collection_stats", {"collection_id": "Notes"}))
        assert ambiguous["code"] == -32602 and "uuid" in ambiguous["message"]

        bad_template = await client.call_tool("create_collection", {"name": "X", "template": "cooking"})
        assert bad_template.is_error and "template" in bad_template.content[0].text

        children = await call(client, "list_collections", {"parent_id": "Research", "include_stats": False})
        assert [entry["name"] for entry in children["collections"]] == ["Notes"]
        assert children["collections"][0]["parent_id"] == research["collection_id"]


async def test_rename_keeps_members_in_sync(quire_bin, store_path):
    async with Client(server(quire_bin, store_path), mode="legacy") as client:
        created = await call(client, "create_collection", {"name": "Inbox", "description": "New things"})
        first = await add(client, "First", collection="Inbox")
        second = await add(client, "Second", collection=created["collection_id"])
        assert [(await metadata_of(client, uuid))["position"] for uuid in (first, second)] == [0, 1]
        sub = await call(client, "create_collection", {"name": "Later", "parent_collection": "Inbox"})

        renamed = await call(
            client,
            "update_collection",
            {"collection_id": "Inbox", "name": "Archive", "metadata_updates": {"x_owner": "ada"}},
        )
        assert renamed == {
            "collection_id": created["collection_id"],
            "name": "Archive",
            "updated": True,
            "members_added": 0,
            "members_removed": 0,
            "total_members": 2,
            "failed_members": [],
        }
        for uuid in (first, second, sub["collection_id"]):
            assert (await metadata_of(client, uuid))["collection"] == "Archive"
        listed = await call(client, "list_documents", {"filter": {"collection": "Archive", "record_type": "document"}})
        assert listed["total_count"] == 2
        header = (await call(client, "get_document", {"document_id": created["collection_id"]}))["document"]
        assert header["content"] == "Collection: Archive\n\nNew things"

        gone = tool_error(await client.call_tool("get_collection_stats", {"collection_id": "Inbox"}))
        assert gone["code"] == -32001

        removed_key = await call(client, "update_collection", {"collection_id": "Archive", "metadata_updates": {"x_owner": None}})
        assert removed_key["updated"] is True
        info = (await call(client, "list_collections", {"include_stats": False}))["collections"]
        assert next(entry for entry in info if entry["name"] == "Archive")["metadata"] == {}


async def test_membership_changes_and_moves_between_collections(quire_bin, store_path):
    async with Client(server(quire_bin, store_path), mode="legacy") as client:
        docs = [await add(client, f"Doc {index}", metadata={"x_keep": "yes"}) for index in range(4)]
        source = await call(client, "create_collection", {"name": "Source", "initial_members": docs[:3]})
        target = await call(
            client, "create_collection", {"name": "Target", "metadata": {"x_stage": "final"}, "initial_members": [docs[3]]}
        )

        # A record already in another collection is not added; the message points at move_documents.
        update = await call(client, "update_collection", {"collection_id": "Target", "add_members": [docs[0]]})
        assert update["members_added"] == 0 and update["total_members"] == 1
        assert update["failed_members"][0]["document_id"] == docs[0]
        assert "move_documents" in update["failed_members"][0]["error"]
        assert (await metadata_of(client, docs[0]))["collection"] == "Source"

        moved = await call(
            client,
            "move_documents",
            {"document_ids": [docs[1], docs[3], docs[0]], "source_collection": "Source", "target_collection": "Target"},
        )
        assert moved["moved_count"] == 2 and moved["failed_count"] == 1
        assert moved["moved_documents"] == [docs[1], docs[0]]
        assert moved["failed_moves"][0]["document_id"] == docs[3]
        assert moved["source_collection"] == source["collection_id"]
        assert moved["target_collection"] == target["collection_id"]
        after = await metadata_of(client, docs[1])
        assert after["collection"] == "Target" and after["collection_id"] == target["collection_id"]
        assert after["position"] == 1
        assert after["custom_metadata"] == {"x_keep": "yes", "x_stage": "final"}
        assert (await metadata_of(client, docs[0]))["position"] == 2

        plain = await call(
            client, "move_documents", {"document_ids": [docs[2]], "target_collection": "Target", "update_metadata": False}
        )
        assert plain["moved_count"] == 1
        assert (await metadata_of(client, docs[2]))["custom_metadata"] == {"x_keep": "yes"}

        detached = await call(client, "move_documents", {"document_ids": [docs[2]], "target_collection": None})
        assert detached["target_collection"] is None and detached["moved_count"] == 1
        loose = await metadata_of(client, docs[2])
        assert "collection" not in loose and "collection_id" not in loose and "position" not in loose

        removal = await call(
            client, "update_collection", {"collection_id": "Target", "remove_members": [docs[1], docs[2]]}
        )
        assert removal["members_removed"] == 1 and removal["total_members"] == 2
        assert removal["failed_members"][0]["document_id"] == docs[2]

        empty = await client.call_tool("move_documents", {"document_ids": []})
        assert empty.is_error and "document_ids" in empty.content[0].text


async def test_delete_with_and_without_members_and_recursive(quire_bin, store_path):
    async with Client(server(quire_bin, store_path), mode="legacy") as client:
        kept = [await add(client, f"Kept {index}") for index in range(2)]
        await call(client, "create_collection", {"name": "Loose", "initial_members": kept})
        deleted = await call(client, "delete_collection", {"collection_id": "Loose"})
        assert deleted["total_collections_deleted"] == 1
        assert deleted["deleted_members"] == [] and deleted["total_members_deleted"] == 0
        assert deleted["members_detached"] == 2
        for uuid in kept:
            assert "collection_id" not in await metadata_of(client, uuid)

        root = await call(client, "create_collection", {"name": "Root"})
        child = await call(client, "create_collection", {"name": "Child", "parent_collection": "Root"})
        leaf = await call(client, "create_collection", {"name": "Leaf", "parent_collection": child["collection_id"]})
        in_root = await add(client, "In root", collection="Root")
        in_leaf = await add(client, "In leaf", collection=leaf["collection_id"])

        refused = tool_error(await client.call_tool("delete_collection", {"collection_id": "Root", "delete_members": True}))
        assert refused["code"] == -32602 and "recursive" in refused["message"]
        assert (await call(client, "list_collections", {}))["total_count"] == 3
        assert (await call(client, "get_document", {"document_id": in_leaf}))["document"]["uuid"] == in_leaf

        result = await call(
            client, "delete_collection", {"collection_id": root["collection_id"], "delete_members": True, "recursive": True}
        )
        assert result["deleted_collections"] == [leaf["collection_id"], child["collection_id"], root["collection_id"]]
        assert sorted(result["deleted_members"]) == sorted([in_root, in_leaf])
        assert result["total_collections_deleted"] == 3 and result["total_members_deleted"] == 2
        for uuid in (in_root, in_leaf):
            assert tool_error(await client.call_tool("get_document", {"document_id": uuid}))["code"] == -32001
        assert (await call(client, "list_collections", {}))["total_count"] == 0
        assert (await call(client, "list_documents", {}))["total_count"] == 2


async def test_statistics_match_the_documents_added(quire_bin, store_path):
    async with Client(server(quire_bin, store_path), mode="auto") as client:
        await call(client, "create_collection", {"name": "Library"})
        await call(client, "create_collection", {"name": "Annex", "parent_collection": "Library"})
        added = [
            ("Library", "héllo wörld", ["a", "b"], "2024-01-02"),
            ("Library", "plain", ["b"], "2024-03-04"),
            ("Annex", "日本語", ["c"], "2023-12-31"),
        ]
        uuids = []
        for collection, content, tags, date in added:
            uuids.append(
                await add(client, content, content, metadata={"tags": tags, "created_at": date}, collection=collection)
            )
        await add(client, "Outside", "not counted", metadata={"tags": ["z"]})

        sizes = [len(content.encode("utf-8")) for _, content, _, _ in added]
        stats = await call(client, "get_collection_stats", {"collection_id": "Library", "include_member_details": True})
        statistics = stats["statistics"]
        assert statistics["total_members"] == 3
        assert statistics["direct_members"] == 2
        assert statistics["subcollection_members"] == 1
        assert statistics["total_size_bytes"] == sum(sizes)
        assert statistics["avg_document_size"] == pytest.approx(sum(sizes) / 3)
        assert statistics["unique_tags"] == ["a", "b", "c"]
        assert statistics["date_range"] == {"earliest": "2023-12-31T00:00:00.000Z", "latest": "2024-03-04T00:00:00.000Z"}
        assert statistics["member_types"] == {"document": 3}
        assert [entry["name"] for entry in stats["subcollections"]] == ["Annex"]
        assert stats["subcollections"][0]["member_count"] == 1
        assert [member["uuid"] for member in stats["members"]] == uuids[:2]
        assert [member["size_bytes"] for member in stats["members"]] == sizes[:2]

        direct = await call(client, "get_collection_stats", {"collection_id": "Library", "include_subcollections": False})
        assert direct["statistics"]["total_members"] == 2
        assert direct["statistics"]["subcollection_members"] == 0
        assert direct["statistics"]["total_size_bytes"] == sizes[0] + sizes[1]
        assert direct["statistics"]["unique_tags"] == ["a", "b"]
        assert "subcollections" not in direct and "members" not in direct

        listed = await call(client, "list_collections", {"sort_by": "member_count"})
        assert [entry["collection"]["name"] for entry in listed["collections"]] == ["Library", "Annex"]
        library = listed["collections"][0]
        assert library["collection"]["member_count"] == 2
        assert library["collection"]["total_size_bytes"] == sizes[0] + sizes[1]
        assert library["statistics"]["total_members"] == 2
        paged = await call(client, "list_collections", {"include_stats": False, "limit": 1, "offset": 1})
        assert paged["total_count"] == 2 and [entry["name"] for entry in paged["collections"]] == ["Library"]


async def test_unknown_collections_are_record_not_found_errors(quire_bin, store_path):
    async with Client(server(quire_bin, store_path), mode="legacy") as client:
        doc = await add(client, "Doc")
        missing = "00000000-0000-4000-8000-000000000000"
        calls = [
            ("create_collection", {"name": "X", "parent_collection": "Nowhere"}),
            ("update_collection", {"collection_id": missing}),
            ("delete_collection", {"collection_id": "Nowhere"}),
            ("list_collections", {"parent_id": "Nowhere"}),
            ("move_documents", {"document_ids": [doc], "target_collection": "Nowhere"}),
            ("move_documents", {"document_ids": [doc], "source_collection": "Nowhere"}),
            ("get_collection_stats", {"collection_id": missing}),
            ("add_document", {"content": "x", "metadata": {"title": "X"}, "collection": "Nowhere"}),
        ]
        for tool, arguments in calls:
            error = tool_error(await client.call_tool(tool, arguments))
            assert error["code"] == -32001, (tool, error)
            assert error["data"]["kind"] == "collection", (tool, error)
            assert "Collection not found" in error["message"]
        # A document's uuid does not name a collection.
        error = tool_error(await client.call_tool("get_collection_stats", {"collection_id": doc}))
        assert error["code"] == -32001 and error["data"]["kind"] == "collection"
        # Nothing was written by the failed calls.
        assert (await call(client, "list_documents", {}))["total_count"] == 1
        assert "collection_id" not in await metadata_of(client, doc)


async def test_collection_resources(quire_bin, store_path):
    async with Client(server(quire_bin, store_path), mode="legacy") as client:
        created = await call(client, "create_collection", {"name": "Shelf", "template": "project"})
        await call(client, "create_collection", {"name": "Box", "parent_collection": "Shelf"})
        await add(client, "On the shelf", "abc", collection="Shelf")

        resources = {resource.uri for resource in (await client.list_resources()).resources}
        assert "contextframe://collections" in resources
        templates = {template.uri_template for template in (await client.list_resource_templates()).resource_templates}
        assert "contextframe://collections/{uuid}" in templates

        listing = await client.read_resource("contextframe://collections")
        assert listing.contents[0].mime_type == "application/json"
        listed = json.loads(listing.contents[0].text)
        tool = await call(client, "list_collections", {})
        assert listed["collections"] == tool["collections"]
        assert listed["total_count"] == 2

        one = json.loads((await client.read_resource(f"contextframe://collections/{created['collection_id']}")).contents[0].text)
        assert one["collection"]["name"] == "Shelf"
        assert one["collection"]["metadata"] == {"x_template": "project", "x_domain": "software"}
        assert one["statistics"]["total_members"] == 1 and one["statistics"]["total_size_bytes"] == 3
        assert [entry["name"] for entry in one["subcollections"]] == ["Box"]

        with pytest.raises(MCPError):
            await client.read_resource("contextframe://collections/00000000-0000-4000-8000-000000000000")
        with pytest.raises(MCPError):
            await client.read_resource("contextframe://collections/Shelf")
