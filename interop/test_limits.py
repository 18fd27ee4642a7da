"""Input limits and floods over real HTTP: oversize bodies, deep JSON, huge headers, and a burst
of requests against the rate limits while /health keeps answering."""

import concurrent.futures
import http.client
import json
import time

from http_support import modern_headers, modern_request


def test_an_oversize_body_is_413(http_server):
    server = http_server("--max-body-bytes", "2048")
    body = modern_request(1, "tools/call", {"name": "add_document", "arguments": {"content": "x" * 4096}})
    status, _, reply = server.request("POST", body=body, headers=modern_headers("tools/call", "add_document"))
    assert status == 413, reply
    status, _, _ = server.request("POST", "/mcp/v1/tools/call", body={"name": "add_document", "arguments": {"content": "x" * 4096}})
    assert status == 413


def test_deep_json_is_a_parse_error_not_a_crash(http_server):
    server = http_server()
    deep = b'{"jsonrpc":"2.0","id":1,"method":"tools/list","params":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    status, _, reply = server.request("POST", body=deep, headers=modern_headers("tools/list"))
    assert status == 400 and reply["error"]["code"] == -32700, reply
    # Still serving.
    assert server.request("GET", "/health")[0] == 200


def test_huge_headers_are_refused(http_server):
    server = http_server("--max-header-bytes", "4096")
    status, _, _ = server.request("GET", "/health", headers={"X-Padding": "a" * 8192})
    assert status == 431
    assert server.request("GET", "/health")[0] == 200
