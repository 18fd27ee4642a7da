"""`quire mcp` against servers written with the official Python SDK: stdio, Streamable HTTP in its SSE
default and JSON mode, stateless, and behind bearer / API-key / basic checks; results, timeouts, progress."""

import base64
import json
import os

import pytest

from client_support import peers, quire, sdk_stdio_command, secret  # noqa: F401  (fixtures)


def result_of(process) -> str:
    """The SDK returns a `str` tool result as structuredContent {"result": …}, which quire prints as JSON."""
    return json.loads(process.stdout)["result"]


def exercise(quire, name: str) -> None:
    quire.ok("sync", name)
    assert {"echo", "add", "slow", "pixel", "fail", "sleepy"} <= {tool["name"] for tool in json.loads(quire.ok("tools", name, "--json").stdout)[name]}
    assert result_of(quire.ok("call", name, "echo", "--arg", "text=hello world")) == "hello world"
    # Typed by the schema: "2" becomes an integer; structuredContent printed as JSON.
    assert json.loads(quire.ok("call", name, "add", "--arg", "a=2", "--tool-arg", "b=40").stdout) == {"total": 42}
    whole = json.loads(quire.ok("call", name, "add", "--args-json", '{"a": 1, "b": 2}', "--json").stdout)
    assert whole["structuredContent"] == {"total": 3}
    failed = quire.run("call", name, "fail", "--arg", "reason=on purpose")
    assert failed.returncode == 1 and "tool failed: on purpose" in failed.stderr and failed.stdout == ""
    bad = quire.run("call", name, "add", "--arg", "a=many", "--arg", "b=1")
    assert bad.returncode == 2 and "Invalid value for 'a': expected integer, got 'many'" in bad.stderr
    missing = quire.run("call", name, "ech")
    assert missing.returncode == 2 and "No tool 'ech'" in missing.stderr and "'echo'" in missing.stderr


def test_stdio_sdk_server(quire, tmp_path):
    quire.ok("add", "py", "--", *sdk_stdio_command())
    exercise(quire, "py")
    out_dir = tmp_path / "media"
    shown = quire.ok("call", "py", "pixel", "--output-dir", str(out_dir)).stdout
    assert shown.startswith("[image image/png, ") and str(out_dir) in shown
    saved = next(out_dir.iterdir())
    assert saved.read_bytes().startswith(b"\x89PNG")


def test_stdio_handshake_timeout(quire, tmp_path):
    # `cat` never answers initialize: discovery must end at the timeout, not hang.
    quire.ok("add", "mute", "--", "sleep", "30")
    result = quire.run("sync", "mute", "--timeout", "1")
    assert result.returncode == 3 and "Timed out after 1 s waiting for 'mute' to finish the handshake" in result.stdout


@pytest.mark.parametrize("mode", [[], ["--json"], ["--stateless"]], ids=["sse", "json", "stateless"])
def test_streamable_http_sdk_server(quire, peers, mode):
    server = peers("sdk", *mode)
    quire.ok("add", "py", server.url)
    exercise(quire, "py")
    era = json.loads(quire.ok("get", "py", "--json").stdout)["sync"]["era"]
    assert era in ("modern", "legacy")
    quire.ok("add", "--protocol", "2025-11-25", "pylegacy", server.url)
    quire.ok("sync", "pylegacy")
    assert json.loads(quire.ok("get", "pylegacy", "--json").stdout)["sync"]["era"] == "legacy"
    assert result_of(quire.ok("call", "pylegacy", "echo", "--arg", "text=legacy")) == "legacy"


def test_timeouts_reset_by_progress_with_a_hard_cap(quire, peers):
    server = peers("sdk")
    quire.ok("add", "py", server.url)
    quire.ok("sync", "py")
    # 50 steps of 50 ms with progress: well past the 1 s inactivity timeout, yet it succeeds.
    assert "done after 50 steps" in quire.ok("call", "py", "slow", "--arg", "steps=50", "--timeout", "1").stdout
    silent = quire.run("call", "py", "sleepy", "--arg", "seconds=6", "--timeout", "1")
    assert silent.returncode == 3
    assert "Timed out after 1 s waiting for 'sleepy' on 'py' (no progress); raise --timeout or --max-timeout" in silent.stderr
    capped = quire.run("call", "py", "slow", "--arg", "steps=80", "--timeout", "1", "--max-timeout", "1.5")
    assert capped.returncode == 3 and "(maximum time reached)" in capped.stderr


def test_bearer_api_key_and_basic_headers(quire, peers):
    token = secret("sdk-bearer-" + base64.urlsafe_b64encode(os.urandom(12)).decode())
    bearer = peers("sdk", "--bearer", token)
    quire.ok("add", "--auth", "bearer", "--token", "${PY_TOKEN}", "py", bearer.url)
    env = {"PY_TOKEN": token}
    assert result_of(quire.ok("call", "py", "echo", "--arg", "text=authorized", env=env)) == "authorized"
    quire.ok("sync", "py", "--verbose", env=env)
    wrong = quire.run("call", "py", "echo", "--arg", "text=x", env={"PY_TOKEN": secret("wrong-token-value-123")})
    assert wrong.returncode == 4
    assert wrong.stderr.strip() == "quire: Authentication failed (401) for 'py'; check its credentials"

    key = secret("sdk-api-key-" + os.urandom(6).hex())
    keyed = peers("sdk", "--api-key", key)
    quire.ok("add", "--auth", "api_key", "--api-key", key, "keyed", keyed.url)
    assert result_of(quire.ok("call", "keyed", "echo", "--arg", "text=key ok")) == "key ok"
    listed = quire.ok("list", "--json").stdout
    assert key[-4:] in listed  # masked as ****abcd, never whole

    password = secret("pw-" + os.urandom(6).hex())
    basic = peers("sdk", "--basic", f"alice:{password}")
    quire.ok("add-json", "basic", json.dumps({"url": basic.url, "auth": {"type": "basic", "username": "alice", "password": password}}))
    assert result_of(quire.ok("call", "basic", "echo", "--arg", "text=basic ok")) == "basic ok"
    assert quire.run("get", "basic").returncode == 0
