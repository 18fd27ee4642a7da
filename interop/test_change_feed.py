"""The change feed over stdio with the official SDK: every change once, in order, across restarts;
filters; long polls; cancellation; resource subscriptions."""

import json

import anyio
import pytest
from mcp.client.client import Client
from mcp.client.stdio import StdioServerParameters

from test_stdio_wire import initialize, receive, send

pytestmark = pytest.mark.anyio


def server(quire_bin: str, store_path: str) -> StdioServerParameters:
    return StdioServerParameters(command=quire_bin, args=["serve", store_path, "--embedding-dimension", "4"])


def ok(result) -> dict:
    assert not result.is_error, result.content
    return result.structured_content


async def add(client: Client, title: str, **metadata) -> str:
    result = ok(await client.call_tool("add_document", {"content": f"text of {title}", "metadata": {"title": title, **metadata}}))
    return result["document"]["uuid"]


async def test_every_change_once_in_order_across_a_restart(quire_bin, store_path):
    async with Client(server(quire_bin, store_path), mode="legacy") as client:
        subscription = ok(await client.call_tool("subscribe_changes", {"resource_type": "documents"}))
        sid = subscription["subscription_id"]
        a = await add(client, "A")
        b = await add(client, "B")
        ok(await client.call_tool("update_document", {"document_id": a, "metadata": {"status": "done"}}))
        ok(await client.call_tool("delete_document", {"document_id": b}))
        polled = ok(await client.call_tool("poll_changes", {"subscription_id": sid, "poll_token": subscription["poll_token"], "timeout": 0}))
        seen = [(c["type"], c["resource_id"]) for c in polled["changes"]]
        assert seen == [("created", a), ("created", b), ("updated", a), ("deleted", b)]
        versions = [c["version"] for c in polled["changes"]]
        assert versions == sorted(versions) and len(set(versions)) == 4
        token = polled["poll_token"]
        assert polled["has_more"] is False and polled["subscription_active"] is True

    async with Client(server(quire_bin, store_path), mode="legacy") as client:
        c = await add(client, "C")
        polled = ok(await client.call_tool("poll_changes", {"subscription_id": sid, "poll_token": token, "timeout": 0}))
        assert [(x["type"], x["resource_id"]) for x in polled["changes"]] == [("created", c)]
        again = ok(await client.call_tool("poll_changes", {"subscription_id": sid, "poll_token": polled["poll_token"], "timeout": 0}))
        assert again["changes"] == []
        # Without a token, the subscription resumes from its last recorded poll.
        stored = ok(await client.call_tool("poll_changes", {"subscription_id": sid, "timeout": 0}))
        assert stored["changes"] == []
        listed = ok(await client.call_tool("get_subscriptions", {}))
        assert [s["subscription_id"] for s in listed["subscriptions"]] == [sid]
        assert listed["subscriptions"][0]["last_poll"] is not None
        gone = ok(await client.call_tool("unsubscribe", {"subscription_id": sid}))
        assert gone == {"cancelled": True, "final_poll_token": f"{sid}:final"}
        missing = await client.call_tool("poll_changes", {"subscription_id": sid})
        assert missing.is_error and missing.structured_content["error"]["code"] == -32001


async def test_filters_apply_to_each_changed_record(quire_bin, store_path):
    async with Client(server(quire_bin, store_path), mode="auto") as client:
        subscription = ok(await client.call_tool(
            "subscribe_changes", {"filters": {"author": "Ada"}, "options": {"include_data": True}}
        ))
        sid = subscription["subscription_id"]
        ada = await add(client, "By Ada", author="Ada")
        await add(client, "By Grace", author="Grace")
        ok(await client.call_tool("delete_document", {"document_id": ada}))
        polled = ok(await client.call_tool("poll_changes", {"subscription_id": sid, "timeout": 0}))
        assert [(c["type"], c["resource_id"]) for c in polled["changes"]] == [("created", ada), ("deleted", ada)]
        assert polled["changes"][0]["new_data"]["metadata"]["author"] == "Ada"
        assert polled["changes"][1]["old_data"]["uuid"] == ada and "new_data" not in polled["changes"][1]
        bad = await client.call_tool("subscribe_changes", {"filters": "author = "})
        assert bad.is_error and bad.structured_content["error"]["code"] == -32004


async def test_a_long_poll_returns_when_a_change_arrives(quire_bin, store_path):
    async with Client(server(quire_bin, store_path), mode="legacy") as client:
        sid = ok(await client.call_tool("subscribe_changes", {}))["subscription_id"]
        results = {}

        async def long_poll():
            results["poll"] = ok(await client.call_tool("poll_changes", {"subscription_id": sid, "timeout": 120}))

        with anyio.fail_after(60):
            async with anyio.create_task_group() as group:
                group.start_soon(long_poll)
                results["added"] = await add(client, "Wakes the poll")
        assert [c["resource_id"] for c in results["poll"]["changes"]] == [results["added"]]


async def test_an_abandoned_call_is_cancelled_and_the_server_keeps_serving(quire_bin, store_path):
    async with Client(server(quire_bin, store_path), mode="legacy") as client:
        sid = ok(await client.call_tool("subscribe_changes", {}))["subscription_id"]
        # The SDK gives up after its read timeout and sends notifications/cancelled.
        with pytest.raises(Exception):
            await client.call_tool("poll_changes", {"subscription_id": sid, "timeout": 300}, read_timeout_seconds=0.5)
        added = await add(client, "After the cancel")
        polled = ok(await client.call_tool("poll_changes", {"subscription_id": sid, "timeout": 0}))
        # Had the cancelled poll kept running, it would have consumed this change itself.
        assert [c["resource_id"] for c in polled["changes"]] == [added]


def test_a_cancelled_request_never_answers(raw_server):
    server = raw_server()
    initialize(server)
    send(server, {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "subscribe_changes", "arguments": {}}})
    sid = receive(server)["result"]["structuredContent"]["subscription_id"]
    poll = {"subscription_id": sid, "timeout": 1}
    send(server, {"jsonrpc": "2.0", "id": 5, "method": "tools/call", "params": {"name": "poll_changes", "arguments": poll}})
    send(server, {"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 5, "reason": "test"}})
    # A second long poll sent later ends later than the first would have: its answer must come
    # with no answer to request 5 before it.
    send(server, {"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {"name": "poll_changes", "arguments": dict(poll, timeout=2)}})
    replies = []
    while not replies or replies[-1].get("id") != 7:
        replies.append(receive(server))
    assert [r.get("id") for r in replies] == [7]


async def test_resource_subscriptions_notify_updates(quire_bin, store_path):
    updated = anyio.Event()
    seen: list[str] = []

    async def on_message(message):
        root = getattr(message, "root", message)
        if getattr(root, "method", None) == "notifications/resources/updated":
            seen.append(root.params.uri)
            updated.set()

    async with Client(server(quire_bin, store_path), mode="legacy", message_handler=on_message) as client:
        assert client.server_capabilities.resources.subscribe is True
        doc = await add(client, "Watched")
        uri = f"contextframe://documents/{doc}"
        await client.subscribe_resource(uri)
        ok(await client.call_tool("update_document", {"document_id": doc, "content": "changed"}))
        with anyio.fail_after(20):
            await updated.wait()
        assert seen == [uri]
        content = json.loads((await client.read_resource(uri)).contents[0].text)
        assert content["content"] == "changed"
