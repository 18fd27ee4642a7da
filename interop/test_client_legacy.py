"""`quire mcp` against a hand-written legacy Streamable HTTP server: re-initialize after a restart (L26),
DELETE on close (L27), SSE resumption with retry + Last-Event-ID (L11, L12, L21), keep-alives ignored."""

import json
import urllib.request

from client_support import peers, quire  # noqa: F401  (fixtures)


def server_log(server) -> dict:
    with urllib.request.urlopen(f"{server.base}/log", timeout=10) as response:
        return json.loads(response.read())


def test_reinitializes_after_a_server_restart(quire, peers):
    server = peers("legacy", "--restart-after-list")
    quire.ok("add", "raw", server.url)
    # No cache: initialize, tools/list (after which the server forgets every session), tools/call → 404
    # → a new initialize and the call sent again.
    result = quire.ok("call", "raw", "echo", "--arg", "text=after restart")
    assert result.stdout == "after restart\n"
    log = server_log(server)
    assert log["initialize"] == 2
    methods = [entry["method"] for entry in log["requests"]]
    assert methods.count("tools/call") == 2
    assert log["discover_status"] == 400  # modern probe first, then the legacy handshake
    assert all(entry["version"] == "2025-11-25" for entry in log["requests"] if entry["method"] == "tools/call")


def test_deletes_its_session_and_ignores_keepalives(quire, peers):
    server = peers("legacy")
    quire.ok("add", "raw", server.url)
    quire.ok("sync", "raw")
    assert quire.ok("call", "raw", "echo", "--arg", "text=over sse").stdout == "over sse\n"
    log = server_log(server)
    sessions = [entry["session"] for entry in log["requests"] if entry["method"] == "tools/call"]
    assert sessions and sessions[0] in log["delete"]
    assert len(log["delete"]) == 2  # one per quire process (sync, call)
    # The era was cached: the second process went straight to initialize.
    assert [entry["method"] for entry in log["requests"]].count("server/discover") == 1


def test_resumes_a_closed_stream_with_last_event_id_after_retry(quire, peers):
    server = peers("legacy")
    quire.ok("add", "raw", server.url)
    quire.ok("sync", "raw")
    assert quire.ok("call", "raw", "resumable").stdout == "resumed answer\n"
    log = server_log(server)
    assert len(log["resume"]) == 1
    resume = log["resume"][0]
    assert resume["last_event_id"] == "s1-0" and resume["session"]
    waited = resume["at"] - log["stream_closed_at"]
    assert 0.18 <= waited < 1.0, waited  # retry: 200 ms respected
