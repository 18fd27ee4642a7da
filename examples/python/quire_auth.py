"""The credentials the examples send, from the environment (shared by the HTTP examples).

QUIRE_TOKEN   a JWT (from your identity provider, or `quire token` in development) -> Authorization: Bearer
QUIRE_API_KEY an API key from `quire keys add`                                     -> X-API-Key
Neither: no credentials (a server started without --auth).
"""

import os


def auth_headers() -> dict[str, str]:
    if token := os.environ.get("QUIRE_TOKEN"):
        return {"Authorization": f"Bearer {token}"}
    if key := os.environ.get("QUIRE_API_KEY"):
        return {"X-API-Key": key}
    return {}
