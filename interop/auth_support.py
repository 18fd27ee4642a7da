"""Real signing keys, tokens and identity providers on loopback for the authentication tests.

`Issuer` is a minimal OpenID-style issuer: RFC 8414 / OIDC metadata and a JWKS over real HTTP.
`AuthorizationServer` is a real OAuth 2.1 authorization server (the Python SDK's own routes:
metadata, dynamic registration, /authorize with PKCE, /token) whose access tokens are JWTs
signed by its key, with the `aud` the client asked for through the `resource` parameter.
"""

import base64
import http.server
import json
import secrets
import socket
import threading
import time

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class KeyPair:
    """An RSA signing key with its public PEM and JWK."""

    def __init__(self, kid: str | None = None):
        self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = kid or secrets.token_hex(4)
        self.public_pem = self.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        numbers = self.private.public_key().public_numbers()
        self.jwk = {
            "kty": "RSA", "kid": self.kid, "use": "sig", "alg": "RS256",
            "n": b64url(numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")),
            "e": b64url(numbers.e.to_bytes((numbers.e.bit_length() + 7) // 8, "big")),
        }

    def sign(self, claims: dict, alg: str = "RS256", kid: str | None = None) -> str:
        return jwt.encode(claims, self.private, algorithm=alg, headers={"kid": kid or self.kid})


def claims(issuer: str, audience, subject: str = "alice", scope: str = "quire:read", lifetime: int = 600, **extra) -> dict:
    now = int(time.time())
    out = {"iss": issuer, "aud": audience, "sub": subject, "scope": scope, "iat": now, "exp": now + lifetime}
    out.update(extra)
    return out


def unsigned_token(payload: dict) -> str:
    """An `alg: none` token, built by hand (libraries refuse to make one)."""
    header = b64url(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    return f"{header}.{b64url(json.dumps(payload).encode())}."


def hmac_token(payload: dict, secret: bytes, kid: str) -> str:
    """An HS256 token signed with `secret` — for the key-confusion attack, the RSA public PEM."""
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT", "kid": kid}).encode())
    body = b64url(json.dumps(payload).encode())
    import hashlib
    import hmac
    signature = hmac.new(secret, f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{b64url(signature)}"


class Issuer:
    """Serves issuer metadata and a JWKS on an ephemeral loopback port; counts JWKS fetches."""

    def __init__(self, keys: list[KeyPair]):
        self.keys = keys
        self.jwks_fetches = 0
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path in ("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"):
                    body = {"issuer": outer.url, "jwks_uri": outer.url + "/jwks.json",
                            "authorization_endpoint": outer.url + "/authorize", "token_endpoint": outer.url + "/token",
                            "response_types_supported": ["code"]}
                elif self.path == "/jwks.json":
                    outer.jwks_fetches += 1
                    body = {"keys": [key.jwk for key in outer.keys]}
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
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


class AuthorizationServer:
    """A real OAuth 2.1 authorization server built from the Python SDK's routes, in a thread."""

    def __init__(self, subject: str = "alice", granted_scopes: list[str] | None = None):
        import uvicorn
        from starlette.applications import Starlette
        from starlette.responses import JSONResponse
        from starlette.routing import Route

        from mcp.server.auth.routes import create_auth_routes
        from mcp.server.auth.settings import ClientRegistrationOptions

        self.key = KeyPair()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        # The SDK's metadata spells the issuer with a trailing slash (pydantic's URL form); the
        # issuer must match it byte for byte everywhere (RFC 8414 §3.3), so use that spelling.
        self.url = f"http://127.0.0.1:{self.port}/"
        self.provider = _Provider(self, subject, granted_scopes)
        from pydantic import AnyHttpUrl

        routes = create_auth_routes(
            self.provider, issuer_url=AnyHttpUrl(self.url),
            client_registration_options=ClientRegistrationOptions(enabled=True, valid_scopes=["quire:read", "quire:write", "quire:admin"]),
        )

        async def jwks(request):
            return JSONResponse({"keys": [self.key.jwk]})

        app = Starlette(routes=[*routes, Route("/jwks.json", jwks)])
        # The SDK's metadata has no jwks_uri; the resource server finds keys through it, so add it.
        app.add_middleware(_JWKSInMetadata, jwks_uri=self.url + "jwks.json")
        config = uvicorn.Config(app, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]}, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise TimeoutError("authorization server did not start")
            time.sleep(0.01)  # polling uvicorn's own readiness flag, not synchronising on time

    def close(self):
        self.server.should_exit = True
        self.thread.join(10)


class _JWKSInMetadata:
    """ASGI middleware adding `jwks_uri` to the authorization-server metadata document."""

    def __init__(self, app, jwks_uri: str):
        self.app = app
        self.jwks_uri = jwks_uri

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] != "/.well-known/oauth-authorization-server":
            return await self.app(scope, receive, send)
        chunks = []
        start = {}

        async def capture(message):
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    body = json.loads(b"".join(chunks))
                    body["jwks_uri"] = self.jwks_uri
                    data = json.dumps(body).encode()
                    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
                    headers.append((b"content-length", str(len(data)).encode()))
                    await send({**start, "headers": headers})
                    await send({"type": "http.response.body", "body": data})

        await self.app(scope, receive, capture)


class _Provider:
    """In-memory clients, codes and tokens; access tokens are RS256 JWTs for the requested resource."""

    def __init__(self, server: AuthorizationServer, subject: str, granted_scopes: list[str] | None):
        self.server = server
        self.subject = subject
        self.granted_scopes = granted_scopes
        self.clients = {}
        self.codes = {}
        self.refresh = {}
        self.issued: list[dict] = []

    async def get_client(self, client_id):
        return self.clients.get(client_id)

    async def register_client(self, client_info):
        # Registered for every scope this resource has, so step-up authorization can be granted.
        client_info.scope = "quire:read quire:write quire:admin"
        self.clients[client_info.client_id] = client_info

    async def authorize(self, client, params):
        from mcp.server.auth.provider import AuthorizationCode, construct_redirect_uri

        code = secrets.token_urlsafe(24)
        scopes = self.granted_scopes if self.granted_scopes is not None else (params.scopes or ["quire:read"])
        self.codes[code] = AuthorizationCode(
            code=code, scopes=scopes, expires_at=time.time() + 300, client_id=client.client_id,
            code_challenge=params.code_challenge, redirect_uri=params.redirect_uri,
            redirect_uri_provided_explicitly=params.redirect_uri_provided_explicitly,
            resource=params.resource, subject=self.subject,
        )
        return construct_redirect_uri(str(params.redirect_uri), code=code, state=params.state)

    async def load_authorization_code(self, client, authorization_code):
        return self.codes.get(authorization_code)

    async def exchange_authorization_code(self, client, authorization_code):
        from mcp.shared.auth import OAuthToken

        self.codes.pop(authorization_code.code, None)
        payload = claims(self.server.url, authorization_code.resource, subject=self.subject,
                         scope=" ".join(authorization_code.scopes), client_id=client.client_id)
        self.issued.append(payload)
        return OAuthToken(access_token=self.server.key.sign(payload), token_type="Bearer", expires_in=600,
                          scope=" ".join(authorization_code.scopes))

    async def load_refresh_token(self, client, refresh_token):
        return None

    async def exchange_refresh_token(self, client, refresh_token, scopes):
        raise NotImplementedError

    async def load_access_token(self, token):
        return None

    async def revoke_token(self, token):
        pass
