"""The HTTP benchmark of issue 4, driven by run.sh (which builds, installs wrk and the venv).

In one run, against release builds:
  1. tools/call throughput over 32 keep-alive connections (wrk -t2 -c32) for Quire in both eras,
     the official Python SDK server (its default: sessions, SSE responses) and a bare Hummingbird
     route (the framework's ceiling);
  2. tools/call latency over one keep-alive connection (wrk -t1 -c1 --latency);
  3. 10,000 idle `subscriptions/listen` streams against a fresh Quire: RSS before and with them,
     then the time for one document update to reach all of them.
Prints a table (metric, quire, peers, ratio, goal, met?) and writes it to last-results.txt.
Every child process is stopped at the end, also on failure; their pids also go to
$BENCH_PIDFILE so run.sh's trap can end them if this process itself is killed.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LUA = os.path.join(HERE, "tools_call.lua")
RESULTS = os.path.join(HERE, "last-results.txt")

MODERN_META = {
    "io.modelcontextprotocol/protocolVersion": "2026-07-28",
    "io.modelcontextprotocol/clientCapabilities": {},
    "io.modelcontextprotocol/clientInfo": {"name": "bench", "version": "1"},
}
LEGACY_VERSION = "2025-11-25"
MARKER = b"Benchmark document 1."


# --- child processes -----------------------------------------------------------------------

class Child:
    """A server process that announces `http://127.0.0.1:PORT/mcp` on stderr."""

    running: list["Child"] = []

    def __init__(self, name: str, argv: list[str], pidfile: str | None):
        self.name = name
        self.log: list[str] = []
        self.port: int | None = None
        self.announced = threading.Event()
        self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        Child.running.append(self)
        if pidfile:
            with open(pidfile, "a") as file:
                file.write(f"{self.process.pid}\n")
        # stderr is drained all along: a full pipe would stall the server.
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        pattern = re.compile(rb"http://127\.0\.0\.1:(\d+)/mcp")
        for line in self.process.stderr:
            if len(self.log) < 200:
                self.log.append(line.decode(errors="replace"))
            match = pattern.search(line)
            if match and self.port is None:
                self.port = int(match.group(1))
                self.announced.set()
        self.announced.set()

    def wait_ready(self, timeout: float = 120) -> int:
        if not self.announced.wait(timeout) or self.port is None:
            raise RuntimeError(f"{self.name} did not start:\n" + "".join(self.log))
        return self.port

    @property
    def pid(self) -> int:
        return self.process.pid

    def rss_mb(self) -> float:
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        raise RuntimeError(f"no VmRSS for {self.name}")

    def cpu_seconds(self) -> float:
        """User plus system CPU time the process has used."""
        with open(f"/proc/{self.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        if self in Child.running:
            Child.running.remove(self)

    @classmethod
    def stop_all(cls) -> None:
        for child in list(cls.running):
            try:
                child.stop()
            except Exception as error:  # keep stopping the others
                print(f"bench: could not stop {child.name}: {error}", file=sys.stderr)


# --- one-off HTTP requests -----------------------------------------------------------------

def post(port: int, body: dict, headers: dict | None = None) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        all_headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
        all_headers.update(headers or {})
        connection.request("POST", "/mcp", body=json.dumps(body).encode(), headers=all_headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def message(raw: bytes) -> dict:
    """The JSON-RPC message in a JSON or SSE body (the last `data:` line of an event stream)."""
    text = raw.decode()
    if text.lstrip().startswith("{"):
        return json.loads(text)
    data = [line[5:].strip() for line in text.splitlines() if line.startswith("data:") and line[5:].strip()]
    return json.loads(data[-1])


def modern_call(port: int, id_, tool: str, arguments: dict) -> dict:
    body = {"jsonrpc": "2.0", "id": id_, "method": "tools/call",
            "params": {"name": tool, "arguments": arguments, "_meta": MODERN_META}}
    status, _, raw = post(port, body, {"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": tool})
    reply = message(raw)
    if status != 200 or "result" not in reply or reply["result"].get("isError"):
        raise RuntimeError(f"{tool} failed: {status} {raw[:500]!r}")
    return reply["result"]


def open_session(port: int) -> str:
    """initialize + notifications/initialized; returns the Mcp-Session-Id."""
    status, headers, raw = post(port, {
        "jsonrpc": "2.0", "id": 0, "method": "initialize",
        "params": {"protocolVersion": LEGACY_VERSION, "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}},
    })
    if status != 200 or "mcp-session-id" not in headers:
        raise RuntimeError(f"initialize failed: {status} {raw[:300]!r}")
    session = headers["mcp-session-id"]
    status, _, raw = post(port, {"jsonrpc": "2.0", "method": "notifications/initialized"},
                          {"Mcp-Session-Id": session, "MCP-Protocol-Version": LEGACY_VERSION})
    if status != 202:
        raise RuntimeError(f"notifications/initialized failed: {status} {raw[:300]!r}")
    return session


def prefill(port: int, count: int = 5) -> str:
    """Adds `count` small documents; returns the uuid of the first (the one every call reads)."""
    first = None
    for n in range(1, count + 1):
        result = modern_call(port, f"add-{n}", "add_document", {
            "content": f"Benchmark document {n}. A small document for the HTTP benchmark.",
            "metadata": {"title": f"Benchmark document {n}", "tags": ["bench", "http"], "custom_metadata": {"n": n}},
        })
        uuid = result["structuredContent"]["document"]["uuid"]
        first = first or uuid
    return first


# --- wrk -------------------------------------------------------------------------------------

class Target:
    def __init__(self, label: str, server: "Child", era: str, document: str, session: str = ""):
        self.label, self.server, self.era, self.document, self.session = label, server, era, document, session
        self.port = server.port

    def check(self) -> None:
        """One call shaped exactly like wrk's must return the document (else the run is void)."""
        headers: dict = {}
        params: dict = {"name": "get_document", "arguments": {"document_id": self.document}}
        if self.era == "legacy":
            headers = {"Mcp-Session-Id": self.session, "MCP-Protocol-Version": LEGACY_VERSION}
        elif self.era == "modern":
            headers = {"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": "get_document"}
            params["_meta"] = MODERN_META
        status, _, raw = post(self.port, {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": params}, headers)
        if status != 200 or MARKER not in raw:
            raise RuntimeError(f"{self.label}: tools/call check failed: {status} {raw[:500]!r}")

    def wrk(self, threads: int, connections: int, seconds: int, latency: bool = False, server: "Child | None" = None) -> dict:
        argv = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s", LUA]
        if latency:
            argv.append("--latency")
        argv += [f"http://127.0.0.1:{self.port}/mcp", "--", self.era, self.document]
        if self.session:
            argv.append(self.session)
        cpu_before = server.cpu_seconds() if server else 0.0
        output = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 60)
        cpu_used = server.cpu_seconds() - cpu_before if server else 0.0
        match = re.search(r"RESULT (.*)", output.stdout)
        if output.returncode != 0 or not match:
            raise RuntimeError(f"wrk against {self.label} failed:\n{output.stdout}\n{output.stderr}")
        figures = {key: float(value) for key, value in (pair.split("=") for pair in match.group(1).split())}
        # The server's own CPU time per request: steadier than req/s on a machine others share.
        figures["cpu_us"] = cpu_used * 1e6 / figures["requests"] if server and figures["requests"] else 0.0
        if figures["bad"] or figures["errors"]:
            raise RuntimeError(f"wrk against {self.label}: {int(figures['bad'])} bad responses, "
                               f"{int(figures['errors'])} socket errors\n{output.stdout}")
        return figures


# --- 10,000 idle listen streams ---------------------------------------------------------------

class StreamState:
    def __init__(self, count: int):
        self.count = count
        self.acknowledged = 0
        self.notified = 0
        self.lost = 0
        self.duplicates = 0
        self.first_notified_at = 0.0
        self.last_notified_at = 0.0
        self.all_acknowledged = asyncio.Event()
        self.all_notified = asyncio.Event()
        self.failures: list[str] = []


class ListenStream(asyncio.Protocol):
    """One raw `subscriptions/listen` POST whose event stream stays open."""

    def __init__(self, request: bytes, state: StreamState):
        self.request, self.state = request, state
        self.tail = b""
        self.acknowledged = self.notified = False
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        # Markers can straddle reads, so a short tail of the previous read is searched too.
        window = self.tail + data
        self.tail = window[-256:]
        state = self.state
        if not self.acknowledged:
            if b"subscriptions/acknowledged" in window:
                self.acknowledged = True
                state.acknowledged += 1
                if state.acknowledged == state.count:
                    state.all_acknowledged.set()
            elif not window.startswith(b"HTTP/1.1 200") and b"HTTP/1.1 " in window[:12]:
                state.failures.append(window[:200].decode(errors="replace"))
        if not self.acknowledged:
            return
        marker = b"notifications/resources/updated"
        seen = data.count(marker)
        if self.notified:
            state.duplicates += seen
        elif marker in window:
            state.duplicates += max(0, seen - 1)
            self.notified = True
            state.notified += 1
            state.last_notified_at = time.perf_counter()
            if state.notified == 1:
                state.first_notified_at = state.last_notified_at
            if state.notified == state.count:
                state.all_notified.set()

    def connection_lost(self, exc) -> None:
        self.state.lost += 1


def listen_request(port: int, index: int, uri: str) -> bytes:
    body = json.dumps({
        "jsonrpc": "2.0", "id": f"listen-{index}", "method": "subscriptions/listen",
        "params": {"notifications": {"resourceSubscriptions": [uri]}, "_meta": MODERN_META},
    }).encode()
    head = (
        f"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        f"Accept: application/json, text/event-stream\r\nMCP-Protocol-Version: 2026-07-28\r\n"
        f"Mcp-Method: subscriptions/listen\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    return head + body


async def streams_phase(server: Child, port: int, document: str, count: int) -> dict:
    loop = asyncio.get_running_loop()
    uri = f"contextframe://documents/{document}"
    state = StreamState(count)
    transports: list[asyncio.BaseTransport] = []
    gate = asyncio.Semaphore(200)  # stay under the server's accept backlog

    async def open_one(index: int) -> None:
        async with gate:
            transport, _ = await loop.create_connection(lambda: ListenStream(listen_request(port, index, uri), state), "127.0.0.1", port)
            transports.append(transport)

    figures: dict = {"rss_before_mb": server.rss_mb()}
    started = time.perf_counter()
    try:
        await asyncio.gather(*(open_one(index) for index in range(count)))
        try:
            await asyncio.wait_for(state.all_acknowledged.wait(), timeout=120)
        except asyncio.TimeoutError:
            raise RuntimeError(f"only {state.acknowledged} of {count} streams were acknowledged "
                               f"({state.lost} closed); first failures: {state.failures[:3]}")
        figures["open_seconds"] = time.perf_counter() - started
        await asyncio.sleep(1)  # let the server settle before reading its memory
        figures["rss_with_mb"] = server.rss_mb()
        figures["open_fds"] = len(os.listdir(f"/proc/{server.pid}/fd"))

        cpu_before = server.cpu_seconds()
        client_before = time.process_time()
        sent = time.perf_counter()
        await loop.run_in_executor(None, lambda: modern_call(port, "update-1", "update_document", {
            "document_id": document, "metadata": {"custom_metadata": {"touched": True}},
        }))
        figures["update_call_ms"] = (time.perf_counter() - sent) * 1000
        try:
            await asyncio.wait_for(state.all_notified.wait(), timeout=30)
        except asyncio.TimeoutError:
            raise RuntimeError(f"only {state.notified} of {count} streams got the update within 30 s ({state.lost} closed)")
        figures["notify_all_seconds"] = state.last_notified_at - sent
        figures["notify_first_seconds"] = state.first_notified_at - sent
        figures["notify_server_cpu_seconds"] = server.cpu_seconds() - cpu_before
        figures["notify_client_cpu_seconds"] = time.process_time() - client_before
        # A moment more, to see any stream that is sent the update twice.
        await asyncio.sleep(0.5)
        figures["duplicates"] = state.duplicates
        figures["streams"] = count
        figures["closed_early"] = state.lost
    finally:
        for transport in transports:
            transport.abort()
    return figures


# --- report ----------------------------------------------------------------------------------

def verdict(ok: bool) -> str:
    return "yes" if ok else "NO"


def table(rows: list[list[str]]) -> str:
    header = ["metric", "quire", "peer(s)", "ratio", "goal", "met?"]
    widths = [max(len(str(row[i])) for row in [header] + rows) for i in range(len(header))]
    line = lambda row: "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip()
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(row) for row in rows])


def report(thr: dict, lat: dict, streams: dict) -> str:
    rows = []
    for era, label in [("legacy", "legacy"), ("modern", "2026-07-28")]:
        quire = thr[f"quire-{era}"]["rps"]
        python, floor = thr["python"]["rps"], thr["floor"]["rps"]
        rows.append([f"tools/call req/s, 32 conns, {label} vs Python SDK", f"{quire:,.0f}", f"python {python:,.0f}",
                     f"{quire / python:.1f}x", ">= 20x", verdict(quire / python >= 20)])
        rows.append([f"tools/call req/s, 32 conns, {label} vs floor", f"{quire:,.0f}", f"floor {floor:,.0f}",
                     f"{quire / floor:.2f}", ">= 0.85", verdict(quire / floor >= 0.85)])
    peers_p = lambda p: f"python {lat['python'][p] / 1000:.3f} / floor {lat['floor'][p] / 1000:.3f}"
    for era, label in [("legacy", "legacy"), ("modern", "2026-07-28")]:
        for percentile, goal in [("p50_us", 0.25), ("p99_us", 0.6)]:
            ms = lat[f"quire-{era}"][percentile] / 1000
            rows.append([f"tools/call {percentile[:3]} ms, 1 conn, {label}", f"{ms:.3f}", peers_p(percentile),
                         f"{ms / (lat['python'][percentile] / 1000):.3f} of python", f"<= {goal}", verdict(ms <= goal)])
    rows.append([f"server RSS with {streams['streams']:,} listen streams (MB)", f"{streams['rss_with_mb']:.1f}",
                 f"before {streams['rss_before_mb']:.1f}", "-", "< 300", verdict(streams["rss_with_mb"] < 300)])
    rows.append([f"one update reaching all {streams['streams']:,} streams (s)", f"{streams['notify_all_seconds']:.3f}",
                 "-", "-", "<= 2", verdict(streams["notify_all_seconds"] <= 2)])
    return table(rows)


def details(thr: dict, lat: dict, streams: dict) -> str:
    lines = ["raw figures:"]
    for name, figures in thr.items():
        lines.append(f"  throughput {name:13} {figures['rps']:10,.0f} req/s  ({int(figures['requests']):,} requests, "
                     f"p50 {figures['p50_us'] / 1000:.3f} ms, p99 {figures['p99_us'] / 1000:.3f} ms, "
                     f"server CPU {figures['cpu_us']:,.0f} us/request)")
    for name, figures in lat.items():
        lines.append(f"  latency    {name:13} p50 {figures['p50_us'] / 1000:.3f} ms  p99 {figures['p99_us'] / 1000:.3f} ms  "
                     f"({figures['rps']:,.0f} req/s, server CPU {figures['cpu_us']:,.0f} us/request)")
    lines.append(f"  streams: {streams['streams']:,} opened and acknowledged in {streams['open_seconds']:.1f} s, "
                 f"server fds {streams['open_fds']:,}, update call {streams['update_call_ms']:.1f} ms, "
                 f"first stream notified after {streams['notify_first_seconds'] * 1000:.0f} ms, "
                 f"server CPU for the fan-out {streams['notify_server_cpu_seconds']:.2f} s, "
                 f"{streams['duplicates']} duplicate notifications, {streams['closed_early']} closed early")
    return "\n".join(lines)


# --- main ------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True, help="the release build's bin directory")
    parser.add_argument("--python", default=sys.executable, help="the venv's python, for the SDK peer")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk measurement")
    parser.add_argument("--streams", type=int, default=10_000)
    parser.add_argument("--only", choices=["all", "wrk", "streams"], default="all")
    args = parser.parse_args()
    pidfile = os.environ.get("BENCH_PIDFILE")

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = args.streams + 1024
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard) if hard != resource.RLIM_INFINITY else wanted, hard))
    if resource.getrlimit(resource.RLIMIT_NOFILE)[0] < wanted:
        raise SystemExit(f"bench: need {wanted} file descriptors, the hard limit is {hard}")

    # SIGTERM/SIGHUP unwind through `finally` like Ctrl-C does, so children are always stopped.
    def interrupted(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)

    quire_bin = os.path.join(args.bin, "quire")
    floor_bin = os.path.join(args.bin, "quire-http-floor")
    workdir = tempfile.mkdtemp(prefix="quire-bench-http-")
    store = os.path.join(workdir, "bench.db")
    load_before = os.getloadavg()
    thr: dict = {}
    lat: dict = {}
    streams: dict = {}
    try:
        quire_argv = [quire_bin, "serve", store, "--transport", "http", "--port", "0", "--embedding-dimension", "4",
                      "--log-level", "warning"]
        quire = Child("quire", quire_argv, pidfile)
        python = Child("python-sdk", [args.python, os.path.join(HERE, "peer_server.py")], pidfile)
        floor = Child("floor", [floor_bin, "0"], pidfile)
        quire_port, python_port, floor_port = quire.wait_ready(), python.wait_ready(), floor.wait_ready()
        document = prefill(quire_port)
        print(f"bench: quire :{quire_port} (document {document}), python SDK :{python_port}, floor :{floor_port}", flush=True)

        if args.only in ("all", "wrk"):
            targets = [
                Target("quire-legacy", quire, "legacy", document, open_session(quire_port)),
                Target("quire-modern", quire, "modern", document),
                # The peer serves a fixed document under the same id as Quire's.
                Target("python", python, "legacy", document, open_session(python_port)),
                Target("floor", floor, "plain", document),
            ]
            for target in targets:
                target.check()
            for target in targets:
                print(f"bench: {target.label}: warm-up, throughput (-t2 -c32 -d{args.duration}s), latency (-t1 -c1)", flush=True)
                target.wrk(2, 32, 2)
                thr[target.label] = target.wrk(2, 32, args.duration, server=target.server)
                lat[target.label] = target.wrk(1, 1, args.duration, latency=True, server=target.server)
                print(f"bench:   {thr[target.label]['rps']:,.0f} req/s; p50 {lat[target.label]['p50_us'] / 1000:.3f} ms, "
                      f"p99 {lat[target.label]['p99_us'] / 1000:.3f} ms", flush=True)
        python.stop()
        floor.stop()
        quire.stop()

        if args.only in ("all", "streams"):
            # A fresh server, so "before" is a server that has served nothing yet.
            fresh = Child("quire (streams)", quire_argv, pidfile)
            port = fresh.wait_ready()
            post(port, {"jsonrpc": "2.0", "id": 1, "method": "server/discover", "params": {"_meta": MODERN_META}},
                 {"MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "server/discover"})
            print(f"bench: opening {args.streams:,} subscriptions/listen streams", flush=True)
            streams = asyncio.run(streams_phase(fresh, port, document, args.streams))
            print(f"bench:   RSS {streams['rss_before_mb']:.1f} MB -> {streams['rss_with_mb']:.1f} MB; "
                  f"update reached all in {streams['notify_all_seconds']:.3f} s", flush=True)
            fresh.stop()
    finally:
        Child.stop_all()
        shutil.rmtree(workdir, ignore_errors=True)

    if args.only != "all":
        print(json.dumps({"throughput": thr, "latency": lat, "streams": streams}, indent=2))
        return 0
    load_after = os.getloadavg()
    text = "\n".join([
        f"quire HTTP benchmark, {time.strftime('%Y-%m-%d %H:%M:%S')}, {os.cpu_count()} CPUs, "
        f"load average {load_before[0]:.2f} before / {load_after[0]:.2f} after",
        "",
        report(thr, lat, streams),
        "",
        details(thr, lat, streams),
        "",
    ])
    print("\n" + text)
    with open(RESULTS, "w") as file:
        file.write(text)
    print(f"(written to {os.path.relpath(RESULTS, ROOT)})")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt as stop:
        print(f"bench: interrupted ({stop})", file=sys.stderr)
        sys.exit(130)
