"""Starting `quire serve --transport http` and speaking raw HTTP/SSE to it."""

import http.client
import json
import re
import subprocess
import threading
import time
import urllib.parse

MODERN_META = {
    "io.modelcontextprotocol/protocolVersion": "2026-07-28",
    "io.modelcontextprotocol/clientCapabilities": {},
    "io.modelcontextprotocol/clientInfo": {"name": "raw-test", "version": "1"},
}


class HTTPServer:
    """A `quire serve` process on an ephemeral loopback port."""

    def __init__(self, quire_bin: str, store: str, *extra: str):
        self.process = subprocess.Popen(
            [quire_bin, "serve", store, "--transport", "http", "--port", "0", "--embedding-dimension", "4", *extra],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        self.log: list[str] = []
        self.changed = threading.Condition()
        # stderr is drained continuously: a full pipe would block the server's logging.
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()
        line = self.wait_for_log(r"serving MCP on (http://127\.0\.0\.1:(\d+)/mcp)", timeout=60)
        match = re.search(r"serving MCP on (http://127\.0\.0\.1:(\d+)/mcp)", line)
        self.url = match.group(1)
        self.port = int(match.group(2))

    def _drain(self) -> None:
        for raw in self.process.stderr:
            with self.changed:
                self.log.append(raw.decode(errors="replace"))
                self.changed.notify_all()
        with self.changed:
            self.log.append("<exited>")
            self.changed.notify_all()

    def wait_for_log(self, pattern: str, timeout: float = 20, start: int = 0) -> str:
        """Waits for a stderr line matching `pattern` (from line `start` on) and returns it."""
        expression = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for line in self.log[start:]:
                    if expression.search(line):
                        return line
                if "<exited>" in self.log:
                    raise RuntimeError("quire exited:\n" + "".join(self.log))
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"no log line matching {pattern!r}:\n" + "".join(self.log))
                self.changed.wait(remaining)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.terminate()
        code = self.process.wait(timeout=20)
        self.reader.join(10)
        return code

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def request(self, method: str, path: str = "/mcp", body=None, headers: dict | None = None):
        """One request; returns (status, headers, parsed JSON body or raw bytes)."""
        connection = self.connection()
        payload = json.dumps(body).encode() if body is not None and not isinstance(body, bytes) else body
        all_headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
        all_headers.update(headers or {})
        connection.request(method, path, body=payload, headers=all_headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        try:
            parsed = json.loads(data) if data else None
        except ValueError:
            parsed = data
        return response.status, {k.lower(): v for k, v in response.getheaders()}, parsed

    def open_stream(self, method: str, path: str = "/mcp", body=None, headers: dict | None = None):
        """Starts a request whose response is an event stream; returns (connection, response)."""
        connection = self.connection()
        all_headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
        all_headers.update(headers or {})
        connection.request(method, path, body=json.dumps(body).encode() if body is not None else None, headers=all_headers)
        return connection, connection.getresponse()

    def initialize(self, version: str = "2025-11-25", capabilities: dict | None = None) -> str:
        status, headers, body = self.request("POST", body={
            "jsonrpc": "2.0", "id": 0, "method": "initialize",
            "params": {"protocolVersion": version, "capabilities": capabilities or {}, "clientInfo": {"name": "raw", "version": "1"}},
        })
        assert status == 200, body
        session = headers["mcp-session-id"]
        status, _, _ = self.request("POST", body={"jsonrpc": "2.0", "method": "notifications/initialized"},
                                    headers={"Mcp-Session-Id": session, "MCP-Protocol-Version": version})
        assert status == 202
        return session


def modern_headers(method: str, name: str | None = None, version: str = "2026-07-28") -> dict:
    headers = {"MCP-Protocol-Version": version, "Mcp-Method": method}
    if name is not None:
        headers["Mcp-Name"] = name
    return headers


def modern_request(id_, method: str, params: dict | None = None, meta: dict | None = None) -> dict:
    body_params = dict(params or {})
    body_params["_meta"] = dict(MODERN_META, **(meta or {}))
    return {"jsonrpc": "2.0", "id": id_, "method": method, "params": body_params}


def read_events(response, until=lambda event: False, limit: int = 100):
    """Reads SSE events (dicts with id/event/data/retry) until `until(event)` is true or the stream ends."""
    events = []
    current: dict = {}
    data_lines: list[str] = []
    while len(events) < limit:
        raw = response.readline()
        if not raw:
            break
        line = raw.decode().rstrip("\r\n")
        if line == "":
            if data_lines or current:
                if data_lines:
                    current["data"] = "\n".join(data_lines)
                events.append(current)
                if until(current):
                    break
            current, data_lines = {}, []
            continue
        if line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if field == "data":
            data_lines.append(value)
        else:
            current[field] = value
    return events


def message_of(event) -> dict | None:
    data = event.get("data")
    return json.loads(data) if data else None


def query(url: str) -> dict:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlparse(url).query))


def multipart(files=(), fields=(), boundary: str = "quire-interop-boundary"):
    """A multipart/form-data body: `files` as (filename, content type or None, bytes), sent in
    parts named `file`; `fields` as (name, value). Returns (body, Content-Type)."""
    body = b""
    for name, value in fields:
        body += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n').encode() + value.encode() + b"\r\n"
    for filename, content_type, data in files:
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        if content_type:
            head += f"Content-Type: {content_type}\r\n"
        body += (head + "\r\n").encode() + data + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def call_tool(server, name: str, arguments: dict, id_=1, headers: dict | None = None):
    """A stateless (2026-07-28) tools/call over POST /mcp; returns (status, response headers, JSON-RPC reply)."""
    all_headers = modern_headers("tools/call", name)
    all_headers.update(headers or {})
    return server.request("POST", body=modern_request(id_, "tools/call", {"name": name, "arguments": arguments}), headers=all_headers)
