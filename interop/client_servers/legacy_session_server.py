"""A hand-written legacy (2025-11-25) Streamable HTTP server for what SDK servers cannot be made to do
on cue: forget every session after `tools/list` (a restart), close an SSE stream before the response
so the client must resume with GET + Last-Event-ID, record DELETEs, keep a call running until the
client goes away, answer 429 with Retry-After, fail with a 500 or an HTML login page, (with
--get-stream) offer the GET notification stream and send a call's notifications there, and (with
--modern) speak 2026-07-28 instead and lose a call's stream before its response. Prints
`READY <port>`; GET /log returns what it saw as JSON.

    python legacy_session_server.py [--restart-after-list] [--get-stream] [--rate-limit SECONDS] [--modern]
"""

import json
import queue
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RESTART_AFTER_LIST = "--restart-after-list" in sys.argv
GET_STREAM = "--get-stream" in sys.argv
MODERN = "--modern" in sys.argv
# --rate-limit N: the first tools/call of each session gets 429 with `Retry-After: N`.
RATE_LIMIT = sys.argv[sys.argv.index("--rate-limit") + 1] if "--rate-limit" in sys.argv else None
LOCK = threading.Lock()
SESSIONS: set[str] = set()
LOG: dict = {"initialize": 0, "delete": [], "requests": [], "resume": [], "stream_closed_at": None, "discover_status": None,
             "get_streams": [], "get_closed_at": None, "rate_limited": []}
# Per session: messages for its GET stream (None closes the stream), and the reconnection signal.
OUTBOX: dict[str, queue.Queue] = {}
RECONNECTED: dict[str, threading.Event] = {}

TOOLS = [
    {"name": "echo", "description": "Echo", "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}},
    {"name": "resumable", "description": "Answers on a resumed stream", "inputSchema": {"type": "object", "properties": {}}},
    {"name": "hang", "description": "Runs until the client goes away", "inputSchema": {"type": "object", "properties": {}}},
    {"name": "notify", "description": "Notifies on the GET stream, then answers", "inputSchema": {"type": "object", "properties": {}}},
    {"name": "explode", "description": "Fails with HTTP 500", "inputSchema": {"type": "object", "properties": {}}},
    {"name": "login_page", "description": "Answers with an HTML page", "inputSchema": {"type": "object", "properties": {}}},
    {"name": "wrong_shape", "description": "Returns structured content its output schema forbids", "inputSchema": {"type": "object", "properties": {}},
     "outputSchema": {"type": "object", "properties": {"count": {"type": "integer"}}, "required": ["count"]}},
    {"name": "lost", "description": "Loses its stream once (modern)", "inputSchema": {"type": "object", "properties": {}}},
    {"name": "lost_readonly", "description": "Loses its stream once (modern), read-only", "inputSchema": {"type": "object", "properties": {}},
     "annotations": {"readOnlyHint": True}},
]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_json(self, status: int, body, headers: dict | None = None):
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def start_sse(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def chunk(self, text: str):
        data = text.encode()
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def end_chunks(self):
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def do_GET(self):
        if self.path == "/log":
            with LOCK:
                self.send_json(200, LOG)
            return
        last = self.headers.get("Last-Event-ID")
        session = self.headers.get("Mcp-Session-Id")
        if GET_STREAM and (not last or last.startswith("g")):
            self.notification_stream(session, last)
            return
        if not last:
            self.send_json(405, None)
            return
        with LOCK:
            LOG["resume"].append({"last_event_id": last, "session": session, "at": time.monotonic()})
            request_id = LOG.get("pending_resumable")
        self.start_sse()
        result = {"jsonrpc": "2.0", "id": request_id, "result": {"content": [{"type": "text", "text": "resumed answer"}]}}
        self.chunk(f"id: s1-1\ndata: {json.dumps(result)}\n\n")
        self.end_chunks()

    def notification_stream(self, session, last):
        """The GET stream: a priming event with `retry`, keep-alives, and whatever a call queues."""
        with LOCK:
            known = session in SESSIONS
            LOG["get_streams"].append({"session": session, "last_event_id": last, "at": time.monotonic()})
            outbox = OUTBOX.setdefault(session, queue.Queue())
            reconnected = RECONNECTED.setdefault(session, threading.Event())
        if not known:
            self.send_json(404, None)
            return
        self.start_sse()
        try:
            if last:
                reconnected.set()
            else:
                self.chunk("id: g0\nretry: 150\ndata:\n\n")
            self.chunk(": keep-alive\n\n")
            counter = int(last[1:]) if last else 0
            while True:
                try:
                    message = outbox.get(timeout=0.25)
                except queue.Empty:
                    self.chunk(": keep-alive\n\n")  # also notices a client that went away
                    continue
                if message is None:
                    break
                counter += 1
                self.chunk(f"id: g{counter}\ndata: {json.dumps(message)}\n\n")
            self.end_chunks()
            with LOCK:
                LOG["get_closed_at"] = time.monotonic()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_DELETE(self):
        session = self.headers.get("Mcp-Session-Id")
        with LOCK:
            LOG["delete"].append(session)
            SESSIONS.discard(session)
        self.send_json(200, None)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        message = json.loads(self.rfile.read(length))
        method = message.get("method")
        session = self.headers.get("Mcp-Session-Id")
        with LOCK:
            LOG["requests"].append({"method": method, "session": session, "version": self.headers.get("MCP-Protocol-Version"),
                                    "params": message.get("params") if method == "notifications/cancelled" else None})
        if MODERN:
            self.modern(message, method)
            return
        if method == "initialize":
            new = uuid.uuid4().hex
            with LOCK:
                SESSIONS.add(new)
                LOG["initialize"] += 1
            requested = message["params"]["protocolVersion"]
            version = requested if requested in ("2025-03-26", "2025-06-18", "2025-11-25") else "2025-11-25"
            result = {"protocolVersion": version, "capabilities": {"tools": {}}, "serverInfo": {"name": "legacy-raw", "version": "1"}}
            self.send_json(200, {"jsonrpc": "2.0", "id": message["id"], "result": result}, {"Mcp-Session-Id": new})
            return
        if session is None:
            error = {"jsonrpc": "2.0", "id": None, "error": {"code": -32600, "message": "Bad Request: No valid session ID provided"}}
            with LOCK:
                if method == "server/discover":
                    LOG["discover_status"] = 400
            self.send_json(400, error)
            return
        with LOCK:
            known = session in SESSIONS
        if not known:
            self.send_json(404, {"jsonrpc": "2.0", "id": message.get("id"), "error": {"code": -32001, "message": "Session not found"}})
            return
        if "id" not in message:
            self.send_json(202, None)
            return
        if method == "tools/list":
            self.send_json(200, {"jsonrpc": "2.0", "id": message["id"], "result": {"tools": TOOLS}})
            if RESTART_AFTER_LIST:
                with LOCK:
                    SESSIONS.clear()
            return
        if method == "tools/call":
            name = message["params"]["name"]
            if RATE_LIMIT is not None:
                with LOCK:
                    limited = session not in LOG["rate_limited"]
                    if limited:
                        LOG["rate_limited"].append(session)
                        LOG.setdefault("rate_limited_at", time.monotonic())
                if limited:
                    self.send_json(429, {"error": "slow down"}, {"Retry-After": RATE_LIMIT})
                    return
                with LOCK:
                    LOG["retried_at"] = time.monotonic()
            if name == "notify":
                self.notify_on_get_stream(message, session)
                return
            if name == "explode":
                self.send_response(500)
                body = b"internal failure: the database is unavailable\n"
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            if name == "wrong_shape":
                result = {"content": [{"type": "text", "text": '{"count": "many"}'}], "structuredContent": {"count": "many"}}
                self.send_json(200, {"jsonrpc": "2.0", "id": message["id"], "result": result})
                return
            if name == "login_page":
                body = b"<html><body>Please sign in</body></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            self.start_sse()
            if name == "hang":
                print(f"CALL hang {session}", file=sys.stderr, flush=True)
                try:
                    for _ in range(300):
                        self.chunk(": still working\n\n")
                        time.sleep(0.1)  # the work being simulated, not synchronisation
                except (BrokenPipeError, ConnectionResetError):
                    print(f"GONE hang {session}", file=sys.stderr, flush=True)
                return
            if name == "resumable":
                with LOCK:
                    LOG["pending_resumable"] = message["id"]
                # Priming event with an id and a retry, then the connection closes before the response.
                self.chunk("id: s1-0\nretry: 200\ndata:\n\n")
                self.end_chunks()
                with LOCK:
                    LOG["stream_closed_at"] = time.monotonic()
                return
            text = message["params"].get("arguments", {}).get("text", "")
            self.chunk(": keep-alive\n\n")
            self.chunk("id: e1\ndata:\n\n")
            result = {"jsonrpc": "2.0", "id": message["id"], "result": {"content": [{"type": "text", "text": text}]}}
            self.chunk(f"id: e2\ndata: {json.dumps(result)}\n\n")
            self.end_chunks()
            return
        self.send_json(200, {"jsonrpc": "2.0", "id": message["id"], "error": {"code": -32601, "message": f"Method not found: {method}"}})


    def modern(self, message, method):
        """2026-07-28: no handshake, no session; `lost*` tools close their stream before answering on
        every odd-numbered call (the client must re-issue or say the outcome is unknown)."""
        if "id" not in message:
            self.send_json(202, None)
            return
        if method == "server/discover":
            result = {"supportedVersions": ["2026-07-28"], "capabilities": {"tools": {}},
                      "_meta": {"io.modelcontextprotocol/serverInfo": {"name": "modern-raw", "version": "1"}}}
            self.send_json(200, {"jsonrpc": "2.0", "id": message["id"], "result": result})
            return
        if method == "tools/list":
            self.send_json(200, {"jsonrpc": "2.0", "id": message["id"], "result": {"tools": TOOLS}})
            return
        if method == "tools/call" and message["params"]["name"].startswith("lost"):
            name = message["params"]["name"]
            with LOCK:
                attempts = LOG.setdefault("attempts", {})
                attempts[name] = attempts.get(name, 0) + 1
                lose = attempts[name] % 2 == 1
            self.start_sse()
            if lose:
                self.chunk("id: m1\ndata:\n\n")
                self.end_chunks()
                return
            result = {"jsonrpc": "2.0", "id": message["id"], "result": {"content": [{"type": "text", "text": f"{name} answered"}]}}
            self.chunk(f"data: {json.dumps(result)}\n\n")
            self.end_chunks()
            return
        self.send_json(200, {"jsonrpc": "2.0", "id": message["id"], "error": {"code": -32601, "message": f"Method not found: {method}"}})

    def notify_on_get_stream(self, message, session):
        """Sends progress, a log message and tools/list_changed on the GET stream, closes it, and
        answers only after the client reconnected with Last-Event-ID (so it must have read them)."""
        with LOCK:
            outbox = OUTBOX.get(session)
            reconnected = RECONNECTED.get(session)
        if outbox is None:
            self.send_json(200, {"jsonrpc": "2.0", "id": message["id"], "error": {"code": -32000, "message": "no GET stream open"}})
            return
        token = message["params"].get("_meta", {}).get("progressToken")
        if token is not None:
            outbox.put({"jsonrpc": "2.0", "method": "notifications/progress", "params": {"progressToken": token, "progress": 1, "total": 2, "message": "halfway"}})
        outbox.put({"jsonrpc": "2.0", "method": "notifications/message", "params": {"level": "info", "data": "halfway there"}})
        outbox.put({"jsonrpc": "2.0", "method": "notifications/tools/list_changed"})
        outbox.put(None)
        answered = reconnected.wait(10)
        text = "notified" if answered else "the client never reconnected"
        self.send_json(200, {"jsonrpc": "2.0", "id": message["id"], "result": {"content": [{"type": "text", "text": text}], "isError": not answered}})


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(f"READY {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
