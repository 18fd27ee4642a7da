"""Raw HTTP against `/mcp` and `/sse`: the numbered requirements (L*, M*) and the conformance
behaviours, checked on status codes, headers and bodies."""

import base64
import json
import signal
import threading
import time

from http_support import MODERN_META, message_of, modern_headers, modern_request, query, read_events


# --- Origin and Host (L2, dns-rebinding-protection) -------------------------------------------

def test_bad_origin_and_host_are_refused(http_server):
    server = http_server()
    init = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "x", "version": "1"}}}
    status, _, body = server.request("POST", body=init, headers={"Origin": "http://evil.example.com"})
    assert status == 403 and body["error"]["code"] == -32600
    status, _, _ = server.request("POST", body=init, headers={"Host": "evil.example.com"})
    assert status == 403
    for origin in ("http://localhost:3000", "http://127.0.0.1", "http://[::1]:8080"):
        status, _, _ = server.request("POST", body=init, headers={"Origin": origin})
        assert status == 200, origin
    status, _, _ = server.request("POST", body=init, headers={"Host": f"localhost:{server.port}"})
    assert status == 200


def test_configured_origin_is_allowed(http_server):
    server = http_server("--allowed-origin", "https://app.example.com")
    init = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "x", "version": "1"}}}
    assert server.request("POST", body=init, headers={"Origin": "https://app.example.com"})[0] == 200
    assert server.request("POST", body=init, headers={"Origin": "https://other.example.com"})[0] == 403


# --- Legacy sessions (L8, L22–L31, server-session-lifecycle) ----------------------------------

def test_session_lifecycle(http_server):
    server = http_server()
    status, headers, body = server.request("POST", body={
        "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "x", "version": "1"}}})
    assert status == 200 and body["result"]["protocolVersion"] == "2025-11-25"
    session = headers["mcp-session-id"]
    assert len(session) >= 16 and all(0x21 <= ord(c) <= 0x7E for c in session)
    other = server.initialize()
    assert other != session
    v = {"MCP-Protocol-Version": "2025-11-25"}
    assert server.request("POST", body={"jsonrpc": "2.0", "method": "notifications/initialized"}, headers={"Mcp-Session-Id": session, **v})[0] == 202
    ping = {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}
    status, _, body = server.request("POST", body=ping)
    assert status == 400 and body["id"] == 2
    status, _, body = server.request("POST", body=ping, headers={"Mcp-Session-Id": "not-a-session"})
    assert status == 404 and body["id"] == 2
    status, _, body = server.request("POST", body=ping, headers={"Mcp-Session-Id": session, **v})
    assert status == 200 and len(body["result"]["tools"]) >= 6
    assert server.request("DELETE", headers={"Mcp-Session-Id": session})[0] == 204
    assert server.request("POST", body=ping, headers={"Mcp-Session-Id": session, **v})[0] == 404
    assert server.request("DELETE", headers={"Mcp-Session-Id": session})[0] == 404


def test_protocol_version_header_is_checked(http_server):
    server = http_server()
    session = server.initialize("2025-06-18")
    ping = {"jsonrpc": "2.0", "id": 3, "method": "ping"}
    assert server.request("POST", body=ping, headers={"Mcp-Session-Id": session, "MCP-Protocol-Version": "1999-01-01"})[0] == 400
    # L30: no header means the negotiated version still applies.
    assert server.request("POST", body=ping, headers={"Mcp-Session-Id": session})[0] == 200


def test_batches_only_on_2025_03_26(http_server):
    server = http_server()
    batch = [{"jsonrpc": "2.0", "id": 1, "method": "ping"}, {"jsonrpc": "2.0", "id": 2, "method": "ping"}]
    old = server.initialize("2025-03-26")
    status, _, body = server.request("POST", body=batch, headers={"Mcp-Session-Id": old, "MCP-Protocol-Version": "2025-03-26"})
    assert status == 200 and sorted(r["id"] for r in body) == [1, 2]
    new = server.initialize("2025-11-25")
    status, _, body = server.request("POST", body=batch, headers={"Mcp-Session-Id": new, "MCP-Protocol-Version": "2025-11-25"})
    assert status == 400 and body["error"]["code"] == -32600


def test_malformed_bodies_get_json_rpc_errors(http_server):
    server = http_server()
    status, _, body = server.request("POST", body=b'{"jsonrpc": "2.0", "id": 1,')
    assert status == 400 and body["error"]["code"] == -32700 and body["id"] is None
    status, _, body = server.request("POST", body=b"x" * (11 * 1024 * 1024))
    assert status == 413


def test_concurrent_posts_on_one_session(http_server):
    """server-sse-multiple-streams: three concurrent requests on one session all succeed."""
    server = http_server()
    session = server.initialize(capabilities={"sampling": {}, "elicitation": {}})
    results = {}

    def call(id_):
        results[id_] = server.request("POST", body={"jsonrpc": "2.0", "id": id_, "method": "tools/list"},
                                      headers={"Mcp-Session-Id": session, "MCP-Protocol-Version": "2025-11-25"})

    threads = [threading.Thread(target=call, args=(i,)) for i in (1000, 1001, 1002)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert all(results[i][0] == 200 and results[i][2]["id"] == i for i in (1000, 1001, 1002))


def test_progress_streams_on_the_post_and_resumes_after_a_drop(http_server):
    """L9–L13, L21: a streamed POST has a priming event, ids per stream, progress, then the response;
    a client that drops it gets the rest with GET + Last-Event-ID."""
    server = http_server()
    session = server.initialize()
    headers = {"Mcp-Session-Id": session, "MCP-Protocol-Version": "2025-11-25"}
    call = {"jsonrpc": "2.0", "id": 7, "method": "tools/call",
            "params": {"name": "optimize_storage", "arguments": {"dry_run": True}, "_meta": {"progressToken": "p7"}}}
    connection, response = server.open_stream("POST", body=call, headers=headers)
    assert response.status == 200 and response.getheader("Content-Type").startswith("text/event-stream")
    assert response.getheader("Cache-Control") == "no-cache, no-transform" and response.getheader("X-Accel-Buffering") == "no"
    events = read_events(response, until=lambda e: '"id":7' in e.get("data", ""))
    connection.close()
    assert events[0]["data"] == "" and "id" in events[0] and "retry" in events[0]
    messages = [message_of(e) for e in events[1:]]
    assert messages[-1]["id"] == 7 and "result" in messages[-1]
    progress = [m for m in messages if m.get("method") == "notifications/progress"]
    assert progress and all(m["params"]["progressToken"] == "p7" for m in progress)
    ids = [e["id"] for e in events]
    assert len(set(ids[1:])) == len(ids) - 1

    # Resume: a long poll answered after the client went away is replayed on GET.
    sub = server.request("POST", body={"jsonrpc": "2.0", "id": 8, "method": "tools/call",
                                       "params": {"name": "subscribe_changes", "arguments": {}}}, headers=headers)[2]
    sid = sub["result"]["structuredContent"]["subscription_id"]
    poll = {"jsonrpc": "2.0", "id": 9, "method": "tools/call",
            "params": {"name": "poll_changes", "arguments": {"subscription_id": sid, "timeout": 1}, "_meta": {"progressToken": "p9"}}}
    connection, response = server.open_stream("POST", body=poll, headers=headers)
    priming = read_events(response, until=lambda e: True)[0]
    connection.close()
    connection, response = server.open_stream("GET", headers={**headers, "Last-Event-ID": priming["id"], "Accept": "text/event-stream"})
    assert response.status == 200
    replayed = read_events(response, until=lambda e: '"id":9' in e.get("data", ""))
    connection.close()
    assert message_of(replayed[-1])["id"] == 9 and message_of(replayed[-1])["result"]["structuredContent"]["changes"] == []


def test_get_stream_carries_resource_updates_and_is_replaced(http_server):
    server = http_server()
    session = server.initialize()
    headers = {"Mcp-Session-Id": session, "MCP-Protocol-Version": "2025-11-25"}
    added = server.request("POST", body={"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {
        "name": "add_document", "arguments": {"content": "x", "metadata": {"title": "Watched"}}}}, headers=headers)[2]
    uuid = added["result"]["structuredContent"]["document"]["uuid"]
    uri = f"contextframe://documents/{uuid}"
    status, _, body = server.request("POST", body={"jsonrpc": "2.0", "id": 2, "method": "resources/subscribe", "params": {"uri": uri}}, headers=headers)
    assert status == 200 and body["result"] == {}
    first, first_response = server.open_stream("GET", headers={**headers, "Accept": "text/event-stream"})
    read_events(first_response, until=lambda e: True)  # priming
    # A second GET replaces the first rather than being refused.
    second, second_response = server.open_stream("GET", headers={**headers, "Accept": "text/event-stream"})
    assert second_response.status == 200
    read_events(second_response, until=lambda e: True)
    assert read_events(first_response) == []  # the replaced stream ends
    first.close()
    server.request("POST", body={"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {
        "name": "update_document", "arguments": {"document_id": uuid, "content": "y"}}}, headers=headers)
    updates = read_events(second_response, until=lambda e: uri in e.get("data", ""))
    second.close()
    assert message_of(updates[-1]) == {"jsonrpc": "2.0", "method": "notifications/resources/updated", "params": {"uri": uri}}


def test_idle_sessions_expire(http_server):
    server = http_server("--session-idle-timeout", "0.5")
    session = server.initialize()
    ping = {"jsonrpc": "2.0", "id": 1, "method": "ping"}
    assert server.request("POST", body=ping, headers={"Mcp-Session-Id": session})[0] == 200
    # Idleness is the behaviour under test, so the client must stay quiet past the timeout.
    threading.Event().wait(2.0)
    assert server.request("POST", body=ping, headers={"Mcp-Session-Id": session})[0] == 404


# --- 2026-07-28 (M1–M18, server-stateless) -----------------------------------------------------

def test_modern_envelope_and_header_rules(http_server):
    server = http_server()
    status, _, body = server.request("POST", body={"jsonrpc": "2.0", "id": 1, "method": "server/discover", "params": {}},
                                     headers=modern_headers("server/discover"))
    assert status == 400 and body["error"]["code"] == -32602 and body["id"] == 1
    for missing in ("io.modelcontextprotocol/protocolVersion", "io.modelcontextprotocol/clientCapabilities"):
        meta = {k: v for k, v in MODERN_META.items() if k != missing}
        status, _, body = server.request("POST", body={"jsonrpc": "2.0", "id": 2, "method": "server/discover", "params": {"_meta": meta}},
                                         headers=modern_headers("server/discover"))
        assert status == 400 and body["error"]["code"] in (-32602, -32020), missing
    no_info = {k: v for k, v in MODERN_META.items() if k != "io.modelcontextprotocol/clientInfo"}
    status, _, body = server.request("POST", body={"jsonrpc": "2.0", "id": 3, "method": "server/discover", "params": {"_meta": no_info}},
                                     headers=modern_headers("server/discover"))
    assert status == 200 and "2026-07-28" in body["result"]["supportedVersions"]
    assert body["result"]["_meta"]["io.modelcontextprotocol/serverInfo"]["name"] == "quire"
    assert isinstance(body["result"]["ttlMs"], int) and body["result"]["resultType"] == "complete"

    v999 = modern_request(4, "server/discover", meta={"io.modelcontextprotocol/protocolVersion": "v999.0.0"})
    status, _, body = server.request("POST", body=v999, headers=modern_headers("server/discover", version="v999.0.0"))
    assert status == 400 and body["error"]["code"] == -32022 and body["error"]["data"]["requested"] == "v999.0.0"
    assert set(body["error"]["data"]["supported"]) <= {"2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2026-07-28"}
    status, _, body = server.request("POST", body=v999, headers=modern_headers("server/discover"))
    assert status == 400 and body["error"]["code"] == -32020

    for removed in ("initialize", "ping", "logging/setLevel", "resources/subscribe", "resources/unsubscribe", "unknown/method"):
        status, _, body = server.request("POST", body=modern_request(5, removed, {"uri": "contextframe://dataset/info"}), headers=modern_headers(removed))
        assert status == 404 and body["error"]["code"] == -32601 and body["id"] == 5, removed

    status, _, body = server.request("POST", body=modern_request(6, "tools/list"), headers=modern_headers("tools/call"))
    assert status == 400 and body["error"]["code"] == -32020
    call = modern_request(7, "tools/call", {"name": "get_document", "arguments": {"document_id": "x"}})
    status, _, body = server.request("POST", body=call, headers=modern_headers("tools/call", "other_tool"))
    assert status == 400 and body["error"]["code"] == -32020
    encoded = "=?base64?" + base64.b64encode(b"get_document").decode() + "?="
    status, headers, body = server.request("POST", body=call, headers={**modern_headers("tools/call", encoded), "Mcp-Session-Id": "bogus"})
    assert status == 200 and body["result"]["isError"] is True and "mcp-session-id" not in headers


def test_modern_lists_are_stable_and_get_is_405(http_server):
    server = http_server()
    first = server.request("POST", body=modern_request(1, "tools/list"), headers=modern_headers("tools/list"))[2]
    second = server.request("POST", body=modern_request(2, "tools/list"), headers=modern_headers("tools/list"))[2]
    assert first["result"]["tools"] == second["result"]["tools"]
    assert first["result"]["cacheScope"] in ("public", "private")
    status, headers, _ = server.request("GET", headers={"MCP-Protocol-Version": "2026-07-28", "Accept": "text/event-stream"})
    assert status == 405 and "POST" in headers["allow"]
    assert server.request("POST", body={"jsonrpc": "2.0", "method": "notifications/initialized", "params": {"_meta": MODERN_META}},
                          headers=modern_headers("notifications/initialized"))[0] == 202


def test_modern_progress_then_result_on_the_stream(http_server):
    server = http_server()
    call = modern_request(9, "tools/call", {"name": "optimize_storage", "arguments": {"dry_run": True}}, meta={"progressToken": "progress-test-1"})
    connection, response = server.open_stream("POST", body=call, headers=modern_headers("tools/call", "optimize_storage"))
    events = read_events(response)
    connection.close()
    messages = [message_of(e) for e in events]
    assert messages[-1]["id"] == 9 and messages[-1]["result"]["resultType"] == "complete"
    methods = [m.get("method") for m in messages[:-1]]
    assert methods and set(methods) == {"notifications/progress"}
    assert all("id" not in e for e in events)  # M7: no resumable ids in this era


def test_no_log_notifications_without_a_log_level(http_server):
    server = http_server()
    call = modern_request(1, "tools/call", {"name": "list_documents", "arguments": {}})
    status, headers, body = server.request("POST", body=call, headers=modern_headers("tools/call", "list_documents"))
    assert status == 200 and headers["content-type"].startswith("application/json") and "result" in body


def test_listen_acknowledges_then_tags_notifications(http_server):
    server = http_server()
    added = server.request("POST", body=modern_request(1, "tools/call", {"name": "add_document", "arguments": {"content": "x", "metadata": {"title": "T"}}}),
                           headers=modern_headers("tools/call", "add_document"))[2]
    uri = "contextframe://documents/" + added["result"]["structuredContent"]["document"]["uuid"]
    listen = modern_request("listen-1", "subscriptions/listen", {"notifications": {"resourceSubscriptions": [uri], "toolsListChanged": True}})
    connection, response = server.open_stream("POST", body=listen, headers=modern_headers("subscriptions/listen"))
    ack = message_of(read_events(response, until=lambda e: True)[0])
    assert ack["method"] == "notifications/subscriptions/acknowledged"
    assert ack["params"]["notifications"]["resourceSubscriptions"] == [uri]
    assert ack["params"]["_meta"]["io.modelcontextprotocol/subscriptionId"] == "listen-1"
    server.request("POST", body=modern_request(2, "tools/call", {"name": "update_document", "arguments": {"document_id": uri.rsplit("/", 1)[1], "content": "y"}}),
                   headers=modern_headers("tools/call", "update_document"))
    update = message_of(read_events(response, until=lambda e: "resources/updated" in e.get("data", ""))[-1])
    connection.close()
    assert update["params"]["uri"] == uri
    assert update["params"]["_meta"]["io.modelcontextprotocol/subscriptionId"] == "listen-1"


def test_closing_a_modern_stream_cancels_its_request(http_server):
    """M8: the closed stream's long poll stops; the change it would have consumed is still there."""
    server = http_server("--sse-keepalive", "0.2", "--log-level", "debug")
    sub = server.request("POST", body=modern_request(1, "tools/call", {"name": "subscribe_changes", "arguments": {}}),
                         headers=modern_headers("tools/call", "subscribe_changes"))[2]
    sid = sub["result"]["structuredContent"]["subscription_id"]
    poll = modern_request(2, "tools/call", {"name": "poll_changes", "arguments": {"subscription_id": sid, "timeout": 60}}, meta={"progressToken": 1})
    mark = len(server.log)
    connection, response = server.open_stream("POST", body=poll, headers=modern_headers("tools/call", "poll_changes"))
    assert response.status == 200
    connection.close()
    server.wait_for_log(r"client closed the stream of request 2; cancelling it", start=mark)
    server.request("POST", body=modern_request(4, "tools/call", {"name": "add_document", "arguments": {"content": "x", "metadata": {"title": "after"}}}),
                   headers=modern_headers("tools/call", "add_document"))
    polled = server.request("POST", body=modern_request(5, "tools/call", {"name": "poll_changes", "arguments": {"subscription_id": sid, "timeout": 0}}),
                            headers=modern_headers("tools/call", "poll_changes"))[2]
    assert len(polled["result"]["structuredContent"]["changes"]) == 1


# --- 2024-11-05 HTTP+SSE --------------------------------------------------------------------

def test_legacy_sse_endpoint_event_and_messages(http_server):
    server = http_server()
    connection, response = server.open_stream("GET", path="/sse", headers={"Accept": "text/event-stream"})
    endpoint = read_events(response, until=lambda e: True)[0]
    assert endpoint["event"] == "endpoint" and endpoint["data"].startswith("/messages?sessionId=")
    path = endpoint["data"]
    init = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"protocolVersion": "2024-11-05", "capabilities": {}, "clientInfo": {"name": "x", "version": "1"}}}
    assert server.request("POST", path=path, body=init)[0] == 202
    reply = message_of(read_events(response, until=lambda e: e.get("event") == "message")[-1])
    assert reply["id"] == 1 and reply["result"]["protocolVersion"] == "2024-11-05"
    assert server.request("POST", path="/messages?sessionId=nope", body=init)[0] == 404
    connection.close()


# --- Shutdown --------------------------------------------------------------------------------

def test_sigterm_ends_streams_and_exits_cleanly(http_server):
    server = http_server()
    session = server.initialize()
    connection, response = server.open_stream("GET", headers={"Mcp-Session-Id": session, "Accept": "text/event-stream"})
    read_events(response, until=lambda e: True)
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=20) == 0
    # The stream was ended, not left hanging, after a final `shutdown` event.
    assert [event["event"] for event in read_events(response)] == ["shutdown"]
    connection.close()


def test_sigterm_lets_requests_in_flight_finish(http_server):
    server = http_server()
    sub = server.request("POST", body=modern_request(1, "tools/call", {"name": "subscribe_changes", "arguments": {}}),
                         headers=modern_headers("tools/call", "subscribe_changes"))[2]
    sid = sub["result"]["structuredContent"]["subscription_id"]
    poll = modern_request(2, "tools/call", {"name": "poll_changes", "arguments": {"subscription_id": sid, "timeout": 2}}, meta={"progressToken": "t"})
    connection, response = server.open_stream("POST", body=poll, headers=modern_headers("tools/call", "poll_changes"))
    assert response.status == 200
    server.process.send_signal(signal.SIGTERM)
    # The answer, then possibly the `shutdown` event every stream still open at the end gets.
    events = [event for event in read_events(response) if event.get("event") != "shutdown"]
    connection.close()
    assert message_of(events[-1])["id"] == 2 and message_of(events[-1])["result"]["structuredContent"]["changes"] == []
    assert server.process.wait(timeout=20) == 0
