"""A hand-written legacy (2025-11-25) Streamable HTTP server for what SDK servers cannot be made to do
on cue: forget every session after `tools/list` (a restart), close an SSE stream before the response
so the client must resume with GET + Last-Event-ID, and record DELETEs. Prints `READY <port>`;
GET /log returns what it saw as JSON.

    python legacy_session_server.py [--restart-after-list]
"""

import json
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RESTART_AFTER_LIST = "--restart-after-list" in sys.argv
LOCK = threading.Lock()
SESSIONS: set[str] = set()
LOG: dict = {"initialize": 0, "delete": [], "requests": [], "resume": [], "stream_closed_at": None, "discover_status": None}

TOOLS = [
    {"name": "echo", "description": "Echo", "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}},
    {"name": "resumable", "description": "Answers on a resumed stream", "inputSchema": {"type": "object", "properties": {}}},
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
            LOG["requests"].append({"method": method, "session": session, "version": self.headers.get("MCP-Protocol-Version")})
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
            self.start_sse()
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


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(f"READY {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
