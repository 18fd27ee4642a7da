"""`quire mcp` OAuth against a real authorization server (the Python SDK's, started by the test):
PRM discovery, AS metadata, dynamic registration, PKCE S256 with the `resource` parameter, the loopback
redirect followed by a scripted browser, tokens in a 0600 file, automatic login on 401, logout."""

import json
import os
import stat

import pytest

from client_support import SERVERS, http_server, peers, quire, secret  # noqa: F401  (fixtures)

BROWSER = {"QUIRE_OAUTH_BROWSER": str(SERVERS / "follow_redirect.py")}


def tokens_from(server) -> tuple[str, str]:
    _, access, refresh = server.wait_for("TOKENS ").split()
    return secret(access), secret(refresh)


def test_login_call_and_logout(quire, peers):
    server = peers("sdk", "--oauth")
    quire.ok("add", "--auth", "oauth", "secure", server.url)
    # Without a browser and without a terminal the client says what to do.
    denied = quire.run("call", "secure", "echo", "--arg", "text=x")
    assert denied.returncode == 4
    assert denied.stderr.strip() == "quire: Login required: run 'quire mcp login secure'"

    login = quire.ok("login", "secure", env=BROWSER)
    assert "Logged in to 'secure'." in login.stdout
    access, refresh = tokens_from(server)
    authorize = server.wait_for("AUTHORIZE ")
    assert f"resource={server.url}" in authorize and "scopes=mcp:tools" in authorize

    token_file = quire.home / "oauth-tokens.json"
    assert stat.S_IMODE(os.stat(token_file).st_mode) == 0o600
    records = json.loads(token_file.read_text())["records"]
    assert records[0]["server"] == "secure" and records[0]["issuer"] == server.base and records[0]["access_token"] == access
    assert access not in (quire.home / "mcp.json").read_text()

    assert json.loads(quire.ok("call", "secure", "echo", "--arg", "text=with a token").stdout)["result"] == "with a token"
    quire.ok("sync", "secure")
    assert "echo" in quire.ok("tools", "secure").stdout

    assert "Logged out" in quire.ok("logout", "secure").stdout
    assert json.loads(token_file.read_text())["records"] == []


def test_first_call_logs_in_by_itself(quire, peers):
    server = peers("sdk", "--oauth")
    quire.ok("add", "--auth", "oauth", "secure", server.url)
    result = quire.ok("call", "secure", "add", "--arg", "a=1", "--arg", "b=2", env=BROWSER)
    assert json.loads(result.stdout) == {"total": 3}
    tokens_from(server)
    # Removing the server deletes exactly its tokens.
    quire.ok("remove", "-f", "secure")
    assert json.loads((quire.home / "oauth-tokens.json").read_text())["records"] == []


def test_refresh_token_is_used_when_the_access_token_is_refused(quire, peers):
    server = peers("sdk", "--oauth")
    quire.ok("add", "--auth", "oauth", "secure", server.url)
    quire.ok("login", "secure", env=BROWSER)
    tokens_from(server)
    token_file = quire.home / "oauth-tokens.json"
    data = json.loads(token_file.read_text())
    data["records"][0]["access_token"] = secret("stale-access-token-value")
    token_file.write_text(json.dumps(data))
    # No browser available: only the refresh token can make this work.
    assert json.loads(quire.ok("call", "secure", "echo", "--arg", "text=refreshed").stdout)["result"] == "refreshed"
    assert json.loads(token_file.read_text())["records"][0]["access_token"] != "stale-access-token-value"


# --- Against `quire serve --auth jwt` and the SDK-built authorization server of auth_support.py ---

def remember_tokens(quire) -> list[str]:
    """Registers every token quire stored as a secret (they must never appear in any output)."""
    token_file = quire.home / "oauth-tokens.json"
    records = json.loads(token_file.read_text())["records"] if token_file.exists() else []
    return [secret(value) for record in records for key in ("access_token", "refresh_token", "client_secret") if (value := record.get(key))]


@pytest.fixture
def authority():
    from auth_support import AuthorizationServer

    servers = []

    def start(**options):
        server = AuthorizationServer(**options)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


def test_step_up_on_insufficient_scope_unions_the_scopes(quire, http_server, authority):
    issuer = authority()
    server = http_server("--auth", "jwt", "--jwt-issuer", issuer.url)
    quire.ok("add", "--auth", "oauth", "docs", server.url)
    # A read-only tool: the 401 challenge's scope is all the first login asks for.
    quire.ok("call", "docs", "list_documents", env=BROWSER)
    # A write tool: 403 insufficient_scope → re-authorize with the union → the call is retried by itself.
    added = quire.ok("call", "docs", "add_document", "--arg", "content=stepped up", "--args-json", '{"metadata": {"title": "Step"}}', env=BROWSER)
    assert "uuid" in added.stdout
    # An admin tool: one more step-up.
    quire.ok("call", "docs", "export_metrics", env=BROWSER)
    remember_tokens(quire)
    scopes = [sorted(entry["scopes"]) for entry in issuer.provider.authorizations]
    assert scopes == [["quire:read"], ["quire:read", "quire:write"], ["quire:admin", "quire:read", "quire:write"]], scopes
    assert all(entry["resource"] == server.url for entry in issuer.provider.authorizations)
    assert len(issuer.provider.registrations) == 1  # the registered client was reused for each step-up


def test_step_up_is_bounded_when_the_scope_is_never_granted(quire, http_server, authority):
    issuer = authority(granted_scopes=["quire:read"])
    server = http_server("--auth", "jwt", "--jwt-issuer", issuer.url)
    quire.ok("add", "--auth", "oauth", "docs", server.url)
    denied = quire.run("call", "docs", "add_document", "--arg", "content=never", "--args-json", '{"metadata": {"title": "Never"}}', env=BROWSER)
    remember_tokens(quire)
    assert denied.returncode == 4, denied.stderr
    lines = denied.stderr.strip().splitlines()
    assert lines[-1] == ("quire: Access forbidden (403) for 'docs': it needs the scope 'quire:write', "
                         "which the authorization server did not grant (after 2 step-up attempts)")
    assert lines[:-1] == ["quire: Opened your browser to authorize Quire; waiting for the redirect…"] * 3
    # The first login, then exactly two step-ups.
    assert len(issuer.provider.authorizations) == 3, issuer.provider.authorizations


class DocumentHost:
    """Serves one client ID metadata document on loopback, as a client vendor's site would."""

    def __init__(self):
        import http.server
        import threading

        outer = self
        self.document: dict = {}

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                data = json.dumps(outer.document).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/quire/client.json"
        self.document = {"client_id": self.url, "client_name": "Quire (test)", "redirect_uris": ["http://127.0.0.1/callback"],
                         "grant_types": ["authorization_code"], "response_types": ["code"], "token_endpoint_auth_method": "none"}
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def cimd_host():
    host = DocumentHost()
    yield host
    host.close()


def test_client_id_metadata_document_when_the_server_supports_it(quire, http_server, authority, cimd_host):
    issuer = authority(client_metadata_documents=True)
    server = http_server("--auth", "jwt", "--jwt-issuer", issuer.url)
    quire.ok("add", "--auth", "oauth", "--client-metadata-url", cimd_host.url, "docs", server.url)
    quire.ok("login", "docs", env=BROWSER)
    remember_tokens(quire)
    assert issuer.provider.fetched_documents and set(issuer.provider.fetched_documents) == {cimd_host.url}
    assert issuer.provider.registrations == []
    assert [entry["client_id"] for entry in issuer.provider.authorizations] == [cimd_host.url]
    quire.ok("call", "docs", "list_documents")


@pytest.mark.parametrize("server_cimd, client_url", [(True, False), (False, True)], ids=["client-has-no-document", "server-lacks-cimd"])
def test_dynamic_registration_is_the_fallback(quire, http_server, authority, cimd_host, server_cimd, client_url):
    issuer = authority(client_metadata_documents=server_cimd)
    server = http_server("--auth", "jwt", "--jwt-issuer", issuer.url)
    options = ["--client-metadata-url", cimd_host.url] if client_url else []
    quire.ok("add", "--auth", "oauth", *options, "docs", server.url)
    quire.ok("login", "docs", env=BROWSER)
    remember_tokens(quire)
    assert issuer.provider.fetched_documents == []
    assert len(issuer.provider.registrations) == 1
    assert [entry["client_id"] for entry in issuer.provider.authorizations] == issuer.provider.registrations


def test_pre_registered_client_with_a_secret_and_a_fixed_port(quire, http_server, authority):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client_secret = secret("pre-registered-secret-" + os.urandom(8).hex())
    issuer = authority(registration=False, clients=[{
        "client_id": "quire-cli", "client_secret": client_secret, "token_endpoint_auth_method": "client_secret_basic",
        "redirect_uris": [f"http://127.0.0.1:{port}/callback"],
    }])
    server = http_server("--auth", "jwt", "--jwt-issuer", issuer.url)
    quire.ok("add", "--auth", "oauth", "--client-id", "quire-cli", "--client-secret", "${QUIRE_CLIENT_SECRET}", "--callback-port", str(port), "docs", server.url)
    env = {**BROWSER, "QUIRE_CLIENT_SECRET": client_secret}
    quire.ok("login", "docs", env=env)
    remember_tokens(quire)
    assert issuer.provider.registrations == []
    assert [entry["client_id"] for entry in issuer.provider.authorizations] == ["quire-cli"]
    assert client_secret not in (quire.home / "mcp.json").read_text()  # the placeholder is what is stored
    quire.ok("call", "docs", "list_documents", env=env)


def test_no_registration_possible_is_named(quire, http_server, authority):
    issuer = authority(registration=False)
    server = http_server("--auth", "jwt", "--jwt-issuer", issuer.url)
    quire.ok("add", "--auth", "oauth", "docs", server.url)
    failed = quire.run("login", "docs", env=BROWSER)
    assert failed.returncode == 4
    assert failed.stderr.strip() == "quire: No client registration possible for 'docs'; pass --client-id"
