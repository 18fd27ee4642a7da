"""Helpers for the `quire mcp` client tests: a private QUIRE_HOME, running the real binary, peer servers
(Python SDK and hand-written ones) on ephemeral ports, and a watch for secrets in every output."""

import os
import pathlib
import subprocess
import sys
import threading

HERE = pathlib.Path(__file__).resolve().parent
SERVERS = HERE / "client_servers"

# Every secret a test hands to quire; no output of quire may ever contain one.
SECRETS: set[str] = set()
# Every captured output of quire in this run, for the final grep.
OUTPUTS: list[str] = []


def secret(value: str) -> str:
    SECRETS.add(value)
    return value


def assert_no_secrets(text: str) -> None:
    for value in SECRETS:
        assert value not in text, f"a secret leaked into quire's output: {text!r}"


class Quire:
    """Runs `quire mcp …` with QUIRE_HOME in a temp dir."""

    def __init__(self, binary: str, home: pathlib.Path, cwd: pathlib.Path):
        self.binary = binary
        self.home = home
        self.cwd = cwd
        self.env = dict(os.environ)
        self.env["QUIRE_HOME"] = str(home)
        self.env.pop("QUIRE_OAUTH_BROWSER", None)

    def run(self, *args: str, env: dict | None = None, timeout: float = 60, input: str | None = None) -> subprocess.CompletedProcess:
        full_env = dict(self.env)
        full_env.update(env or {})
        process = subprocess.run(
            [self.binary, "mcp", *args], cwd=self.cwd, env=full_env, capture_output=True, text=True,
            timeout=timeout, input=input if input is not None else "",
        )
        OUTPUTS.append(process.stdout + process.stderr)
        assert_no_secrets(process.stdout + process.stderr)
        return process

    def ok(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        process = self.run(*args, **kwargs)
        assert process.returncode == 0, f"quire mcp {' '.join(args)} → {process.returncode}\nstdout: {process.stdout}\nstderr: {process.stderr}"
        return process


class PeerServer:
    """A server script that prints `READY <port>` once listening; stderr is drained into `log`."""

    def __init__(self, argv: list[str], env: dict | None = None):
        self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        env={**os.environ, **(env or {})})
        self.log: list[str] = []
        self.changed = threading.Condition()
        threading.Thread(target=self._drain, daemon=True).start()
        line = self.process.stdout.readline()
        if not line.startswith("READY "):
            self.stop()
            raise RuntimeError(f"server did not start: {line!r}\n{''.join(self.log)}")
        self.port = int(line.split()[1])
        self.base = f"http://127.0.0.1:{self.port}"
        self.url = f"{self.base}/mcp"

    def _drain(self) -> None:
        for line in self.process.stderr:
            with self.changed:
                self.log.append(line)
                self.changed.notify_all()

    def wait_for(self, prefix: str, timeout: float = 20) -> str:
        import time
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for line in self.log:
                    if line.startswith(prefix):
                        return line
                remaining = deadline - time.monotonic()
                assert remaining > 0, f"no {prefix!r} line from the server:\n{''.join(self.log)}"
                self.changed.wait(remaining)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


def sdk_server(*args: str) -> PeerServer:
    return PeerServer([sys.executable, str(SERVERS / "sdk_server.py"), "http", *args])


def legacy_server(*args: str) -> PeerServer:
    return PeerServer([sys.executable, str(SERVERS / "legacy_session_server.py"), *args])


def sdk_stdio_command() -> list[str]:
    return [sys.executable, str(SERVERS / "sdk_server.py"), "stdio"]


import pytest  # noqa: E402


@pytest.fixture
def quire(quire_bin, tmp_path) -> Quire:
    home = tmp_path / "quire-home"
    work = tmp_path / "work"
    work.mkdir()
    return Quire(quire_bin, home, work)


@pytest.fixture
def peers():
    """Starts peer servers; stops them all afterwards."""
    started: list[PeerServer] = []

    def start(kind: str, *args: str) -> PeerServer:
        server = sdk_server(*args) if kind == "sdk" else legacy_server(*args)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
