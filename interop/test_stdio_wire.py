"""`quire serve` over stdio, byte by byte: malformed input, ids, batches, shutdown, bad stores."""

import json
import os
import pathlib
import shutil
import signal
import subprocess
import tempfile

INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 0,
    "method": "initialize",
    "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "wire-test", "version": "1"}},
}


def send(server, message) -> None:
    server.send_line(json.dumps(message).encode())


def receive(server) -> dict:
    return json.loads(server.read_line())


def initialize(server, version: str = "2025-11-25") -> None:
    message = dict(INITIALIZE, params=dict(INITIALIZE["params"], protocolVersion=version))
    send(server, message)
    assert receive(server)["result"]["protocolVersion"] == version
    send(server, {"jsonrpc": "2.0", "method": "notifications/initialized"})


def test_malformed_lines_get_errors_and_the_server_keeps_serving(raw_server):
    server = raw_server()
    server.send_line(b'{"jsonrpc": "2.0", "id": 1, "method": ')
    reply = receive(server)
    assert reply["id"] is None and reply["error"]["code"] == -32700
    server.send_line(b"\xff\xfe not utf-8")
    assert receive(server)["error"]["code"] == -32700
    server.send_line(b'{"jsonrpc": "1.0", "id": 7, "method": "ping"}')
    reply = receive(server)
    assert reply["id"] == 7 and reply["error"]["code"] == -32600
    server.send_line(b'{"jsonrpc": "2.0", "id": 1.5, "method": "ping"}')
    assert receive(server)["error"]["code"] == -32600
    server.send_line(b"[" * 100000)
    assert receive(server)["error"]["code"] == -32700
    initialize(server)
    send(server, {"jsonrpc": "2.0", "id": 2, "method": "ping"})
    assert receive(server) == {"jsonrpc": "2.0", "id": 2, "result": {}}


def test_requests_before_initialize_are_refused_with_a_reason(raw_server):
    server = raw_server()
    send(server, {"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
    reply = receive(server)
    assert reply["error"]["code"] == -32600 and "initialize" in reply["error"]["message"]


def test_integer_and_string_ids_stay_distinct(raw_server):
    server = raw_server()
    initialize(server)
    send(server, {"jsonrpc": "2.0", "id": 1, "method": "ping"})
    send(server, {"jsonrpc": "2.0", "id": "1", "method": "ping"})
    replies = [receive(server), receive(server)]
    assert sorted((type(r["id"]).__name__, r["id"]) for r in replies) == [("int", 1), ("str", "1")]


def test_unknown_method_and_bad_params(raw_server):
    server = raw_server()
    initialize(server)
    send(server, {"jsonrpc": "2.0", "id": 3, "method": "no/such/method"})
    assert receive(server)["error"]["code"] == -32601
    send(server, {"jsonrpc": "2.0", "id": 4, "method": "tools/call", "params": {"name": 5}})
    reply = receive(server)
    assert reply["error"]["code"] == -32602 and "name" in reply["error"]["message"]


def test_batches_only_in_2025_03_26(raw_server):
    server = raw_server()
    initialize(server, "2025-06-18")
    send(server, [{"jsonrpc": "2.0", "id": 1, "method": "ping"}])
    assert receive(server)["error"]["code"] == -32600

    server = raw_server()
    initialize(server, "2025-03-26")
    send(server, [{"jsonrpc": "2.0", "id": 1, "method": "ping"}, {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}, 5])
    replies = receive(server)
    assert isinstance(replies, list) and len(replies) == 3
    assert {r["id"] for r in replies if "result" in r} == {1, 2}
    assert any(r.get("error", {}).get("code") == -32600 for r in replies)


def test_modern_requests_need_a_valid_envelope(raw_server):
    server = raw_server()
    send(server, {"jsonrpc": "2.0", "id": 1, "method": "server/discover", "params": {}})
    assert receive(server)["error"]["code"] == -32602
    meta = {"io.modelcontextprotocol/protocolVersion": "v999.0.0", "io.modelcontextprotocol/clientCapabilities": {}}
    send(server, {"jsonrpc": "2.0", "id": 2, "method": "server/discover", "params": {"_meta": meta}})
    error = receive(server)["error"]
    assert error["code"] == -32022 and error["data"]["requested"] == "v999.0.0" and error["data"]["supported"]
    meta["io.modelcontextprotocol/protocolVersion"] = "2026-07-28"
    send(server, {"jsonrpc": "2.0", "id": 3, "method": "server/discover", "params": {"_meta": meta}})
    result = receive(server)["result"]
    assert "2026-07-28" in result["supportedVersions"] and result["resultType"] == "complete"
    assert isinstance(result["ttlMs"], int) and result["cacheScope"] in ("public", "private")
    for removed in ("initialize", "ping", "logging/setLevel"):
        send(server, {"jsonrpc": "2.0", "id": 4, "method": removed, "params": {"_meta": meta}})
        assert receive(server)["error"]["code"] == -32601


def test_end_of_input_exits_cleanly(raw_server):
    server = raw_server()
    initialize(server)
    server.process.stdin.close()
    assert server.process.wait(timeout=10) == 0


def test_sigterm_exits_cleanly(raw_server):
    server = raw_server()
    initialize(server)
    server.process.send_signal(signal.SIGTERM)
    code = server.process.wait(timeout=10)
    assert code == 0, server.process.stderr.read().decode()[-3000:]


def test_stdout_carries_only_protocol_messages(raw_server):
    server = raw_server("--log-level", "debug")
    initialize(server)
    send(server, {"jsonrpc": "2.0", "id": 9, "method": "tools/list"})
    assert len(receive(server)["result"]["tools"]) >= 6
    server.process.stdin.close()
    rest = server.process.stdout.read()
    assert rest == b""
    assert server.process.wait(timeout=10) == 0


def test_a_file_that_is_not_a_store_is_refused_in_one_line(quire_bin, tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("these are not the documents you are looking for\n" * 100)
    run = subprocess.run([quire_bin, "serve", str(bogus)], capture_output=True, timeout=30, stdin=subprocess.DEVNULL)
    assert run.returncode != 0
    lines = run.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "not a Quire store" in lines[0]
    assert bogus.read_text().startswith("these are not")


def test_a_read_only_store_is_refused_in_one_line(quire_bin):
    # Root writes through file modes, so the server runs as an unprivileged user when we are root.
    folder = pathlib.Path(tempfile.mkdtemp(prefix="quire-ro-"))
    folder.chmod(0o755)
    store = folder / "ro.db"
    try:
        create = subprocess.run([quire_bin, "serve", str(store)], capture_output=True, timeout=30, stdin=subprocess.DEVNULL)
        assert create.returncode == 0 and store.exists()
        store.chmod(0o444)
        folder.chmod(0o555)
        prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.geteuid() == 0 else []
        run = subprocess.run([*prefix, quire_bin, "serve", str(store)], capture_output=True, timeout=30, stdin=subprocess.DEVNULL)
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)
    assert run.returncode != 0
    lines = run.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "read-only" in lines[0], lines
