"""Operational endpoints: /ready, /metrics, /openapi.json, request ids, CORS, and graceful shutdown."""

import json
import re
import signal
import subprocess
import threading
import time

import pytest
from openapi_spec_validator import validate as validate_openapi
from prometheus_client.parser import text_string_to_metric_families

from conftest import RawServer
from http_support import HTTPServer, call_tool, message_of, read_events


def metric_samples(server) -> dict:
    """`/metrics` parsed as Prometheus text: {(sample name, frozenset(labels)): value}."""
    status, headers, body = server.request("GET", "/metrics")
    assert status == 200 and headers["content-type"].startswith("text/plain; version=0.0.4")
    text = body.decode() if isinstance(body, bytes) else json.dumps(body)
    samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def sample(samples: dict, name: str, **labels) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


# MARK: readiness, request ids

def test_ready_and_health(http_server):
    server = http_server()
    status, _, body = server.request("GET", "/ready")
    assert (status, body) == (200, {"status": "ready"})
    status, _, body = server.request("GET", "/health")
    assert (status, body) == (200, {"status": "ok"})


def test_request_ids_are_kept_or_made_and_logged(http_server):
    server = http_server("--log-level", "debug")
    _, headers, _ = server.request("GET", "/health", headers={"X-Request-Id": "trace-42.a:b"})
    assert headers["x-request-id"] == "trace-42.a:b"
    server.wait_for_log(r"hb\.request\.id=trace-42\.a:b")
    _, headers, _ = server.request("GET", "/health")
    made = headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{16,32}", made), made
    _, again, _ = server.request("GET", "/health")
    assert again["x-request-id"] != made
    # An id that could forge log lines or headers is replaced, not echoed.
    _, headers, _ = server.request("GET", "/health", headers={"X-Request-Id": "x" * 200})
    assert headers["x-request-id"] != "x" * 200
    # Refusals and unknown paths carry one too.
    status, headers, _ = server.request("GET", "/nowhere")
    assert status == 404 and "x-request-id" in headers
    status, headers, _ = server.request("POST", "/mcp", body={"jsonrpc": "2.0", "id": 1, "method": "ping"}, headers={"Origin": "https://evil.example"})
    assert status == 403 and "x-request-id" in headers


# MARK: metrics

def test_metrics_show_the_counts_this_test_caused(http_server):
    server = http_server()
    for i in range(3):
        status, _, reply = call_tool(server, "add_document", {"content": f"doc {i}", "metadata": {"title": f"Doc {i}"}}, id_=i)
        assert status == 200 and not reply["result"].get("isError"), reply
    # Schema violation: an error result, counted as such.
    _, _, reply = call_tool(server, "add_document", {"metadata": {"title": "no content"}}, id_=9)
    assert reply["result"]["isError"]
    server.request("GET", "/nowhere")
    connection, stream = server.open_stream("GET", "/sse", headers={"Accept": "text/event-stream"})
    try:
        assert read_events(stream, until=lambda e: e.get("event") == "endpoint")[0]["event"] == "endpoint"
        samples = metric_samples(server)
    finally:
        connection.close()

    assert sample(samples, "mcp_tool_calls_total", tool="add_document", outcome="success") == 3
    assert sample(samples, "mcp_tool_calls_total", tool="add_document", outcome="error") == 1
    assert sample(samples, "mcp_tool_call_duration_seconds_count", tool="add_document") == 4
    assert sample(samples, "mcp_tool_call_duration_seconds_bucket", tool="add_document", le="+Inf") == 4
    assert sample(samples, "http_requests_total", route="/mcp", method="POST", status="200") == 4
    assert sample(samples, "http_requests_total", route="NotFound", method="GET", status="404") == 1
    assert sample(samples, "http_request_duration_seconds_count", route="/mcp", method="POST", status="200") == 4
    assert sample(samples, "quire_store_documents") == 3
    assert sample(samples, "quire_store_size_bytes") > 0
    assert sample(samples, "mcp_open_streams") == 1
    assert sample(samples, "mcp_sessions", transport="sse") == 1
    assert sample(samples, "mcp_sessions", transport="streamable_http") == 0
    assert sample(samples, "mcp_draining") == 0

    session = server.initialize()
    samples = metric_samples(server)
    assert sample(samples, "mcp_sessions", transport="streamable_http") == 1
    assert session


# MARK: OpenAPI

def test_openapi_document_is_valid_openapi_3_1(http_server):
    server = http_server()
    status, headers, spec = server.request("GET", "/openapi.json")
    assert status == 200 and headers["content-type"] == "application/json"
    assert spec["openapi"].startswith("3.1")
    validate_openapi(spec)  # raises on any violation of the OpenAPI 3.1 schema
    paths = spec["paths"]
    for path in ["/mcp", "/sse", "/messages", "/health", "/ready", "/metrics", "/openapi.json", "/mcp/v1/documents",
                 "/mcp/v1/tools/call", "/mcp/v1/tools/list", "/mcp/v1/resources/read", "/mcp/v1/sse/subscribe",
                 "/mcp/v1/sse/progress/{operation_id}", "/mcp/v1/operations/{operation_id}"]:
        assert path in paths, path
    assert set(paths["/mcp"]) == {"post", "get", "delete"}
    assert "multipart/form-data" in paths["/mcp/v1/documents"]["post"]["requestBody"]["content"]
    operation_ids = [op["operationId"] for item in paths.values() for op in item.values()]
    assert len(operation_ids) == len(set(operation_ids))


# MARK: CORS

PAGE = "http://127.0.0.1:9"


def test_cors_preflight_and_responses_for_configured_origins(http_server):
    server = http_server("--cors-origin", PAGE, "--cors-origin", "https://app.example.com")
    status, headers, _ = server.request("OPTIONS", "/mcp", headers={
        "Origin": PAGE, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type, mcp-session-id, mcp-protocol-version"})
    assert status == 204
    assert headers["access-control-allow-origin"] == PAGE
    assert headers["access-control-allow-credentials"] == "true"
    allowed = {h.strip().lower() for h in headers["access-control-allow-headers"].split(",")}
    assert {"authorization", "content-type", "mcp-protocol-version", "mcp-method", "mcp-name", "last-event-id", "mcp-session-id"} <= allowed
    assert {"GET", "POST", "DELETE"} <= {m.strip() for m in headers["access-control-allow-methods"].split(",")}
    exposed = {h.strip().lower() for h in headers["access-control-expose-headers"].split(",")}
    assert {"mcp-session-id", "www-authenticate"} <= exposed
    assert "Origin" in headers.get("vary", "")

    status, headers, _ = server.request("POST", "/mcp", body={"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "page", "version": "1"}}}, headers={"Origin": PAGE})
    assert status == 200 and headers["access-control-allow-origin"] == PAGE and "mcp-session-id" in headers
    # Browsers read the exposed headers from the actual response, not from the preflight.
    assert "mcp-session-id" in {h.strip().lower() for h in headers["access-control-expose-headers"].split(",")}

    # A configured non-loopback origin passes the Origin check too (--cors-origin implies --allowed-origin).
    status, headers, _ = server.request("GET", "/ready", headers={"Origin": "https://app.example.com"})
    assert status == 200 and headers["access-control-allow-origin"] == "https://app.example.com"
    # Every path, the REST routes included.
    status, headers, _ = server.request("OPTIONS", "/mcp/v1/documents", headers={"Origin": PAGE, "Access-Control-Request-Method": "POST"})
    assert status == 204 and headers["access-control-allow-origin"] == PAGE

    # Another loopback page passes the Origin check but gets no CORS grant, so a browser hides the answer.
    status, headers, _ = server.request("GET", "/ready", headers={"Origin": "http://127.0.0.1:1"})
    assert status == 200 and "access-control-allow-origin" not in headers
    # An unconfigured remote origin is refused outright.
    status, headers, _ = server.request("GET", "/ready", headers={"Origin": "https://other.example.com"})
    assert status == 403 and "access-control-allow-origin" not in headers


def test_cors_wildcard_never_comes_with_credentials(http_server):
    server = http_server("--cors-origin", "*")
    status, headers, _ = server.request("OPTIONS", "/mcp", headers={"Origin": "https://anyone.example", "Access-Control-Request-Method": "POST"})
    assert status == 204
    assert headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in headers
    server.wait_for_log(r"--cors-origin \*")


def test_bad_cors_origins_are_refused_at_start(quire_bin, tmp_path):
    for origin in ["app.example.com", "https://app.example.com/path", "ftp://x"]:
        result = subprocess.run([quire_bin, "serve", str(tmp_path / "s.db"), "--transport", "http", "--cors-origin", origin],
                                capture_output=True, text=True, timeout=30)
        assert result.returncode != 0 and "--cors-origin" in result.stderr, result.stderr


# MARK: graceful shutdown

def answer_sampling(server, session: str, request: dict, text: str):
    return server.request("POST", body={"jsonrpc": "2.0", "id": request["id"], "result": {
        "role": "assistant", "content": {"type": "text", "text": text}, "model": "interop", "stopReason": "endTurn"}},
        headers={"Mcp-Session-Id": session, "MCP-Protocol-Version": "2025-11-25"})


def test_sigterm_drains_finishes_in_flight_work_and_ends_streams(quire_bin, tmp_path):
    server = HTTPServer(quire_bin, str(tmp_path / "drain.db"), "--shutdown-grace", "20")
    try:
        session = server.initialize(capabilities={"sampling": {}})
        headers = {"Mcp-Session-Id": session, "MCP-Protocol-Version": "2025-11-25"}
        added = call_tool(server, "add_document", {"content": "A text about tides.", "metadata": {"title": "untitled"}})[2]
        uuid = added["result"]["structuredContent"]["document"]["uuid"]
        legacy, legacy_stream = server.open_stream("GET", "/sse", headers={"Accept": "text/event-stream"})
        assert read_events(legacy_stream, until=lambda e: e.get("event") == "endpoint")

        # In flight: the tool waits for the client to answer its sampling request.
        call = {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "improve_title", "arguments": {"document_id": uuid}}}
        connection, stream = server.open_stream("POST", body=call, headers=headers)
        events = read_events(stream, until=lambda e: "sampling/createMessage" in e.get("data", ""))
        sampling = message_of(events[-1])

        server.process.send_signal(signal.SIGTERM)
        # Not ready from the first moment; new sessionless work is turned away.
        deadline = time.monotonic() + 10
        while True:
            status, _, body = server.request("GET", "/ready")
            if status == 503 or time.monotonic() > deadline:
                break
        assert (status, body["status"]) == (503, "not_ready") and "draining" in body["reason"]
        status, headers_503, body = call_tool(server, "list_documents", {})
        assert status == 503 and headers_503.get("retry-after") == "1"
        assert sample(metric_samples(server), "mcp_draining") == 1

        # The session's answer is still taken, so the request in flight completes.
        status, _, _ = answer_sampling(server, session, sampling, "Tides explained")
        assert status == 202
        rest = read_events(stream, until=lambda e: '"id":2' in e.get("data", ""))
        reply = message_of(rest[-1])
        assert reply["id"] == 2 and not reply["result"].get("isError"), reply
        connection.close()

        # The open legacy stream gets a final `shutdown` event, then ends.
        tail = read_events(legacy_stream)
        assert tail and tail[-1]["event"] == "shutdown", tail
        assert "shutting down" in json.loads(tail[-1]["data"])["reason"]
        legacy.close()
        assert server.stop() == 0, "".join(server.log)
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()


def test_sigterm_under_load_loses_no_acknowledged_write(quire_bin, tmp_path):
    store = str(tmp_path / "load.db")
    server = HTTPServer(quire_bin, store)
    acknowledged: list[str] = []
    ended = 0
    lock = threading.Lock()
    started = threading.Event()
    stop = threading.Event()

    def writer(worker: int):
        nonlocal ended
        for i in range(2000):  # bounded: the server goes away long before this
            if stop.is_set():
                return
            try:
                status, _, reply = call_tool(server, "add_document", {
                    "content": f"worker {worker} item {i}", "metadata": {"title": f"w{worker}-{i}"}}, id_=i)
            except OSError:
                with lock:
                    ended += 1
                return  # the server has stopped listening
            if status == 200 and isinstance(reply, dict) and "result" in reply:
                with lock:
                    acknowledged.append(reply["result"]["structuredContent"]["document"]["uuid"])
                    if len(acknowledged) >= 40:
                        started.set()
            elif status == 503:
                with lock:
                    ended += 1
                return
            else:
                raise AssertionError((status, reply))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    try:
        assert started.wait(60), "the writers never got going"
        server.process.send_signal(signal.SIGTERM)
        for thread in threads:
            thread.join(60)
        assert server.stop() == 0, "".join(server.log)
    finally:
        stop.set()
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()
    assert len(acknowledged) >= 40
    # Every writer was stopped by the shutdown: a 503 while draining, or the listener gone.
    assert not any(thread.is_alive() for thread in threads)
    assert ended == 4, ended

    # Reopen the store over stdio and list what is there.
    reader = RawServer([quire_bin, "serve", store, "--embedding-dimension", "4"])
    try:
        reader.send_line(json.dumps({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
            "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "check", "version": "1"}}}).encode())
        reader.read_line()
        reader.send_line(json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}).encode())
        present: set[str] = set()
        offset = 0
        while True:
            reader.send_line(json.dumps({"jsonrpc": "2.0", "id": offset + 1, "method": "tools/call", "params": {
                "name": "list_documents", "arguments": {"limit": 1000, "offset": offset, "include_content": False}}}).encode())
            page = json.loads(reader.read_line())["result"]["structuredContent"]
            present.update(d["uuid"] for d in page["documents"])
            offset += len(page["documents"])
            if not page["documents"] or offset >= page["total_count"]:
                break
        # The usage log was flushed on the way out: every add that completed was recorded
        # (records are written in batches, so without the final flush some would be missing).
        reader.send_line(json.dumps({"jsonrpc": "2.0", "id": "usage", "method": "tools/call", "params": {
            "name": "get_usage_metrics", "arguments": {}}}).encode())
        usage = json.loads(reader.read_line())["result"]["structuredContent"]
    finally:
        reader.close()
    assert usage["calls_by_tool"].get("add_document") == len(present), (usage["calls_by_tool"], len(present))
    missing = set(acknowledged) - present
    assert not missing, f"{len(missing)} acknowledged writes are missing"
