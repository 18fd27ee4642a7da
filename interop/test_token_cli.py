"""`quire token` and `quire keys`: run the built binary, check its output with independent tools
(PyJWT for the JWT, hashlib for the stored key hash)."""

import hashlib
import json
import os
import stat
import subprocess
import time

import jwt
import pytest

AUDIENCE = "http://127.0.0.1:8080/mcp"


def run(quire_bin, home, *args, check=True):
    env = {**os.environ, "QUIRE_HOME": str(home)}
    result = subprocess.run([quire_bin, *args], env=env, capture_output=True, text=True, timeout=60)
    if check and result.returncode != 0:
        pytest.fail(f"quire {' '.join(args)} failed ({result.returncode}): {result.stderr}")
    return result


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_token_is_a_valid_es256_jwt_for_the_printed_public_key(quire_bin, tmp_path):
    home = tmp_path / "home"
    public = run(quire_bin, home, "token", "--print-public-key")
    assert "created development signing key" in public.stderr
    assert public.stdout.startswith("-----BEGIN PUBLIC KEY-----")
    key_file = home / "dev-signing-key.pem"
    assert mode(key_file) == 0o600
    assert "PRIVATE KEY" in key_file.read_text()

    before = int(time.time())
    token = run(
        quire_bin, home, "token", "--subject", "alice", "--scope", "read write",
        "--audience", AUDIENCE, "--issuer", "quire-dev", "--expires-in", "600",
    ).stdout.strip()
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "ES256" and header["kid"]
    claims = jwt.decode(token, public.stdout, algorithms=["ES256"], audience=AUDIENCE, issuer="quire-dev")
    assert claims["sub"] == "alice"
    assert claims["scope"] == "read write"
    assert claims["exp"] - claims["iat"] == 600
    assert before - 5 <= claims["iat"] <= int(time.time()) + 5

    # The key is reused, not replaced: the same public key verifies a second token.
    again = run(quire_bin, home, "token", "--print-public-key")
    assert again.stdout == public.stdout and again.stderr == ""

    # Any other key refuses it.
    other = run(quire_bin, tmp_path / "other", "token", "--print-public-key").stdout
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, other, algorithms=["ES256"], audience=AUDIENCE)


def test_token_json_output_and_bad_input(quire_bin, tmp_path):
    home = tmp_path / "home"
    answer = json.loads(run(quire_bin, home, "token", "--subject", "bob", "--json").stdout)
    assert answer["token_type"] == "Bearer" and answer["expires_in"] == 3600
    public = run(quire_bin, home, "token", "--print-public-key").stdout
    claims = jwt.decode(answer["access_token"], public, algorithms=["ES256"], audience=AUDIENCE)
    assert claims["sub"] == "bob" and "iss" not in claims and "scope" not in claims
    assert jwt.get_unverified_header(answer["access_token"])["kid"] == answer["kid"]

    missing = run(quire_bin, home, "token", check=False)
    assert missing.returncode != 0 and "--subject" in missing.stderr
    negative = run(quire_bin, home, "token", "--subject", "x", "--expires-in", "0", check=False)
    assert negative.returncode != 0 and "--expires-in" in negative.stderr
    help_text = run(quire_bin, home, "token", "--help").stdout
    assert "development only" in help_text.lower()


def test_keys_add_list_revoke(quire_bin, tmp_path):
    home = tmp_path / "home"
    added = json.loads(run(quire_bin, home, "keys", "add", "--principal", "alice", "--scope", "read", "--scope", "write", "--json").stdout)
    key, key_id = added["key"], added["id"]
    assert key.startswith("qk_") and added["scopes"] == ["read", "write"]

    key_file = home / "api-keys.json"
    assert mode(key_file) == 0o600
    stored = json.loads(key_file.read_text())["keys"]
    assert stored[0]["hash"] == "sha256:" + hashlib.sha256(key.encode()).hexdigest()
    assert key not in key_file.read_text()

    text = run(quire_bin, home, "keys", "add", "--principal", "bob").stdout
    assert "shown only now" in text and "qk_" in text

    listed = json.loads(run(quire_bin, home, "keys", "list", "--json").stdout)["keys"]
    assert [k["principal"] for k in listed] == ["alice", "bob"]
    assert all(set(k) == {"id", "principal", "scopes", "created"} for k in listed)
    plain = run(quire_bin, home, "keys", "list").stdout
    assert key_id in plain and "sha256" not in plain and key not in plain

    run(quire_bin, home, "keys", "revoke", key_id)
    listed = json.loads(run(quire_bin, home, "keys", "list", "--json").stdout)["keys"]
    assert [k["principal"] for k in listed] == ["bob"]
    unknown = run(quire_bin, home, "keys", "revoke", key_id, check=False)
    assert unknown.returncode != 0 and f"no key with id {key_id}" in unknown.stderr

    # --file moves the key file.
    other = tmp_path / "elsewhere.json"
    run(quire_bin, home, "keys", "add", "--principal", "carol", "--file", str(other))
    assert mode(other) == 0o600
    assert [k["principal"] for k in json.loads(other.read_text())["keys"]] == ["carol"]
