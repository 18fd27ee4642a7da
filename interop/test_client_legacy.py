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


def test_get_stream_carries_notifications_and_is_resumed_with_last_event_id(quire, peers):
    server = peers("legacy", "--get-stream")
    quire.ok("add", "raw", server.url)
    quire.ok("sync", "raw")
    # The server answers `notify` only after the client reconnected its GET stream with the id of the
    # last notification, so a pass means: stream opened, notifications read and routed, resumed.
    result = quire.ok("call", "raw", "notify", "--verbose")
    assert result.stdout == "notified\n"
    assert "[raw info] halfway there" in result.stderr
    log = server_log(server)
    streams = log["get_streams"]
    assert [stream["last_event_id"] for stream in streams] == [None, "g3"], streams
    call_session = next(entry["session"] for entry in log["requests"] if entry["method"] == "tools/call")
    assert all(stream["session"] == call_session for stream in streams)
    waited = streams[1]["at"] - log["get_closed_at"]
    assert 0.13 <= waited < 1.0, waited  # retry: 150 ms respected
    assert call_session in log["delete"]

    # notifications/tools/list_changed marked the cache, so the next call lists the tools again.
    assert json.loads(quire.ok("get", "raw", "--json").stdout)["sync"]["listChanged"] is True
    listed = [entry["method"] for entry in log["requests"]].count("tools/list")
    assert quire.ok("call", "raw", "echo", "--arg", "text=again").stdout == "again\n"
    log = server_log(server)
    assert [entry["method"] for entry in log["requests"]].count("tools/list") == listed + 1
    assert "listChanged" not in json.loads(quire.ok("get", "raw", "--json").stdout)["sync"]


def test_interrupt_deletes_the_session_and_ends_the_call(quire, peers):
    import signal

    server = peers("legacy")
    quire.ok("add", "raw", server.url)
    quire.ok("sync", "raw")
    process = quire.start("call", "raw", "hang")
    session = server.wait_for("CALL hang ").split()[2]
    process.send_signal(signal.SIGINT)
    _, err = quire.collect(process)
    assert process.returncode == 130, err
    assert err.strip() == "quire: interrupted"
    assert session in server_log(server)["delete"]
    server.wait_for(f"GONE hang {session}")  # the call's own stream was closed as well


def test_rate_limited_call_waits_for_retry_after_once(quire, peers):
    server = peers("legacy", "--rate-limit", "1")
    quire.ok("add", "raw", server.url)
    quire.ok("sync", "raw")
    assert quire.ok("call", "raw", "echo", "--arg", "text=patient").stdout == "patient\n"
    log = server_log(server)
    waited = log["retried_at"] - log["rate_limited_at"]
    assert 0.95 <= waited < 3, waited


def test_rate_limit_beyond_the_time_left_is_a_friendly_message(quire, peers):
    server = peers("legacy", "--rate-limit", "3600")
    quire.ok("add", "raw", server.url)
    quire.ok("sync", "raw")
    result = quire.run("call", "raw", "echo", "--arg", "text=impatient")
    assert result.returncode == 3
    assert result.stderr.strip() == "quire: Rate limited (429) by 'raw'; retry in 3600 s"


def test_timeout_cancels_the_call_on_the_wire(quire, peers):
    server = peers("legacy")
    quire.ok("add", "raw", server.url)
    quire.ok("sync", "raw")
    result = quire.run("call", "raw", "hang", "--timeout", "1")
    assert result.returncode == 3
    assert result.stderr.strip() == "quire: Timed out after 1 s waiting for 'hang' on 'raw' (no progress); raise --timeout or --max-timeout"
    log = server_log(server)
    call = next(entry for entry in log["requests"] if entry["method"] == "tools/call")
    cancelled = [entry for entry in log["requests"] if entry["method"] == "notifications/cancelled"]
    assert len(cancelled) == 1 and cancelled[0]["session"] == call["session"]
    assert cancelled[0]["params"]["reason"] == "timed out" and isinstance(cancelled[0]["params"]["requestId"], int)
    assert call["session"] in log["delete"]


def test_server_errors_and_login_pages_are_one_line(quire, peers):
    server = peers("legacy")
    quire.ok("add", "raw", server.url)
    quire.ok("sync", "raw")
    failed = quire.run("call", "raw", "explode")
    assert failed.returncode == 3
    assert failed.stderr.strip() == "quire: Server error (HTTP 500) from 'raw': internal failure: the database is unavailable"
    page = quire.run("call", "raw", "login_page")
    assert page.returncode == 3
    assert page.stderr.strip() == (f"quire: Unexpected text/html; charset=utf-8 response from {server.url} "
                                   "(often a proxy or login page) [server 'raw']")


def test_lost_modern_stream_is_reissued_only_when_safe(quire, peers):
    server = peers("legacy", "--modern")
    quire.ok("add", "raw", server.url)
    quire.ok("sync", "raw")
    assert json.loads(quire.ok("get", "raw", "--json").stdout)["sync"]["era"] == "modern"
    # --reissue: the lost call is sent once more, and that one is answered.
    assert quire.ok("call", "raw", "lost", "--reissue").stdout == "lost answered\n"
    assert server_log(server)["attempts"]["lost"] == 2
    # Not annotated as safe to repeat: the outcome is unknown, and quire says so instead of guessing.
    unknown = quire.run("call", "raw", "lost")
    assert unknown.returncode == 3
    assert unknown.stderr.strip() == ("quire: The stream for 'lost' on 'raw' was lost before the response; "
                                      "the outcome is unknown (pass --reissue to send it again)")
    assert server_log(server)["attempts"]["lost"] == 3
    # readOnlyHint: re-issued by itself.
    assert quire.ok("call", "raw", "lost_readonly").stdout == "lost_readonly answered\n"
    assert server_log(server)["attempts"]["lost_readonly"] == 2


def test_structured_content_is_checked_against_the_output_schema(quire, peers):
    server = peers("legacy")
    quire.ok("add", "raw", server.url)
    quire.ok("sync", "raw")
    result = quire.ok("call", "raw", "wrong_shape")
    assert json.loads(result.stdout) == {"count": "many"}  # still shown
    assert result.stderr.startswith("warning: the result of 'wrong_shape' does not match its output schema: count")
    assert quire.ok("call", "raw", "echo", "--arg", "text=fine").stderr == ""  # no schema, no warning
