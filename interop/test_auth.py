"""`quire serve --auth jwt` against real tokens: keys served by a real issuer on loopback, the
official SDK as client, a real OAuth 2.1 authorization server for the login, and the attacks
the security issue lists, each expected to fail the right way."""

import json
import time
import urllib.parse

import httpx2
import pytest
from mcp.client.auth import OAuthClientProvider
from mcp.client.client import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.auth import AuthorizationCodeResult, OAuthClientMetadata

from auth_support import AuthorizationServer, Issuer, KeyPair, claims, hmac_token, unsigned_token
from http_support import modern_headers, modern_request

pytestmark = pytest.mark.anyio


@pytest.fixture
def issuer():
    server = Issuer([KeyPair()])
    yield server
    server.close()


@pytest.fixture
def jwt_server(http_server, issuer, tmp_path):
    """quire with JWT auth trusting `issuer`, and the path of its audit log."""
    audit = tmp_path / "audit.log"

    def start(*extra):
        server = http_server("--auth", "jwt", "--jwt-issuer", issuer.url, "--audit-log", str(audit), *extra)
        return server, audit

    return start


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def token_for(issuer, server, scope="quire:read", subject="alice", **overrides) -> str:
    payload = claims(issuer.url, server.url, subject=subject, scope=scope)
    payload.update(overrides)
    return issuer.keys[0].sign(payload)


def list_tools(server, headers):
    return server.request("POST", body=modern_request(1, "tools/list"), headers={**modern_headers("tools/list"), **headers})


def call(server, name, arguments, headers, id_=2):
    body = modern_request(id_, "tools/call", {"name": name, "arguments": arguments})
    return server.request("POST", body=body, headers={**modern_headers("tools/call", name), **headers})


def challenge_params(header: str) -> dict:
    assert header.startswith("Bearer"), header
    params = {}
    for part in header[len("Bearer"):].split(","):
        if "=" in part:
            key, _, value = part.strip().partition("=")
            params[key] = value.strip('"')
    return params


def test_no_credentials_get_a_challenge_pointing_at_the_metadata(jwt_server):
    server, _ = jwt_server()
    status, headers, body = list_tools(server, {})
    assert status == 401, body
    params = challenge_params(headers["www-authenticate"])
    assert params["resource_metadata"] == f"http://127.0.0.1:{server.port}/.well-known/oauth-protected-resource/mcp"
    assert params["scope"] == "quire:read"
    assert "error" not in params  # RFC 6750 §3.1: no error code when nothing was sent
    # A session id is not a credential.
    status, _, _ = server.request("POST", body={"jsonrpc": "2.0", "id": 1, "method": "tools/list"}, headers={"Mcp-Session-Id": "x" * 32})
    assert status == 401


def test_protected_resource_metadata_at_both_well_known_urls(jwt_server, issuer):
    server, _ = jwt_server()
    for path in ("/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"):
        status, _, body = server.request("GET", path)
        assert status == 200, path
        assert body["resource"] == server.url
        assert body["authorization_servers"] == [issuer.url]
        assert body["scopes_supported"] == ["quire:read", "quire:write", "quire:admin"]
        assert "offline_access" not in body["scopes_supported"]
        assert body["bearer_methods_supported"] == ["header"]
    # Probes and discovery stay open.
    assert server.request("GET", "/health")[0] == 200


def test_a_valid_token_works_on_every_path(jwt_server, issuer):
    server, _ = jwt_server()
    token = token_for(issuer, server)
    status, _, body = list_tools(server, bearer(token))
    assert status == 200 and body["result"]["tools"], body
    status, headers, body = server.request("POST", body={
        "jsonrpc": "2.0", "id": 0, "method": "initialize",
        "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}},
    }, headers=bearer(token))
    assert status == 200 and headers.get("mcp-session-id"), body
    status, _, body = server.request("GET", "/mcp/v1/tools/list", headers=bearer(token))
    assert status == 200 and body["tools"], body


ATTACKS = {
    "alg none": lambda issuer, server: unsigned_token(claims(issuer.url, server.url)),
    "wrong key": lambda issuer, server: KeyPair(kid=issuer.keys[0].kid).sign(claims(issuer.url, server.url)),
    "wrong audience": lambda issuer, server: issuer.keys[0].sign(claims(issuer.url, "http://127.0.0.1:1/mcp")),
    "wrong issuer": lambda issuer, server: issuer.keys[0].sign(claims("http://evil.example", server.url)),
    "expired": lambda issuer, server: issuer.keys[0].sign(claims(issuer.url, server.url, lifetime=-3600)),
    "not yet valid": lambda issuer, server: issuer.keys[0].sign(claims(issuer.url, server.url, nbf=int(time.time()) + 3600)),
    "HMAC signed with the RSA public key": lambda issuer, server: hmac_token(
        claims(issuer.url, server.url), issuer.keys[0].public_pem, issuer.keys[0].kid
    ),
    "garbage": lambda issuer, server: "not.a.jwt",
}


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_attacks_are_refused_with_invalid_token(jwt_server, issuer, attack):
    server, audit = jwt_server()
    token = ATTACKS[attack](issuer, server)
    status, headers, body = list_tools(server, bearer(token))
    assert status == 401, (attack, body)
    params = challenge_params(headers["www-authenticate"])
    assert params["error"] == "invalid_token", params
    assert "resource_metadata" in params
    assert token not in json.dumps(body)
    log = audit.read_text()
    assert "auth_failed" in log and token not in log


def test_a_token_in_the_query_string_is_refused(jwt_server, issuer):
    server, _ = jwt_server()
    token = token_for(issuer, server)
    status, headers, _ = server.request("POST", "/mcp?access_token=" + token, body=modern_request(1, "tools/list"),
                                        headers=modern_headers("tools/list"))
    assert status == 400
    assert challenge_params(headers["www-authenticate"])["error"] == "invalid_request"
    # Even alongside a good header: the URL has already leaked it.
    status, _, _ = server.request("GET", "/mcp/v1/tools/list?access_token=x", headers=bearer(token))
    assert status == 400


def test_scopes_are_permissions_on_every_transport(jwt_server, issuer):
    server, audit = jwt_server()
    reader = bearer(token_for(issuer, server, scope="quire:read"))
    writer = bearer(token_for(issuer, server, scope="quire:write", subject="bob"))
    document = {"content": "hello", "metadata": {"title": "t"}}

    status, headers, body = call(server, "add_document", document, reader)
    assert status == 403, body
    params = challenge_params(headers["www-authenticate"])
    assert params["error"] == "insufficient_scope" and params["scope"] == "quire:write", params
    assert body["error"]["data"]["requiredScopes"] == ["quire:write"]

    # The same refusal on the REST routes and inside a legacy session.
    status, headers, body = server.request("POST", "/mcp/v1/tools/call", body={"name": "add_document", "arguments": document}, headers=reader)
    assert status == 403 and challenge_params(headers["www-authenticate"])["scope"] == "quire:write", body
    status, headers, _ = server.request("POST", body={
        "jsonrpc": "2.0", "id": 0, "method": "initialize",
        "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}},
    }, headers=reader)
    session = headers["mcp-session-id"]
    status, headers, body = server.request("POST", body={
        "jsonrpc": "2.0", "id": 5, "method": "tools/call", "params": {"name": "add_document", "arguments": document},
    }, headers={**reader, "Mcp-Session-Id": session, "MCP-Protocol-Version": "2025-11-25"})
    assert status == 403 and body["id"] == 5, body

    # Write allows the write, but not an admin tool; read tools stay open to it (hierarchy).
    status, _, body = call(server, "add_document", document, writer)
    assert status == 200 and not body["result"].get("isError"), body
    status, headers, _ = call(server, "optimize_storage", {"dry_run": True}, writer)
    assert status == 403 and challenge_params(headers["www-authenticate"])["scope"] == "quire:admin"
    status, _, body = call(server, "search_documents", {"query": "hello", "search_type": "text"}, writer)
    assert status == 200 and not body["result"].get("isError"), body
    # tools/list is not filtered: a reader sees the tools it may ask to be allowed.
    names = {tool["name"] for tool in list_tools(server, reader)[2]["result"]["tools"]}
    assert "add_document" in names

    lines = [json.loads(line) for line in audit.read_text().splitlines()]
    denied = [line for line in lines if line["kind"] == "permission_denied"]
    assert {line["principal"] for line in denied} == {"alice", "bob"}


def test_a_session_belongs_to_the_principal_that_made_it(jwt_server, issuer):
    server, _ = jwt_server()
    alice = bearer(token_for(issuer, server, subject="alice"))
    mallory = bearer(token_for(issuer, server, subject="mallory"))
    status, headers, _ = server.request("POST", body={
        "jsonrpc": "2.0", "id": 0, "method": "initialize",
        "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}},
    }, headers=alice)
    session = headers["mcp-session-id"]
    request = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
    session_headers = {"Mcp-Session-Id": session, "MCP-Protocol-Version": "2025-11-25"}
    assert server.request("POST", body=request, headers={**alice, **session_headers})[0] == 200
    assert server.request("POST", body=request, headers={**mallory, **session_headers})[0] == 404
    assert server.request("DELETE", headers={**mallory, **session_headers})[0] == 404


def test_unknown_key_ids_cannot_make_the_server_hammer_the_issuer(jwt_server, issuer):
    server, _ = jwt_server()
    assert list_tools(server, bearer(token_for(issuer, server)))[0] == 200
    fetches = issuer.jwks_fetches
    assert fetches == 1
    # A flood of tokens naming unknown keys right after a fetch: refused, and no refetch storm
    # (an unknown kid refetches at most once per 30 s; the Swift suite moves the clock past that).
    for _ in range(5):
        stranger = KeyPair().sign(claims(issuer.url, server.url))
        status, headers, _ = list_tools(server, bearer(stranger))
        assert status == 401 and challenge_params(headers["www-authenticate"])["error"] == "invalid_token"
    assert issuer.jwks_fetches == fetches
    # Known keys keep working from the cache.
    assert list_tools(server, bearer(token_for(issuer, server)))[0] == 200
    assert issuer.jwks_fetches == fetches


async def test_the_official_sdk_calls_tools_with_a_bearer_token(jwt_server, issuer):
    server, _ = jwt_server()
    token = token_for(issuer, server, scope="quire:write")
    for mode in ("auto", "legacy"):
        async with httpx2.AsyncClient(headers=bearer(token)) as http:
            async with Client(streamable_http_client(server.url, http_client=http), mode=mode) as client:
                result = await client.call_tool("add_document", {"content": f"via {mode}", "metadata": {"title": mode}})
                assert not result.is_error, result


async def test_oauth_login_against_a_real_authorization_server(http_server, tmp_path):
    authority = AuthorizationServer()
    try:
        server = http_server("--auth", "jwt", "--jwt-issuer", authority.url)
        redirect_uri = "http://127.0.0.1:1/callback"
        landed: dict = {}
        authorizations: list[list[str]] = []

        async def follow(authorization_url: str) -> None:
            # The "browser": the authorization server approves at once and redirects with a code.
            parsed = urllib.parse.urlparse(authorization_url)
            query = urllib.parse.parse_qs(parsed.query)
            assert query["code_challenge_method"] == ["S256"]
            assert query["resource"] == [server.url]
            async with httpx2.AsyncClient() as browser:
                response = await browser.get(authorization_url)
            assert response.status_code in (302, 303, 307), response.text
            location = urllib.parse.urlparse(response.headers["location"])
            landed.clear()
            landed.update({key: values[0] for key, values in urllib.parse.parse_qs(location.query).items()})
            assert "error" not in landed, landed
            authorizations.append(query.get("scope", [""])[0].split())

        async def callback() -> AuthorizationCodeResult:
            return AuthorizationCodeResult(code=landed["code"], state=landed.get("state"))

        class Memory:
            tokens = None
            client = None

            async def get_tokens(self):
                return self.tokens

            async def set_tokens(self, tokens):
                self.tokens = tokens

            async def get_client_info(self):
                return self.client

            async def set_client_info(self, info):
                self.client = info

        storage = Memory()
        provider = OAuthClientProvider(
            server_url=server.url,
            client_metadata=OAuthClientMetadata(
                client_name="quire interop", redirect_uris=[redirect_uri], grant_types=["authorization_code", "refresh_token"],
                response_types=["code"], scope="quire:read quire:write",
            ),
            storage=storage, redirect_handler=follow, callback_handler=callback,
        )
        async with httpx2.AsyncClient(auth=provider) as http:
            async with Client(streamable_http_client(server.url, http_client=http), mode="auto") as client:
                result = await client.call_tool("add_document", {"content": "logged in", "metadata": {"title": "login"}})
                assert not result.is_error, result
        issued = authority.provider.issued
        assert issued and issued[-1]["aud"] == server.url
        # The first login asks for the scope of the 401 challenge; the write call's 403 challenge
        # makes the client step up to quire:write (keeping what it had).
        assert authorizations[0] == ["quire:read"], authorizations
        assert "quire:write" in authorizations[-1], authorizations
        assert "quire:write" in issued[-1]["scope"].split()
        assert storage.tokens is not None
    finally:
        authority.close()


def test_cors_preflight_from_a_foreign_origin_is_refused(jwt_server):
    server, _ = jwt_server("--cors-origin", "https://app.example.com")
    status, headers, _ = server.request("OPTIONS", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type",
    })
    assert status == 403
    assert "access-control-allow-origin" not in headers
    status, headers, _ = server.request("OPTIONS", headers={
        "Origin": "https://app.example.com", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, mcp-protocol-version, mcp-method, mcp-name, last-event-id",
    })
    assert status in (200, 204)
    assert headers["access-control-allow-origin"] == "https://app.example.com"
    allowed = headers["access-control-allow-headers"].lower()
    for name in ("authorization", "mcp-protocol-version", "mcp-method", "mcp-name", "last-event-id"):
        assert name in allowed


def test_api_keys_end_to_end(http_server, quire_bin, tmp_path):
    import subprocess

    keys = tmp_path / "keys.json"
    env = {"QUIRE_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"}
    made = subprocess.run([quire_bin, "keys", "add", "--principal", "ci", "--scope", "quire:write", "--file", str(keys), "--json"],
                          capture_output=True, text=True, env=env, check=True)
    key = json.loads(made.stdout)["key"]
    assert key not in keys.read_text()  # stored hashed
    audit = tmp_path / "audit.log"
    server = http_server("--auth", "api-key", "--api-keys-file", str(keys), "--audit-log", str(audit))
    assert list_tools(server, {})[0] == 401
    assert list_tools(server, {"X-API-Key": "qk_wrong"})[0] == 401
    status, _, body = call(server, "add_document", {"content": "k", "metadata": {"title": "k"}}, {"X-API-Key": key})
    assert status == 200 and not body["result"].get("isError"), body
    status, _, body = call(server, "optimize_storage", {"dry_run": True}, bearer(key))
    assert status == 403, body
    log = audit.read_text()
    lines = [json.loads(line) for line in log.splitlines()]
    assert any(line["kind"] == "mutation" and line["tool"] == "add_document" and line["principal"] == "ci" for line in lines), lines
    assert key not in log
    # No API-key deployment publishes OAuth metadata.
    assert server.request("GET", "/.well-known/oauth-protected-resource/mcp")[0] == 404
