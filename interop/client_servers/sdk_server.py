"""An MCP server written with the official Python SDK, for `quire mcp` interop tests.

    python sdk_server.py stdio
    python sdk_server.py http [--json] [--stateless] [--bearer TOKEN | --api-key KEY | --basic USER:PASS] [--oauth]

Over HTTP it binds 127.0.0.1 on an ephemeral port and prints `READY <port>` on stdout.
"""

import argparse
import asyncio
import base64
import json
import secrets
import socket
import sys
import time

from pydantic import BaseModel

from mcp.server.mcpserver import Context, Image, MCPServer


class Sum(BaseModel):
    total: int


def build(auth=None, provider=None) -> MCPServer:
    server = MCPServer("sdk-test", auth_server_provider=provider, auth=auth)

    @server.tool(description="Echo the text back.")
    def echo(text: str) -> str:
        return text

    @server.tool(description="Add two integers; structured output.")
    def add(a: int, b: int) -> Sum:
        return Sum(total=a + b)

    @server.tool(description="Reports progress three times, then answers.")
    async def slow(steps: int, ctx: Context) -> str:
        for step in range(steps):
            await ctx.report_progress(step + 1, steps, f"step {step + 1}")
            await asyncio.sleep(0.05)
        return f"done after {steps} steps"

    @server.tool(description="Returns a 1x1 PNG.")
    def pixel() -> Image:
        png = base64.b64decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
        )
        return Image(data=png, format="png")

    @server.tool(description="Always fails.")
    def fail(reason: str = "broken") -> str:
        from mcp.server.mcpserver.exceptions import ToolError

        # ToolError's message reaches the client (other exceptions are hidden by the SDK).
        raise ToolError(f"tool failed: {reason}")

    @server.tool(description="Sleeps without progress (for timeouts).")
    async def sleepy(seconds: float) -> str:
        await asyncio.sleep(seconds)
        return "woke"

    return server


class HeaderCheck:
    """ASGI middleware refusing requests whose header differs from the expected value (401)."""

    def __init__(self, app, header: str, expected: str):
        self.app = app
        self.header = header.lower().encode()
        self.expected = expected.encode()

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            headers = dict(scope.get("headers") or [])
            if headers.get(self.header) != self.expected:
                body = json.dumps({"error": "unauthorized"}).encode()
                await send({"type": "http.response.start", "status": 401, "headers": [
                    (b"content-type", b"application/json"), (b"www-authenticate", b'Bearer realm="test"')]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


def oauth_parts(base: str, scopes: list[str]):
    """A real OAuth authorization server (the SDK's routes) with an in-memory provider that approves at once."""
    from mcp.server.auth.provider import AccessToken, AuthorizationCode, RefreshToken, construct_redirect_uri
    from mcp.server.auth.settings import AuthSettings, ClientRegistrationOptions, RevocationOptions

    class Provider:
        def __init__(self):
            self.clients = {}
            self.codes = {}
            self.tokens = {}
            self.refresh = {}

        async def get_client(self, client_id):
            return self.clients.get(client_id)

        async def register_client(self, client_info):
            self.clients[client_info.client_id] = client_info

        async def authorize(self, client, params):
            code = secrets.token_urlsafe(24)
            self.codes[code] = AuthorizationCode(
                code=code, client_id=client.client_id, redirect_uri=params.redirect_uri,
                redirect_uri_provided_explicitly=params.redirect_uri_provided_explicitly,
                expires_at=time.time() + 300, scopes=params.scopes or scopes, code_challenge=params.code_challenge,
                resource=params.resource,
            )
            print(f"AUTHORIZE resource={params.resource} scopes={' '.join(params.scopes or [])}", file=sys.stderr, flush=True)
            return construct_redirect_uri(str(params.redirect_uri), code=code, state=params.state, iss=base)

        async def load_authorization_code(self, client, code):
            return self.codes.get(code)

        async def exchange_authorization_code(self, client, code):
            from mcp.shared.auth import OAuthToken
            self.codes.pop(code.code, None)
            access = "at-" + secrets.token_urlsafe(24)
            refresh = "rt-" + secrets.token_urlsafe(24)
            self.tokens[access] = AccessToken(token=access, client_id=client.client_id, scopes=code.scopes,
                                              expires_at=int(time.time()) + 3600, resource=code.resource)
            self.refresh[refresh] = RefreshToken(token=refresh, client_id=client.client_id, scopes=code.scopes)
            print(f"TOKENS {access} {refresh}", file=sys.stderr, flush=True)
            return OAuthToken(access_token=access, token_type="Bearer", expires_in=3600, refresh_token=refresh,
                              scope=" ".join(code.scopes))

        async def load_refresh_token(self, client, refresh_token):
            return self.refresh.get(refresh_token)

        async def exchange_refresh_token(self, client, refresh_token, scopes):
            from mcp.shared.auth import OAuthToken
            access = "at-" + secrets.token_urlsafe(24)
            self.tokens[access] = AccessToken(token=access, client_id=client.client_id, scopes=refresh_token.scopes,
                                              expires_at=int(time.time()) + 3600)
            return OAuthToken(access_token=access, token_type="Bearer", expires_in=3600, scope=" ".join(refresh_token.scopes))

        async def load_access_token(self, token):
            return self.tokens.get(token)

        async def revoke_token(self, token):
            self.tokens.pop(getattr(token, "token", None), None)

    settings = AuthSettings(
        issuer_url=base, resource_server_url=f"{base}/mcp", validate_token_resource=False,
        client_registration_options=ClientRegistrationOptions(enabled=True, valid_scopes=scopes, default_scopes=scopes),
        revocation_options=RevocationOptions(enabled=True), required_scopes=scopes,
    )
    return Provider(), settings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("transport", choices=["stdio", "http"])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--stateless", action="store_true")
    parser.add_argument("--bearer")
    parser.add_argument("--api-key")
    parser.add_argument("--basic")
    parser.add_argument("--oauth", action="store_true")
    args = parser.parse_args()

    if args.transport == "stdio":
        build().run("stdio")
        return

    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}"

    provider, auth = (None, None)
    if args.oauth:
        provider, auth = oauth_parts(base, ["mcp:tools"])
    app = build(auth=auth, provider=provider).streamable_http_app(json_response=args.json, stateless_http=args.stateless)
    if args.bearer:
        app = HeaderCheck(app, "authorization", f"Bearer {args.bearer}")
    elif args.api_key:
        app = HeaderCheck(app, "x-api-key", args.api_key)
    elif args.basic:
        app = HeaderCheck(app, "authorization", "Basic " + base64.b64encode(args.basic.encode()).decode())

    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    print(f"READY {port}", flush=True)
    server.run(sockets=[sock])


if __name__ == "__main__":
    main()
