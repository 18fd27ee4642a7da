"""The REST-style `/mcp/v1/*` routes over raw HTTP: plain JSON, status codes, operations with
replayable progress streams, cancellation, the change stream with `Last-Event-ID`, named
subscriptions, and parity with `/mcp`."""

import json
import urllib.parse

import pytest

from http_support import modern_headers, modern_request

V1 = "/mcp/v1"


# --- helpers -----------------------------------------------------------------------------------

class Stream:
    """An open SSE response, read event by event (comments are kept as {"comment": text})."""

    def __init__(self, server, path: str, headers: dict | None = None):
        self.connection = server.connection()
        self.connection.request("GET", path, headers={"Accept": "text/event-stream", **(headers or {})})
        self.response = self.connection.getresponse()
        self.status = self.response.status

    def body(self):
        return json.loads(self.response.read())

    def next(self, comments: bool = False) -> dict | None:
        """The next event (or comment, when asked for); None when the stream ends."""
        current: dict = {}
        data: list[str] = []
        while True:
            raw = self.response.readline()
            if not raw:
                return None
            line = raw.decode().rstrip("\r\n")
            if line == "":
                if data:
                    current["data"] = "\n".join(data)
                if current:
                    return current
                continue
            if line.startswith(":"):
                if comments:
                    # A comment block ends with its own blank line; consume it.
                    self.response.readline()
                    return {"comment": line[1:].strip()}
                continue
            field, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if field == "data":
                data.append(value)
            else:
                current[field] = value

    def until(self, kinds: set[str], limit: int = 100_000) -> list[dict]:
        """Events up to and including the first whose type is in `kinds` (or the end of the stream)."""
        events = []
        while len(events) < limit:
            event = self.next()
            if event is None:
                break
            events.append(event)
            if event.get("event") in kinds:
                break
        return events

    def close(self):
        self.connection.close()


def call(server, name: str, arguments: dict | None = None, headers: dict | None = None, **extra):
    return server.request("POST", f"{V1}/tools/call", body={"name": name, "arguments": arguments or {}, **extra}, headers=headers)


def ok(server, name: str, arguments: dict | None = None) -> dict:
    status, _, body = call(server, name, arguments)
    assert status == 200, body
    assert not body.get("isError"), body
    return body["structuredContent"]


def add(server, title: str, **metadata) -> str:
    return ok(server, "add_document", {"content": f"text of {title}", "metadata": {"title": title, **metadata}})["document"]["uuid"]


def problem(body: dict, status: int, code: int | None = None) -> dict:
    """Checks a problem document and returns its `error`."""
    assert body["status"] == status and "title" in body and body["detail"] == body["error"]["message"], body
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["error"]


def tool_names(server) -> set[str]:
    status, _, body = server.request("GET", f"{V1}/tools/list")
    assert status == 200
    return {tool["name"] for tool in body["tools"]}


def progress_events(events: list[dict]) -> list[dict]:
    return [json.loads(e["data"]) for e in events if e.get("event") == "progress"]


# --- plain routes ------------------------------------------------------------------------------

def test_initialize_bare_wrapped_and_empty(http_server):
    server = http_server()
    status, _, body = server.request("POST", f"{V1}/initialize")
    assert status == 200 and body["protocolVersion"] == "2025-11-25" and body["serverInfo"]["name"] == "quire"
    assert "tools" in body["capabilities"]
    params = {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "web", "version": "1"}}
    for payload in (params, {"params": params}):
        status, _, body = server.request("POST", f"{V1}/initialize", body=payload)
        assert status == 200 and body["protocolVersion"] == "2025-06-18", body
    status, headers, body = server.request("POST", f"{V1}/initialize", body=b"{not json")
    assert status == 400 and headers["content-type"] == "application/problem+json"
    problem(body, 400, -32700)
    for bad in ([1, 2], {"params": 5}, {"protocolVersion": 5}, {"params": {"clientInfo": "me"}}):
        status, _, body = server.request("POST", f"{V1}/initialize", body=bad)
        assert status == 400, (bad, body)
        problem(body, 400)


def test_lists_by_get_and_post(http_server):
    server = http_server()
    status, _, got = server.request("GET", f"{V1}/tools/list")
    assert status == 200
    for payload in (None, {}, {"params": {}}):
        status, _, posted = server.request("POST", f"{V1}/tools/list", body=payload)
        assert status == 200 and posted == got
    names = {tool["name"] for tool in got["tools"]}
    assert {"add_document", "search_documents", "subscribe_changes", "benchmark_operations"} <= names
    assert all("inputSchema" in tool for tool in got["tools"])
    status, _, body = server.request("POST", f"{V1}/tools/list", body={"params": {"cursor": "page-2"}})
    assert status == 400 and problem(body, 400, -32602)
    assert server.request("GET", f"{V1}/tools/list?cursor=zzz")[0] == 400

    status, _, resources = server.request("GET", f"{V1}/resources/list")
    assert status == 200
    assert "contextframe://dataset/info" in {r["uri"] for r in resources["resources"]}
    status, _, posted = server.request("POST", f"{V1}/resources/list", body={"params": {}})
    assert status == 200 and posted == resources
    for bad in (b"[]", {"params": 3}, {"params": {"cursor": "c"}}):
        status, _, body = server.request("POST", f"{V1}/resources/list", body=bad)
        assert status == 400, (bad, body)
        problem(body, 400)


def test_resources_read(http_server):
    server = http_server()
    uuid = add(server, "Readable")
    for payload in ({"uri": "contextframe://dataset/info"}, {"params": {"uri": "contextframe://dataset/info"}}):
        status, _, body = server.request("POST", f"{V1}/resources/read", body=payload)
        assert status == 200, body
        info = json.loads(body["contents"][0]["text"])
        assert info["total_documents"] == 1
    status, _, body = server.request("POST", f"{V1}/resources/read", body={"uri": f"contextframe://documents/{uuid}"})
    assert status == 200 and json.loads(body["contents"][0]["text"])["uuid"] == uuid
    missing = "00000000-0000-4000-8000-000000000000"
    status, _, body = server.request("POST", f"{V1}/resources/read", body={"uri": f"contextframe://documents/{missing}"})
    assert status == 404, body
    problem(body, 404)
    status, _, body = server.request("POST", f"{V1}/resources/read", body={"uri": "contextframe://no/such/thing"})
    assert status == 404
    for bad in ({}, {"uri": 7}, {"params": []}, b"[]"):
        status, _, body = server.request("POST", f"{V1}/resources/read", body=bad)
        assert status == 400, (bad, body)


def test_tools_call_status_codes(http_server):
    server = http_server()
    # Both body shapes of the original: the plan's {name, arguments} and the code's {params: …}.
    status, _, body = call(server, "add_document", {"content": "hello", "metadata": {"title": "One"}})
    assert status == 200 and body["structuredContent"]["document"]["metadata"]["title"] == "One"
    uuid = body["structuredContent"]["document"]["uuid"]
    status, _, body = server.request("POST", f"{V1}/tools/call", body={"params": {"name": "get_document", "arguments": {"document_id": uuid}}})
    assert status == 200 and body["structuredContent"]["document"]["uuid"] == uuid
    assert body["content"][0]["type"] == "text"

    # 404: an unknown document (ContextFrame -32001) and an unknown tool.
    status, _, body = call(server, "get_document", {"document_id": "00000000-0000-4000-8000-000000000000"})
    assert status == 404
    assert problem(body, 404, -32001)["data"]["kind"] == "document"
    status, _, body = call(server, "no_such_tool")
    assert status == 404 and "no_such_tool" in problem(body, 404)["message"]

    # 422: the arguments break the tool's schema; the violations name the fields.
    status, _, body = call(server, "add_document", {"content": 5, "metadata": {"title": "x"}, "surprise": 1})
    assert status == 422
    violations = problem(body, 422, -32602)["data"]["violations"]
    assert {v["field"] for v in violations} == {"content", "surprise"}

    # 400: a bad filter (-32004), a malformed body, a missing name, arguments of the wrong type.
    status, _, body = call(server, "list_documents", {"filter": {"no_such_field": 1}})
    assert status == 400 and problem(body, 400, -32004)
    for bad in (b"{", b"[]", {"arguments": {}}, {"name": 5}, {"name": "list_documents", "arguments": [1]},
                {"name": "list_documents", "async": "yes"}, {"params": "x"}):
        status, _, body = server.request("POST", f"{V1}/tools/call", body=bad)
        assert status == 400, (bad, body)
        problem(body, 400)

    # Unknown routes and methods are not swallowed.
    assert server.request("GET", f"{V1}/tools/call")[0] in (404, 405)
    assert server.request("POST", f"{V1}/nothing/here", body={})[0] == 404


def test_body_size_limit(http_server):
    server = http_server()
    huge = b'{"name": "add_document", "arguments": {"content": "' + b"x" * (11 * 1024 * 1024) + b'"}}'
    status, _, body = server.request("POST", f"{V1}/tools/call", body=huge)
    assert status == 413, body


def test_results_equal_mcp_results(http_server):
    """Parity: the same tool calls through /mcp (2026-07-28 and a legacy session) and /mcp/v1."""
    server = http_server()
    a = add(server, "Alpha", tags=["x"])
    add(server, "Beta", tags=["y"])
    session = server.initialize()
    legacy_headers = {"Mcp-Session-Id": session, "MCP-Protocol-Version": "2025-11-25"}
    calls = [
        ("get_document", {"document_id": a}),
        ("list_documents", {"limit": 10, "order_by": "title"}),
        ("search_documents", {"query": "text", "search_type": "text", "limit": 5}),
        ("get_document", {"document_id": "00000000-0000-4000-8000-000000000000"}),
        ("list_collections", {}),
    ]
    for index, (name, arguments) in enumerate(calls):
        status, _, rest = call(server, name, arguments)
        modern = {"name": name, "arguments": arguments}
        _, _, reply = server.request("POST", body=modern_request(index + 1, "tools/call", modern),
                                     headers={**modern_headers("tools/call", name), "Accept": "application/json"})
        if rest.get("error"):
            # An isError result is a problem document here; its error is the tool's.
            assert reply["result"]["isError"] is True
            assert rest["error"] == reply["result"]["structuredContent"]["error"]
            continue
        assert status == 200
        assert rest == reply["result"], name
        _, _, legacy = server.request("POST", body={"jsonrpc": "2.0", "id": index + 1, "method": "tools/call", "params": modern},
                                      headers={**legacy_headers, "Accept": "application/json"})
        assert rest["structuredContent"] == legacy["result"]["structuredContent"]
        assert rest["content"] == legacy["result"]["content"]
    _, _, listed = server.request("GET", f"{V1}/tools/list")
    _, _, reply = server.request("POST", body=modern_request(99, "tools/list"), headers=modern_headers("tools/list"))
    assert listed == reply["result"]


def test_jsonrpc_route(http_server):
    server = http_server()
    request = {"jsonrpc": "2.0", "id": 7, "method": "tools/list"}
    status, _, bare = server.request("POST", f"{V1}/jsonrpc", body=request)
    assert status == 200 and bare["id"] == 7 and "error" not in bare and len(bare["result"]["tools"]) > 10
    status, _, wrapped = server.request("POST", f"{V1}/jsonrpc", body={"request": request})
    assert status == 200 and wrapped == bare
    status, _, body = server.request("POST", f"{V1}/jsonrpc", body={"jsonrpc": "2.0", "id": "i", "method": "initialize",
                                                                   "params": {"protocolVersion": "2025-03-26", "capabilities": {},
                                                                              "clientInfo": {"name": "x", "version": "1"}}})
    assert status == 200 and body["id"] == "i" and body["result"]["protocolVersion"] == "2025-03-26"
    status, _, body = server.request("POST", f"{V1}/jsonrpc", body={"jsonrpc": "2.0", "id": 8, "method": "ping"})
    assert status == 200 and body == {"jsonrpc": "2.0", "id": 8, "result": {}}
    status, _, body = server.request("POST", f"{V1}/jsonrpc", body={"jsonrpc": "2.0", "method": "notifications/initialized"})
    assert status == 202 and body is None
    status, _, body = server.request("POST", f"{V1}/jsonrpc", body={"jsonrpc": "2.0", "id": 9, "method": "no/such"})
    assert status == 200 and body["error"]["code"] == -32601 and "result" not in body
    status, _, body = server.request("POST", f"{V1}/jsonrpc", body={"jsonrpc": "2.0", "id": 10, "method": "tools/call",
                                                                   "params": {"name": "add_document", "arguments": {"content": "c", "metadata": {"title": "J"}}}})
    assert status == 200 and body["result"]["structuredContent"]["document"]["metadata"]["title"] == "J"
    status, _, body = server.request("POST", f"{V1}/jsonrpc", body=b"{oops")
    assert status == 400 and body["error"]["code"] == -32700 and body["id"] is None
    status, _, body = server.request("POST", f"{V1}/jsonrpc", body={"jsonrpc": "1.0", "id": 11, "method": "ping"})
    assert status == 400 and body["error"]["code"] == -32600 and body["id"] == 11
    status, _, body = server.request("POST", f"{V1}/jsonrpc", body=[
        {"jsonrpc": "2.0", "id": 1, "method": "ping"}, {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "id": 2, "method": "resources/list"}])
    assert status == 200 and sorted(r["id"] for r in body) == [1, 2]


# --- operations --------------------------------------------------------------------------------

def test_background_tool_streams_progress_then_result(http_server):
    server = http_server()
    for index in range(20):
        add(server, f"Doc {index}")
    status, headers, started = call(server, "benchmark_operations", {"operations": ["scan"], "sample_size": 200})
    assert status == 202, started
    op = started["operation_id"]
    assert started["status_url"] == f"{V1}/operations/{op}" and started["progress_url"] == f"{V1}/sse/progress/{op}"
    assert headers["location"] == started["status_url"] and headers["x-operation-id"] == op
    stream = Stream(server, started["progress_url"])
    assert stream.status == 200
    events = stream.until({"complete", "error"})
    assert stream.next() is None, "the stream ends after the final event"
    stream.close()
    assert events[-1]["event"] == "complete"
    progress = progress_events(events)
    assert progress and progress[-1]["progress"] == progress[-1]["total"] == 200
    assert [p["progress"] for p in progress] == sorted({p["progress"] for p in progress})
    assert [int(e["id"]) for e in events] == list(range(1, len(events) + 1))
    result = json.loads(events[-1]["data"])
    assert result["structuredContent"]["benchmarks"]["operations"]["scan"]["samples"] == 200
    status, _, snapshot = server.request("GET", started["status_url"])
    assert status == 200 and snapshot["status"] == "completed" and snapshot["result"] == result
    assert snapshot["progress"] == progress[-1] and snapshot["tool"] == "benchmark_operations"
    # Resuming after an event id replays only what follows it.
    stream = Stream(server, started["progress_url"], headers={"Last-Event-ID": events[-2]["id"]})
    assert stream.until({"complete"}) == events[-1:]
    stream.close()
    stream = Stream(server, started["progress_url"], headers={"Last-Event-ID": "latest"})
    assert stream.status == 400 and problem(stream.body(), 400)
    stream.close()

    # "async": false runs a background tool in the request; with an X-Operation-Id its progress is
    # still recorded and replayable.
    status, headers, body = call(server, "benchmark_operations", {"operations": ["scan"], "sample_size": 50},
                                 headers={"X-Operation-Id": "sync-bench"}, **{"async": False})
    assert status == 200 and headers["x-operation-id"] == "sync-bench"
    assert body["structuredContent"]["benchmarks"]["operations"]["scan"]["samples"] == 50
    stream = Stream(server, f"{V1}/sse/progress/sync-bench")
    replay = stream.until({"complete", "error"})
    stream.close()
    assert progress_events(replay)[-1]["progress"] == 50 and json.loads(replay[-1]["data"]) == body


def test_async_flag_and_synchronous_operation_ids(http_server):
    server = http_server()
    uuid = add(server, "Async")
    status, _, started = call(server, "get_document", {"document_id": uuid}, **{"async": True})
    assert status == 202
    stream = Stream(server, started["progress_url"])
    events = stream.until({"complete", "error"})
    stream.close()
    assert events[-1]["event"] == "complete"
    assert json.loads(events[-1]["data"])["structuredContent"]["document"]["uuid"] == uuid

    # A synchronous call with a chosen id answers with its result, and is an operation too.
    status, headers, body = call(server, "list_documents", {}, headers={"X-Operation-Id": "my-list-1"})
    assert status == 200 and headers["x-operation-id"] == "my-list-1" and body["structuredContent"]["total_count"] == 1
    status, _, snapshot = server.request("GET", f"{V1}/operations/my-list-1")
    assert status == 200 and snapshot["status"] == "completed" and snapshot["result"] == body
    status, _, body = call(server, "list_documents", {}, headers={"X-Operation-Id": "my-list-1"})
    assert status == 409 and problem(body, 409)
    status, _, body = call(server, "list_documents", {}, headers={"X-Operation-Id": "bad id/with spaces"})
    assert status == 400 and "X-Operation-Id" in problem(body, 400)["message"]

    # An operation whose tool fails ends with an error event and a failed status.
    status, _, started = call(server, "get_document", {"document_id": "00000000-0000-4000-8000-000000000000"}, **{"async": True})
    assert status == 202
    stream = Stream(server, started["progress_url"])
    events = stream.until({"complete", "error"})
    stream.close()
    assert events[-1]["event"] == "error"
    error = json.loads(events[-1]["data"])
    assert error["status"] == 404 and error["error"]["code"] == -32001 and error["operation_status"] == "failed"
    status, _, snapshot = server.request("GET", started["status_url"])
    assert snapshot["status"] == "failed" and snapshot["error"] == error and snapshot["result"]["isError"] is True

    # Schema violations are refused at once, not turned into an operation.
    status, _, body = call(server, "benchmark_operations", {"sample_size": "many"})
    assert status == 422 and problem(body, 422, -32602)["data"]["violations"]

    for method in ("GET", "DELETE"):
        status, _, body = server.request(method, f"{V1}/operations/op_nope")
        assert status == 404 and problem(body, 404)
    stream = Stream(server, f"{V1}/sse/progress/op_nope")
    assert stream.status == 404 and problem(stream.body(), 404)
    stream.close()


def test_cancel_benchmark_with_delete(http_server):
    server = http_server()
    status, _, started = call(server, "benchmark_operations", {"operations": ["insert"], "sample_size": 10000},
                              headers={"X-Operation-Id": "bench-cancel"})
    assert status == 202 and started["operation_id"] == "bench-cancel"
    stream = Stream(server, started["progress_url"])
    first = stream.next()
    assert first["event"] == "progress", first
    status, _, snapshot = server.request("DELETE", started["status_url"])
    assert status == 200, snapshot
    assert snapshot["status"] == "cancelled" and snapshot["cancel_requested"] is True
    rest = stream.until({"complete", "error"})
    stream.close()
    assert rest[-1]["event"] == "error"
    error = json.loads(rest[-1]["data"])
    assert error["operation_status"] == "cancelled" and error["error"]["code"] == -32800
    assert progress_events([first] + rest)[-1]["progress"] < 10000
    # Cancelling again changes nothing.
    status, _, again = server.request("DELETE", started["status_url"])
    assert status == 200 and again["status"] == "cancelled" and again["finished_at"] == snapshot["finished_at"]


def batch_documents(count: int, prefix: str) -> list[dict]:
    return [{"content": f"{prefix} body {i}", "metadata": {"title": f"{prefix} {i}"}} for i in range(count)]


def require_batch_add(server):
    if "batch_add" not in tool_names(server):
        pytest.skip("batch_add is not registered in this build (the batch tool group is not merged)")


def test_batch_add_progress_stream_with_late_subscribers(http_server):
    server = http_server()
    require_batch_add(server)
    status, _, started = call(server, "batch_add", {"documents": batch_documents(2000, "Bulk"), "atomic": False})
    assert status == 202, started
    live = Stream(server, started["progress_url"])
    first = live.next()
    assert first["event"] == "progress", first
    # A second subscriber arriving while the batch runs gets every event from the start.
    midway = Stream(server, started["progress_url"])
    live_events = [first] + live.until({"complete", "error"})
    midway_events = midway.until({"complete", "error"})
    live.close()
    midway.close()
    assert live_events[-1]["event"] == "complete", live_events[-1]
    assert midway_events == live_events
    progress = progress_events(live_events)
    assert len(progress) >= 10 and progress[-1] == {"progress": 2000, "total": 2000, "message": "2000 of 2000 documents"}
    assert [p["progress"] for p in progress] == sorted(p["progress"] for p in progress)
    result = json.loads(live_events[-1]["data"])["structuredContent"]
    assert result["documents_added"] == 2000 and result["success"] is True
    # A subscriber after the end still gets the whole history, then the stream ends.
    late = Stream(server, started["progress_url"])
    assert late.until({"complete", "error"}) == live_events and late.next() is None
    late.close()
    assert ok(server, "list_documents", {"limit": 1})["total_count"] == 2000


def test_cancel_batch_add_stops_between_items(http_server):
    server = http_server()
    require_batch_add(server)
    status, _, started = call(server, "batch_add", {"documents": batch_documents(10000, "Cancel"), "atomic": False},
                              headers={"X-Operation-Id": "cancel-me"})
    assert status == 202
    stream = Stream(server, started["progress_url"])
    assert stream.next()["event"] == "progress"
    status, _, snapshot = server.request("DELETE", f"{V1}/operations/cancel-me")
    assert status == 200 and snapshot["status"] == "cancelled"
    events = stream.until({"complete", "error"})
    stream.close()
    assert events[-1]["event"] == "error" and json.loads(events[-1]["data"])["operation_status"] == "cancelled"
    # The batch logged what it did before stopping; exactly that is stored.
    logged = [json.loads(e["data"]) for e in events if e.get("event") == "log"]
    summary = next(entry["data"] for entry in logged if entry["data"].get("event") == "cancelled")
    stored = ok(server, "list_documents", {"limit": 1})["total_count"]
    assert 0 < stored < 10000 and summary["documents_added"] == stored


# --- change stream -----------------------------------------------------------------------------

def test_change_stream_resumes_with_last_event_id(http_server):
    server = http_server("--sse-keepalive", "0.3")
    status, _, named = server.request("POST", f"{V1}/subscriptions", body={"resource_type": "documents"})
    assert status == 201
    stream = Stream(server, f"{V1}/sse/subscribe?resource_type=documents")
    assert stream.status == 200 and stream.response.getheader("content-type") == "text/event-stream"
    created = stream.next()
    assert created["event"] == "subscription_created" and "id" not in created
    subscription = json.loads(created["data"])
    assert subscription["subscription_id"].startswith("sse_") and subscription["resource_type"] == "documents"
    first = [add(server, f"Live {i}") for i in range(3)]
    ok(server, "create_collection", {"name": "Not a document change"})
    seen = [stream.next() for _ in first]
    assert [e["event"] for e in seen] == ["change"] * 3
    assert [json.loads(e["data"])["resource_id"] for e in seen] == first
    assert all(int(e["id"]) == json.loads(e["data"])["version"] for e in seen)
    change = json.loads(seen[0]["data"])
    assert set(change) == {"type", "resource_type", "resource_id", "version", "timestamp"} and change["type"] == "created"
    # Quiet streams carry keep-alive comments.
    assert stream.next(comments=True) == {"comment": "keepalive"}
    stream.close()

    # While disconnected: more documents, an update and a deletion.
    missed = [add(server, f"Missed {i}") for i in range(5)]
    ok(server, "update_document", {"document_id": first[0], "metadata": {"status": "edited"}})
    ok(server, "delete_document", {"document_id": first[1]})
    resumed = Stream(server, f"{V1}/sse/subscribe?resource_type=documents", headers={"Last-Event-ID": seen[-1]["id"]})
    assert resumed.next()["event"] == "subscription_created"
    replay = [json.loads(resumed.next()["data"]) for _ in range(7)]
    assert [(c["type"], c["resource_id"]) for c in replay] == (
        [("created", uuid) for uuid in missed] + [("updated", first[0]), ("deleted", first[1])])
    versions = [c["version"] for c in replay]
    assert versions == sorted(set(versions)) and versions[0] > int(seen[-1]["id"])
    # And it goes on live.
    later = add(server, "After resume")
    event = resumed.next()
    assert event["event"] == "change" and json.loads(event["data"])["resource_id"] == later
    resumed.close()

    # Exactly the changes poll_changes reports, in the same shape.
    status, _, polled = server.request("GET", f"{V1}/subscriptions/{named['subscription_id']}/changes?timeout=0")
    assert status == 200
    assert polled["changes"] == [json.loads(e["data"]) for e in seen] + replay + [json.loads(event["data"])]


def test_change_stream_filters_and_collections(http_server):
    server = http_server()
    collection = ok(server, "create_collection", {"name": "Reports"})["collection_id"]
    query = urllib.parse.quote(json.dumps({"tags": {"any": ["keep"]}}))
    filtered = Stream(server, f"{V1}/sse/subscribe?resource_type=documents&filter={query}&include_data=true")
    scoped = Stream(server, f"{V1}/sse/subscribe?collection=Reports")
    assert filtered.next()["event"] == "subscription_created"
    announced = json.loads(scoped.next()["data"])
    assert announced["collection_id"] == collection
    add(server, "Dropped", tags=["other"])
    kept = add(server, "Kept", tags=["keep"])
    member = ok(server, "add_document", {"content": "in it", "metadata": {"title": "Member"}, "collection": "Reports"})["document"]["uuid"]
    event = json.loads(filtered.next()["data"])
    assert event["resource_id"] == kept and event["new_data"]["metadata"]["title"] == "Kept" and "old_data" not in event
    event = json.loads(scoped.next()["data"])
    assert event["resource_id"] == member
    ok(server, "move_documents", {"document_ids": [member]})
    event = json.loads(scoped.next()["data"])
    assert (event["type"], event["resource_id"]) == ("updated", member)
    filtered.close()
    scoped.close()

    bad = [
        ("resource_type=files", 400), ("filter=%7Bbroken", 400), ("filter=" + urllib.parse.quote(json.dumps({"nope": 1})), 400),
        ("filter=" + urllib.parse.quote("title = 'x' AND"), 400),
        ("collection=Nowhere", 404), ("include_data=maybe", 400),
    ]
    for query, expected in bad:
        stream = Stream(server, f"{V1}/sse/subscribe?{query}")
        assert stream.status == expected, query
        problem(stream.body(), expected)
        stream.close()
    for last, expected in (("abc", 400), ("-1", 400), ("999999", 400)):
        stream = Stream(server, f"{V1}/sse/subscribe", headers={"Last-Event-ID": last})
        assert stream.status == expected, last
        stream.close()


# --- named subscriptions -----------------------------------------------------------------------

def test_subscription_routes(http_server):
    server = http_server()
    status, headers, created = server.request("POST", f"{V1}/subscriptions", body={"resource_type": "documents"})
    assert status == 201, created
    sid = created["subscription_id"]
    assert headers["location"] == f"{V1}/subscriptions/{sid}" and created["poll_token"].startswith(sid + ":")
    status, _, wrapped = server.request("POST", f"{V1}/subscriptions", body={"params": {"resource_type": "collections"}})
    assert status == 201
    status, _, listed = server.request("GET", f"{V1}/subscriptions")
    assert status == 200 and listed["total_count"] == 2
    status, _, listed = server.request("GET", f"{V1}/subscriptions?resource_type=documents")
    assert [s["subscription_id"] for s in listed["subscriptions"]] == [sid]
    uuid = add(server, "Watched")
    status, _, polled = server.request("GET", f"{V1}/subscriptions/{sid}/changes?poll_token={created['poll_token']}&timeout=0")
    assert status == 200 and [c["resource_id"] for c in polled["changes"]] == [uuid]
    assert server.request("GET", f"{V1}/subscriptions/{sid}/changes?timeout=soon")[0] == 400
    status, _, gone = server.request("DELETE", f"{V1}/subscriptions/{sid}")
    assert status == 200 and gone == {"cancelled": True, "final_poll_token": f"{sid}:final"}
    status, _, body = server.request("DELETE", f"{V1}/subscriptions/{sid}")
    assert status == 404 and problem(body, 404, -32001)
    assert server.request("GET", f"{V1}/subscriptions/{sid}/changes")[0] == 404
    status, _, body = server.request("POST", f"{V1}/subscriptions", body={"resource_type": "files"})
    assert status == 422 and problem(body, 422, -32602)
    status, _, body = server.request("POST", f"{V1}/subscriptions", body=b"nope")
    assert status == 400
