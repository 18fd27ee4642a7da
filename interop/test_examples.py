"""Every example under examples/ runs here against a live `quire serve`, and its output is checked.

- Python (official SDK): stdio, Streamable HTTP in both eras (with an API key and with a dev JWT
  from `quire token`), progress, change subscription.
- Node 20 (built-in fetch only): a tool call over /mcp and /mcp/v1 (API key and dev JWT), the
  /mcp/v1/sse/subscribe stream.
- The browser page, in headless Chromium from another origin: EventSource without credentials,
  fetch streams with a bearer credential.
- The curl scripts, one per group of REST routes.
- The Swift package that uses MCPClient (built with its own scratch path under the example).
- mcp.json (one stdio and one authenticated HTTP server) through `quire mcp`.
- The identity-provider configurations of docs/authentication.md against an issuer on loopback.
"""

import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import time

import pytest

from http_support import HTTPServer

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


class Servers:
    """An API-key server and a JWT server (dev key from `quire token`), shared by the module."""

    def __init__(self, quire_bin: str, root: pathlib.Path):
        self.quire_bin = quire_bin
        self.home = root / "home"
        self.env = {**os.environ, "QUIRE_HOME": str(self.home)}
        keys = root / "api-keys.json"
        # admin: the curl scripts run benchmark_operations, an admin tool.
        added = self.quire("keys", "add", "--principal", "examples", "--scope", "quire:admin", "--file", str(keys), "--json")
        self.api_key = json.loads(added)["key"]
        public = root / "dev-key.pub"
        public.write_text(self.quire("token", "--print-public-key"))
        self.api = HTTPServer(quire_bin, str(root / "api.db"), "--auth", "api-key", "--api-keys-file", str(keys))
        self.jwt = HTTPServer(quire_bin, str(root / "jwt.db"), "--auth", "jwt", "--jwt-public-key", str(public))
        self.token = self.quire("token", "--subject", "alice", "--scope", "quire:write", "--audience", self.jwt.url).strip()

    def quire(self, *args: str) -> str:
        result = subprocess.run([self.quire_bin, *args], env=self.env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def close(self) -> None:
        for server in (self.api, self.jwt):
            assert server.stop() == 0, "".join(server.log)


@pytest.fixture(scope="module")
def servers(quire_bin, tmp_path_factory):
    instance = Servers(quire_bin, tmp_path_factory.mktemp("examples"))
    yield instance
    instance.close()


def run(argv: list[str], env: dict | None = None, cwd: pathlib.Path | None = None, timeout: float = 120, ok: bool = True):
    """Runs `argv` with `env` over the environment (a value of None removes that variable)."""
    merged = {**os.environ, **(env or {})}
    merged = {key: value for key, value in merged.items() if value is not None}
    result = subprocess.run(argv, env=merged, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    if ok:
        assert result.returncode == 0, f"{argv} exited {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    return result


def base(server: HTTPServer) -> str:
    return f"http://127.0.0.1:{server.port}"


# --- Python, the official SDK ------------------------------------------------------------------

PYTHON = EXAMPLES / "python"


def python(script: str, *args: str, env: dict | None = None, ok: bool = True):
    return run([sys.executable, str(PYTHON / script), *args], env=env, cwd=PYTHON, ok=ok)


def test_python_stdio(quire_bin, tmp_path):
    out = python("stdio_client.py", quire_bin, str(tmp_path / "stdio.db")).stdout
    assert "connected: protocol 2026-07-28" in out
    assert re.search(rf"^added {UUID}$", out, re.M), out
    assert "search 'actors': ['Actors']" in out
    assert "dataset: 1 document(s)" in out


@pytest.mark.parametrize("credential", ["api_key", "jwt"])
def test_python_streamable_http_authenticated(servers, credential):
    server, env = (servers.api, {"QUIRE_API_KEY": servers.api_key}) if credential == "api_key" else (servers.jwt, {"QUIRE_TOKEN": servers.token})
    out = python("http_client.py", server.url, env=env).stdout
    assert re.search(rf"^auto: protocol 2026-07-28, added {UUID}, \d+ example document\(s\)$", out, re.M), out
    assert re.search(rf"^legacy: protocol 2025-11-25, added {UUID}, \d+ example document\(s\)$", out, re.M), out


def test_python_without_credentials_is_refused(servers):
    result = python("http_client.py", servers.api.url, env={"QUIRE_API_KEY": "", "QUIRE_TOKEN": ""}, ok=False)
    assert result.returncode != 0 and "Unauthorized" in result.stderr


def test_python_progress(servers):
    out = python("progress.py", servers.api.url, env={"QUIRE_API_KEY": servers.api_key}).stdout
    progress = [float(m) for m in re.findall(r"^progress ([\d.]+)/5\b", out, re.M)]
    assert progress and progress == sorted(progress) and progress[-1] == 5, out
    assert "added 5 of 5" in out


def test_python_change_subscription(servers):
    out = python("changes.py", servers.api.url, env={"QUIRE_API_KEY": servers.api_key}).stdout
    assert re.search(r"^subscribed \S+$", out, re.M), out
    assert re.search(rf"^change: created {UUID}$", out, re.M), out


# --- JavaScript (Node 20, built-in fetch) ------------------------------------------------------

NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")


@needs_node
@pytest.mark.parametrize("credential", ["api_key", "jwt"])
def test_node_call_tool_authenticated(servers, credential):
    server, env = (servers.api, {"QUIRE_API_KEY": servers.api_key}) if credential == "api_key" else (servers.jwt, {"QUIRE_TOKEN": servers.token})
    out = run([NODE, str(EXAMPLES / "javascript" / "call_tool.mjs"), base(server)], env=env).stdout
    assert re.search(r"^initialized: quire 2025-11-25, session yes$", out, re.M), out
    assert re.search(rf"^mcp tools/call add_document: {UUID}$", out, re.M), out
    assert re.search(r"^rest tools/call search_documents: .*From Node", out, re.M), out


@needs_node
def test_node_subscribe_stream(servers):
    out = run([NODE, str(EXAMPLES / "javascript" / "subscribe.mjs"), base(servers.api), "2"],
              env={"QUIRE_API_KEY": servers.api_key}).stdout
    assert re.search(r"^subscribed sse_[0-9a-f]+ from change \d+$", out, re.M), out
    changes = re.findall(rf"^change (\d+): created document {UUID}$", out, re.M)
    assert len(changes) == 2 and int(changes[0]) < int(changes[1]), out


@needs_node
def test_node_refused_without_credentials(servers):
    result = run([NODE, str(EXAMPLES / "javascript" / "call_tool.mjs"), base(servers.api)], env={"QUIRE_API_KEY": ""}, ok=False)
    assert result.returncode != 0 and "HTTP 401" in result.stderr


# --- The browser page --------------------------------------------------------------------------

def test_browser_page(http_server, servers):
    from browser_support import Browser, find_chromium

    executable = find_chromium()
    if executable is None:
        pytest.skip("chromium is not installed and could not be installed with apt-get (scripts/test tries)")
    import http.server
    import threading

    page = (EXAMPLES / "browser" / "index.html").read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    pages = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=pages.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{pages.server_address[1]}"
    browser = Browser(executable)
    try:
        # Without credentials: EventSource for the change stream.
        open_server = http_server("--cors-origin", origin)
        summary = open_page(browser, f"{origin}/?server={base(open_server)}")
        check_browser_summary(summary, "EventSource")

        # With a credential (an API key sent as a bearer token): fetch streams for everything.
        keyed = HTTPServer(servers.quire_bin, str(pathlib.Path(servers.home).parent / "browser.db"), "--auth", "api-key",
                           "--api-keys-file", str(pathlib.Path(servers.home).parent / "api-keys.json"), "--cors-origin", origin)
        try:
            summary = open_page(browser, f"{origin}/?server={base(keyed)}", credential=servers.api_key)
            check_browser_summary(summary, "fetch stream")
        finally:
            assert keyed.stop() == 0
    finally:
        browser.close()
        pages.shutdown()
        pages.server_close()


def open_page(browser, url: str, credential: str | None = None) -> dict:
    script = browser.call("Page.addScriptToEvaluateOnNewDocument",
                          {"source": f"window.quireCredential = {json.dumps(credential or '')};"}, session=browser.session)
    try:
        browser.open(url)
        return browser.evaluate("window.quireExample", timeout_ms=30000)
    finally:
        browser.call("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]}, session=browser.session)


def check_browser_summary(summary: dict, stream: str) -> None:
    assert "error" not in summary, summary
    assert summary["stream"] == stream
    assert re.fullmatch(UUID, summary["added"])
    assert summary["change"] == f"created {summary['added']}"
    assert summary["batchAdded"] == 3
    assert summary["progress"] == sorted(summary["progress"]) and summary["progress"][-1] == 3, summary


# --- curl, every REST route --------------------------------------------------------------------

CURL = {
    "probes.sh": [r'"status" *: *"ok"', r"== GET /ready", r"^quire_", r'"openapi" *: *"3\.1'],
    "initialize.sh": [r'"protocolVersion"', r'"serverInfo"'],
    "tools.sh": [r'"name" *: *"add_document"', r"tools with an inputSchema: [1-9]", rf'"uuid" *: *"{UUID}"',
                 r'"Hello from curl"', r"^status 422$"],
    "resources.sh": [r'"uri" *: *"contextframe://dataset/info"', r'"contents"'],
    "jsonrpc.sh": [r'"id" *: *1', r'"result" *: *\{', r'"total_count" *: *\d+'],
    "upload.sh": [r'"filename" *: *"notes\.md"', r'"filename" *: *"people\.csv"', r'"status" *: *"stored"', r'"stored" *: *3\b'],
    "operations.sh": [r'"status_url" *: *"/mcp/v1/operations/', r"^\d+ event: progress$", r"^1 event: complete$",
                      r'"status" *: *"completed"', r"^slow-1$", r'"status" *: *"cancel'],
    "subscribe.sh": [r"== stream open: event: subscription_created", r"^id: \d+$", r"^event: change$", r'^data: .*"created"'],
    "subscriptions.sh": [r'"subscription_id" *: *"', r'"type" *: *"created"', r'"cancelled" *: *true'],
}


def test_every_rest_route_has_a_curl_script():
    assert sorted(p.name for p in (EXAMPLES / "curl").glob("*.sh") if p.name != "common.sh") == sorted(CURL)
    covered = "".join((EXAMPLES / "curl" / name).read_text() for name in CURL)
    for route in ["/mcp/v1/initialize", "/mcp/v1/tools/list", "/mcp/v1/tools/call", "/mcp/v1/resources/list",
                  "/mcp/v1/resources/read", "/mcp/v1/jsonrpc", "/mcp/v1/documents", "/mcp/v1/sse/progress/",
                  "/mcp/v1/operations/", "/mcp/v1/sse/subscribe", "/mcp/v1/subscriptions", "/health", "/ready",
                  "/metrics", "/openapi.json"]:
        assert route in covered, route


@pytest.mark.parametrize("script", sorted(CURL))
def test_curl_script(servers, script):
    out = run(["bash", str(EXAMPLES / "curl" / script)],
              env={"QUIRE_URL": base(servers.api), "QUIRE_API_KEY": servers.api_key}).stdout
    for pattern in CURL[script]:
        assert re.search(pattern, out, re.M), f"{script}: no {pattern!r} in\n{out}"


# --- Swift: the MCPClient library --------------------------------------------------------------

@pytest.mark.skipif(os.environ.get("QUIRE_EXAMPLES_SWIFT") == "0", reason="QUIRE_EXAMPLES_SWIFT=0: the Swift example's own build is skipped")
def test_swift_client_package(servers):
    # Its first build compiles Quire's client dependencies again in examples/swift-client/.build
    # (about 14 CPU-minutes); later runs rebuild only what changed.
    package = EXAMPLES / "swift-client"
    scratch = package / ".build"
    started = time.monotonic()
    run(["swift", "build", "--package-path", str(package), "--scratch-path", str(scratch)], timeout=1800)
    print(f"swift-client build: {time.monotonic() - started:.0f} s")
    binary = run(["swift", "build", "--package-path", str(package), "--scratch-path", str(scratch), "--show-bin-path"]).stdout.strip()
    out = run([f"{binary}/QuireClientExample", servers.api.url], env={"QUIRE_API_KEY": servers.api_key}).stdout
    assert "connected: 2026-07-28 (modern)" in out, out
    assert re.search(rf"^added {UUID}$", out, re.M), out
    assert re.search(r"^search 'swift': \[.*\"Swift client\"", out, re.M), out
    refused = run([f"{binary}/QuireClientExample", servers.api.url], env={"QUIRE_API_KEY": "wrong"}, ok=False)
    assert refused.returncode == 4 and "401" in refused.stderr


# --- mcp.json through `quire mcp` --------------------------------------------------------------

def test_mcp_json_with_stdio_and_authenticated_http(servers, quire_bin, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(EXAMPLES / "mcp-json" / "mcp.json", home / "mcp.json")
    env = {"QUIRE_HOME": str(home), "PATH": f"{pathlib.Path(quire_bin).parent}{os.pathsep}{os.environ['PATH']}",
           "NOTES_DB": str(tmp_path / "notes.db"), "QUIRE_URL": servers.api.url, "QUIRE_API_KEY": servers.api_key}

    def quire(*args, ok=True, extra=None):
        return run([quire_bin, "mcp", *args], env={**env, **(extra or {})}, ok=ok)

    listed = quire("list").stdout
    assert "notes-local" in listed and "notes-http" in listed
    assert servers.api_key not in listed  # placeholders are stored, never secrets
    synced = quire("sync", "--all").stdout
    assert re.search(r"✓ notes-local: \d+ tools", synced) and re.search(r"✓ notes-http: \d+ tools", synced), synced
    added = json.loads(quire("call", "notes-http", "add_document", "--arg", "content=From mcp.json",
                             "--args-json", '{"metadata": {"title": "Registry"}}', "--json").stdout)
    assert re.fullmatch(UUID, added["structuredContent"]["document"]["uuid"])
    local = json.loads(quire("call", "notes-local", "list_documents", "--json").stdout)
    assert local["structuredContent"]["total_count"] == 0  # a different store: the stdio server's own
    missing = quire("call", "notes-http", "list_documents", ok=False, extra={"QUIRE_API_KEY": None})
    assert missing.returncode == 2 and "missing environment variable(s): QUIRE_API_KEY" in missing.stderr
    wrong = quire("call", "notes-http", "list_documents", ok=False, extra={"QUIRE_API_KEY": "not-a-key"})
    assert wrong.returncode == 4 and "Authentication failed (401) for 'notes-http'" in wrong.stderr


# --- Identity-provider configurations (docs/authentication.md, examples/auth/*.json) -----------

class PathIssuer:
    """An OpenID provider on loopback whose issuer has a path, like Keycloak realms, Auth0 tenants
    (a trailing slash) and Entra tenants: OIDC discovery and a JWKS, nothing else."""

    def __init__(self, path: str, key):
        import http.server
        import threading

        outer = self
        self.key = key

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                bare = outer.path.rstrip("/")
                if self.path in (f"{bare}/.well-known/openid-configuration", f"/.well-known/openid-configuration{bare}"):
                    body = {"issuer": outer.issuer, "jwks_uri": f"{outer.base}{bare}/keys",
                            "authorization_endpoint": f"{outer.base}{bare}/authorize", "token_endpoint": f"{outer.base}{bare}/token"}
                elif self.path == f"{bare}/keys":
                    body = {"keys": [outer.key.jwk]}
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.path = path
        self.issuer = self.base + path
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def idp_claims(idp: str, issuer: str, write: bool) -> dict:
    """Claims shaped as each provider issues them (audiences as examples/auth/*.json expect)."""
    now = int(time.time())
    common = {"iss": issuer, "iat": now, "exp": now + 300}
    if idp == "keycloak":
        # An Audience mapper adds "quire"; Keycloak adds "account" itself.
        return {**common, "aud": ["quire", "account"], "sub": "6f1c9c1e-2b7a-4d8e-9d3e-0a1b2c3d4e5f", "typ": "Bearer",
                "azp": "quire-cli", "scope": "openid profile email " + ("quire:write" if write else "quire:read")}
    if idp == "auth0":
        # The API identifier is the server's resource URL; Auth0 adds its userinfo audience.
        return {**common, "aud": ["https://quire.example.com/mcp", issuer + "userinfo"], "sub": "auth0|64f1a2b3c4d5e6f7",
                "azp": "AbCdEf123", "scope": "openid " + ("quire:write" if write else "quire:read")}
    # Entra ID v2: scopes in `scp`, named by the app registration; aud is the application (client) id.
    return {**common, "aud": "66666666-7777-8888-9999-000000000000", "sub": "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ",
            "oid": "00000000-0000-0000-66f3-3332eca7ea81", "tid": "11111111-2222-3333-4444-555555555555", "ver": "2.0",
            "azp": "77777777-8888-9999-0000-111111111111", "scp": "Quire.Write" if write else "Quire.Read"}


IDP_PATHS = {"keycloak": "/realms/quire", "auth0": "/", "entra": "/11111111-2222-3333-4444-555555555555/v2.0"}


@pytest.mark.parametrize("idp", sorted(IDP_PATHS))
def test_identity_provider_configuration(quire_bin, tmp_path, idp):
    from auth_support import KeyPair

    key = KeyPair()
    issuer = PathIssuer(IDP_PATHS[idp], key)
    try:
        config = json.loads((EXAMPLES / "auth" / f"{idp}.json").read_text())
        auth = config["transport"]["http"]["auth"]
        assert auth["issuer"].endswith(IDP_PATHS[idp].rstrip("/") + ("/" if idp == "auth0" else ""))
        auth["issuer"] = issuer.issuer  # the same path, on this machine
        path = tmp_path / "quire.json"
        path.write_text(json.dumps(config))
        server = HTTPServer(quire_bin, str(tmp_path / "idp.db"), "--config", str(path))
        try:
            def call(claims, tool="add_document"):
                arguments = {"content": f"from {idp}", "metadata": {"title": idp}} if tool == "add_document" else {}
                return server.request("POST", "/mcp/v1/tools/call", body={"name": tool, "arguments": arguments},
                                      headers={"Authorization": f"Bearer {key.sign(claims)}"})

            status, _, body = call(idp_claims(idp, issuer.issuer, write=True))
            assert status == 200 and re.fullmatch(UUID, body["structuredContent"]["document"]["uuid"]), body
            status, headers, _ = call(idp_claims(idp, issuer.issuer, write=False))
            assert status == 403 and 'error="insufficient_scope"' in headers["www-authenticate"]
            status, _, body = call(idp_claims(idp, issuer.issuer, write=False), tool="list_documents")
            assert status == 200 and body["structuredContent"]["total_count"] == 1, body
            wrong_audience = dict(idp_claims(idp, issuer.issuer, write=True), aud="someone-else")
            assert call(wrong_audience)[0] == 401
            status, _, metadata = server.request("GET", "/.well-known/oauth-protected-resource/mcp")
            assert metadata["resource"] == "https://quire.example.com/mcp" and metadata["authorization_servers"] == [issuer.issuer]
        finally:
            assert server.stop() == 0, "".join(server.log)
    finally:
        issuer.close()


# --- The guides --------------------------------------------------------------------------------

def test_every_relative_link_in_the_guides_resolves():
    documents = [ROOT / "README.md", EXAMPLES / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for document in documents:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", document.read_text()):
            if "://" in target:
                continue
            assert (document.parent / target).exists(), f"{document.relative_to(ROOT)} links to missing {target}"
    readme = (ROOT / "README.md").read_text()
    for guide in ["quickstart", "transports", "rest", "authentication", "deployment", "client", "migration", "configuration"]:
        assert f"docs/{guide}.md" in readme, guide
