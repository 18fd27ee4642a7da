"""`quire mcp` against `quire serve`: stdio, Streamable HTTP in both eras, legacy HTTP+SSE, detection and
connection errors."""

import json
import socket

from client_support import http_server, peers, quire  # noqa: F401  (fixtures)


def check_round_trip(quire, name: str) -> dict:
    """Syncs `name`, adds a document and reads it back through `quire mcp call`."""
    synced = quire.ok("sync", name)
    assert synced.stdout.startswith(f"✓ {name}: ") and " tools (+" in synced.stdout
    tools = json.loads(quire.ok("tools", name, "--json").stdout)[name]
    names = [tool["name"] for tool in tools]
    assert "add_document" in names and "search_documents" in names
    added = json.loads(quire.ok("call", name, "add_document", "--arg", "content=Actors guard state", "--args-json", '{"metadata": {"title": "Actors"}}').stdout)
    uuid = added["uuid"] if "uuid" in added else added["document"]["uuid"]
    got = quire.ok("call", name, "get_document", "--arg", f"document_id={uuid}", "--json")
    result = json.loads(got.stdout)
    assert result.get("isError") in (None, False)
    assert "Actors guard state" in json.dumps(result["structuredContent"])
    missing = quire.run("call", name, "get_document", "--arg", "document_id=00000000-0000-0000-0000-000000000000")
    assert missing.returncode == 1 and missing.stderr.strip()
    info = quire.ok("info", name, "search_documents").stdout
    assert "query: string (required)" in info and "Example: quire mcp call" in info and "readOnlyHint=true" in info
    return json.loads(quire.ok("get", name, "--json").stdout)["sync"]


def test_stdio_quire_serve(quire, quire_bin, tmp_path):
    quire.ok("add", name := "local", "--", quire_bin, "serve", str(tmp_path / "stdio.db"), "--embedding-dimension", "4")
    status = check_round_trip(quire, name)
    assert status["era"] == "legacy" and status["protocolVersion"] == "2025-11-25"
    # The server's stderr went to the log file, not to quire's output.
    assert (quire.home / "logs" / "local.log").exists()


def test_http_modern_era(quire, http_server):
    server = http_server()
    quire.ok("add", "docs", server.url)
    status = check_round_trip(quire, "docs")
    assert status["era"] == "modern" and status["protocolVersion"] == "2026-07-28"
    eras = json.loads((quire.home / "cache" / "eras.json").read_text())
    assert eras == {f"http://127.0.0.1:{server.port}": "modern"}


def test_http_legacy_era_pinned_and_legacy_first(quire, http_server):
    server = http_server()
    quire.ok("add", "--protocol", "2025-11-25", "pinned", server.url)
    status = check_round_trip(quire, "pinned")
    assert status["era"] == "legacy" and status["protocolVersion"] == "2025-11-25"
    quire.ok("add", "--protocol", "legacy-first", "lf", server.url)
    quire.ok("sync", "lf")
    assert json.loads(quire.ok("get", "lf", "--json").stdout)["sync"]["era"] == "legacy"


def test_legacy_http_plus_sse(quire, http_server):
    server = http_server()
    sse_url = server.url.replace("/mcp", "/sse")
    quire.ok("add", "--transport", "sse", "old", sse_url)
    status = check_round_trip(quire, "old")
    assert status["era"] == "sse"
    # Auto-detection reaches the same transport through the 400/404/405 fallback.
    quire.ok("add", "auto", sse_url)
    quire.ok("sync", "auto")
    assert json.loads(quire.ok("get", "auto", "--json").stdout)["sync"]["era"] == "sse"


def test_detection_failure_and_connection_refused(quire, http_server):
    server = http_server()
    quire.ok("add", "nothing", server.url.replace("/mcp", "/not-mcp"))
    result = quire.run("call", "nothing", "tool")
    assert result.returncode == 3
    assert f"Could not detect an MCP endpoint at http://127.0.0.1:{server.port}/not-mcp: server/discover → 404" in result.stderr
    assert "initialize → 404" in result.stderr and "GET → 404" in result.stderr

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    quire.ok("add", "down", f"http://127.0.0.1:{port}/mcp")
    down = quire.run("call", "down", "tool")
    assert down.returncode == 3
    assert down.stderr.strip() == f"quire: Could not connect to 'down' at http://127.0.0.1:{port}/mcp: connection refused. Is the server running?"
    sync = quire.run("sync", "--all")
    assert sync.returncode == 3 and "✗ down: Could not connect" in sync.stdout and "✗ nothing:" in sync.stdout


def test_failed_sync_keeps_tools_and_vanished_tools_are_pruned(quire, http_server):
    server = http_server()
    quire.ok("add", "docs", server.url)
    quire.ok("sync", "docs")
    cache = quire.home / "cache" / "tools" / "docs.json"
    data = json.loads(cache.read_text())
    data["tools"].append({"name": "vanished_tool", "inputSchema": {"type": "object"}})
    synced_at = data["syncedAt"]
    cache.write_text(json.dumps(data))
    again = quire.ok("sync", "docs").stdout
    assert "−1)" in again
    assert "vanished_tool" not in cache.read_text()
    server.stop()
    failed = quire.run("sync", "docs")
    assert failed.returncode == 3 and failed.stdout.startswith("✗ docs: Could not connect")
    kept = json.loads(cache.read_text())
    assert len(kept["tools"]) > 5 and kept["staleError"].startswith("Could not connect") and kept["syncedAt"] >= synced_at


def test_bearer_against_quire_serve_with_jwt_auth(quire, quire_bin, http_server, tmp_path):
    """`quire serve --auth jwt` trusting a development key; the client sends the token from
    `${QUIRE_JWT}`; a wrong token exits 4 without printing it."""
    import subprocess

    from client_support import secret

    env = {**quire.env}
    public = subprocess.run([quire_bin, "token", "--print-public-key"], env=env, capture_output=True, text=True, check=True).stdout
    key_file = tmp_path / "dev-public.pem"
    key_file.write_text(public)
    server = http_server("--auth", "jwt", "--jwt-public-key", str(key_file))
    token = secret(subprocess.run(
        [quire_bin, "token", "--subject", "ci", "--scope", "quire:read quire:write", "--audience", server.url],
        env=env, capture_output=True, text=True, check=True,
    ).stdout.strip())
    quire.env["QUIRE_JWT"] = token
    quire.ok("add", "secured", server.url, "--auth", "bearer", "--token", "${QUIRE_JWT}")
    check_round_trip(quire, "secured")
    wrong = secret(token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB"))
    failed = quire.run("sync", "secured", env={"QUIRE_JWT": wrong})
    assert failed.returncode == 4, failed.stdout + failed.stderr


def test_friendly_messages_for_dns_tls_and_timeouts(quire, http_server, tmp_path):
    import socket
    import subprocess
    import time

    # DNS: a name that cannot exist (RFC 2606) fails at once, naming the host.
    quire.ok("add", "nowhere", "https://quire-test.invalid/mcp")
    started = time.monotonic()
    dns = quire.run("call", "nowhere", "tool")
    assert dns.returncode == 3
    assert dns.stderr.strip() == ("quire: Could not connect to 'nowhere' at https://quire-test.invalid/mcp: "
                                  "the host name 'quire-test.invalid' could not be resolved (DNS). Check the host in the URL.")
    assert time.monotonic() - started < 8  # no retrying until the 10 s connect timeout

    # TLS: `quire serve` with a self-signed certificate the client does not trust.
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=127.0.0.1"], check=True, capture_output=True)
    server = http_server("--tls-cert", str(cert), "--tls-key", str(key))
    assert server.url.startswith("https://")
    quire.ok("add", "selfsigned", server.url)
    tls = quire.run("call", "selfsigned", "tool")
    assert tls.returncode == 3
    assert tls.stderr.strip() == (f"quire: Could not connect to 'selfsigned' at {server.url}: TLS failure: the server's certificate is not "
                                  "trusted (self-signed or from an unknown authority). Use a certificate from a trusted authority, "
                                  "or add it to the system's trust store.")

    # Timeout: a port that accepts connections but never answers.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        quire.ok("add", "silent", f"http://127.0.0.1:{silent.getsockname()[1]}/mcp")
        timed_out = quire.run("call", "silent", "tool", "--timeout", "1")
    assert timed_out.returncode == 3
    assert timed_out.stderr.strip() == "quire: Timed out after 1 s waiting for 'silent' to finish the handshake; is it an MCP server? (raise --timeout)"


def test_credentials_in_urls_are_masked_in_listings_and_errors(quire):
    import socket

    from client_support import secret

    password = secret("url-password-" + "9f3a1c77")
    key = secret("query-key-" + "5d2e8b90aa")
    path_token = secret("a3f9c2e17b4d4e0f9a8b7c6d5e4f3a2b")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://alice:{password}@127.0.0.1:{port}/{path_token}/mcp?api_key={key}&region=eu"
    quire.ok("add", "keyed", url)
    listed = quire.ok("list").stdout
    assert f"http://alice:****@127.0.0.1:{port}/****/mcp?api_key=****&region=eu" in listed, listed
    failed = quire.run("call", "keyed", "tool")
    assert failed.returncode == 3
    assert failed.stderr.strip() == (f"quire: Could not connect to 'keyed' at http://alice:****@127.0.0.1:{port}/****/mcp?api_key=****&region=eu: "
                                     "connection refused. Is the server running?")
    # Ad hoc URL targets are masked the same way.
    adhoc = quire.run("call", url, "tool")
    assert adhoc.returncode == 3 and "api_key=****" in adhoc.stderr


def sessions_of(server) -> float:
    """quire serve's `mcp_sessions{transport="streamable_http"}` gauge."""
    import re
    import urllib.request

    with urllib.request.urlopen(server.url.replace("/mcp", "/metrics"), timeout=10) as response:
        text = response.read().decode()
    return float(re.search(r'mcp_sessions\{transport="streamable_http"\} (\S+)', text).group(1))


def test_interrupted_call_deletes_its_session_on_quire_serve(quire, http_server):
    import os
    import pty
    import select
    import signal
    import time

    from client_support import OUTPUTS

    server = http_server()
    quire.ok("add", "--protocol", "2025-11-25", "docs", server.url)
    quire.ok("sync", "docs")
    assert sessions_of(server) == 0  # sync ended its session
    # A long tool with progress, stderr on a terminal: the first bar drawn proves the call is running.
    master, slave = pty.openpty()
    process = quire.start("call", "docs", "benchmark_operations", "--arg", "sample_size=10000", stderr=slave)
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 60
    while b"benchmark_operations [" not in seen:
        remaining = deadline - time.monotonic()
        assert remaining > 0 and process.poll() is None, seen
        if select.select([master], [], [], remaining)[0]:
            seen += os.read(master, 4096)
    assert sessions_of(server) == 1
    process.send_signal(signal.SIGINT)
    while True:  # drain the terminal until quire is gone
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    quire.collect(process)
    OUTPUTS.append(seen.decode(errors="replace"))
    assert process.returncode == 130
    assert seen.decode(errors="replace").rstrip().endswith("quire: interrupted")
    assert sessions_of(server) == 0  # the DELETE reached the server before quire exited
