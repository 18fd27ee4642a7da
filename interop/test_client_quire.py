"""`quire mcp` against `quire serve`: stdio, Streamable HTTP in both eras, legacy HTTP+SSE, detection and
connection errors."""

import json
import socket

from client_support import peers, quire  # noqa: F401  (fixtures)


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
