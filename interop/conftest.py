"""Shared fixtures: the quire binary under test and a fresh store per test."""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def quire_bin() -> str:
    path = os.environ.get("QUIRE_BIN") or str(ROOT / ".build" / "debug" / "quire")
    if not os.access(path, os.X_OK):
        pytest.fail(f"quire binary not found at {path}; build it with `swift build` or set QUIRE_BIN")
    return path


@pytest.fixture
def store_path(tmp_path: pathlib.Path) -> str:
    return str(tmp_path / "store.db")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class RawServer:
    """`quire serve` over stdio driven line by line, for what an SDK would never send."""

    def __init__(self, argv: list[str]):
        self.process = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0
        )

    def send_line(self, data: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(data + b"\n")
        self.process.stdin.flush()

    def read_line(self, timeout: float = 10.0) -> bytes:
        import selectors

        assert self.process.stdout is not None
        selector = selectors.DefaultSelector()
        selector.register(self.process.stdout, selectors.EVENT_READ)
        line = b""
        while not line.endswith(b"\n"):
            if not selector.select(timeout):
                raise TimeoutError(f"no complete line from the server within {timeout}s (got {line!r})")
            chunk = self.process.stdout.readline()
            if not chunk:
                raise EOFError(f"server closed stdout (got {line!r})")
            line += chunk
        return line

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture
def raw_server(quire_bin: str, store_path: str):
    servers: list[RawServer] = []

    def start(*extra: str) -> RawServer:
        server = RawServer([quire_bin, "serve", store_path, "--embedding-dimension", "4", *extra])
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


@pytest.fixture
def http_server(quire_bin: str, tmp_path: pathlib.Path):
    """Starts `quire serve --transport http` on an ephemeral port; stops it (SIGTERM) afterwards."""
    from http_support import HTTPServer

    servers: list = []

    def start(*extra: str, store: str | None = None):
        server = HTTPServer(quire_bin, store or str(tmp_path / f"http{len(servers)}.db"), *extra)
        servers.append(server)
        return server

    yield start
    for server in servers:
        assert server.stop() == 0, "".join(server.log)
