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


def test_a_burst_of_ten_thousand_requests_is_throttled_while_health_answers(http_server, tmp_path):
    server = http_server("--rate-limit", "600", "--rate-limit-burst", "50", "--global-rate-limit", "100000")
    body = json.dumps(modern_request(1, "tools/list")).encode()
    headers = {"Content-Type": "application/json", "Accept": "application/json", **modern_headers("tools/list")}
    statuses: dict[int, int] = {}
    refused_headers: list[dict] = []

    def flood(count: int):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        local: dict[int, int] = {}
        for _ in range(count):
            connection.request("POST", "/mcp", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            local[response.status] = local.get(response.status, 0) + 1
            if response.status == 429 and len(refused_headers) < 3:
                refused_headers.append({k.lower(): v for k, v in response.getheaders()})
        connection.close()
        return local

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(flood, 1250) for _ in range(8)]
        latencies = []
        probe = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        while not all(future.done() for future in futures) or len(latencies) < 10:
            started = time.monotonic()
            probe.request("GET", "/health")
            response = probe.getresponse()
            response.read()
            assert response.status == 200
            latencies.append(time.monotonic() - started)
            if len(latencies) >= 200:
                break
        probe.close()
        for future in futures:
            for status, count in future.result().items():
                statuses[status] = statuses.get(status, 0) + count
    assert sum(statuses.values()) == 10_000
    assert set(statuses) <= {200, 429}, statuses
    assert statuses[429] >= 9_000, statuses  # 50 at once plus 10 per second
    assert 50 <= statuses.get(200, 0) < 1_000, statuses
    refused = refused_headers[0]
    assert int(refused["retry-after"]) >= 1
    assert "ratelimit" in refused and "ratelimit-policy" in refused
    latencies.sort()
    assert latencies[len(latencies) // 2] < 0.05, latencies  # health checks are exempt and stay fast
    status, _, metrics = server.request("GET", "/metrics")
    text = metrics.decode() if isinstance(metrics, bytes) else str(metrics)
    assert "quire_rate_limited_requests_total" in text
