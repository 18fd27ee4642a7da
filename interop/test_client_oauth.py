"""`quire mcp` OAuth against a real authorization server (the Python SDK's, started by the test):
PRM discovery, AS metadata, dynamic registration, PKCE S256 with the `resource` parameter, the loopback
redirect followed by a scripted browser, tokens in a 0600 file, automatic login on 401, logout."""

import json
import os
import stat

from client_support import SERVERS, peers, quire, secret  # noqa: F401  (fixtures)

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
