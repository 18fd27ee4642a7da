"""`quire mcp` against the Swift SDK's everything-server (`mcp-everything-server` from
modelcontextprotocol/swift-sdk 0.12.1, built from `interop/swift_sdk_peer/`), which speaks only the
legacy era: session, DELETE on close, notifications on the GET stream, SSE reconnection, media.

Building the peer costs about 3.5 minutes of CPU (about 15 minutes of wall time on the shared 2-core
machine this was measured on), so it is built only when QUIRE_SWIFT_SDK_TESTS=1, or when an earlier
build left the binary in .build-swiftsdk (then `swift build` only checks it is current)."""

import os
import pathlib
import socket
import subprocess
import threading
import time

import pytest

from client_support import OUTPUTS, quire  # noqa: F401  (fixtures)

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "interop" / "swift_sdk_peer"
SCRATCH = ROOT / ".build-swiftsdk"
PRODUCT = "mcp-everything-server"


def build_peer() -> pathlib.Path:
    built = list(SCRATCH.glob(f"*/debug/{PRODUCT}"))
    if os.environ.get("QUIRE_SWIFT_SDK_TESTS") != "1" and not built:
        pytest.skip("the Swift SDK everything-server is not built (about 15 min on a loaded 2-core machine); "
                    "set QUIRE_SWIFT_SDK_TESTS=1 to build it and run these tests")
    command = ["swift", "build", "--package-path", str(PACKAGE), "--scratch-path", str(SCRATCH), "--product", PRODUCT]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"the Swift SDK everything-server does not build here: {(result.stderr or result.stdout).strip()[-400:]}")
    path = subprocess.run([*command[:6], "--show-bin-path"], capture_output=True, text=True, check=True).stdout.strip()
    return pathlib.Path(path) / PRODUCT


@pytest.fixture(scope="module")
def peer_binary() -> pathlib.Path:
    return build_peer()


class SwiftPeer:
    """The everything-server on a free loopback port; its log (stderr and stdout) is kept."""

    def __init__(self, binary: pathlib.Path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/mcp"
        self.process = subprocess.Popen([str(binary), "--port", str(self.port)], stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.log: list[str] = []
        self.changed = threading.Condition()
        threading.Thread(target=self._drain, daemon=True).start()
        # It logs before it binds, so readiness is the port accepting connections.
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("the Swift SDK server did not start:\n" + "".join(self.log))
                with self.changed:
                    self.changed.wait(0.05)  # woken early by any log line

    def _drain(self) -> None:
        for line in self.process.stdout:
            with self.changed:
                self.log.append(line)
                self.changed.notify_all()

    def count(self, text: str) -> int:
        with self.changed:
            return sum(text in line for line in self.log)

    def session_ids(self, text: str) -> list[str]:
        import re

        with self.changed:
            return [match.group(1) for line in self.log if text in line and (match := re.search(r"sessionID=(\S+)", line))]

    def wait_for_count(self, text: str, count: int, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        with self.changed:
            while sum(text in line for line in self.log) < count:
                remaining = deadline - time.monotonic()
                assert remaining > 0, f"fewer than {count} {text!r} lines:\n" + "".join(self.log[-40:])
                self.changed.wait(remaining)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@pytest.fixture
def swift_peer(peer_binary):
    peer = SwiftPeer(peer_binary)
    yield peer
    peer.stop()
    OUTPUTS.append("".join(peer.log))


def test_legacy_era_session_tools_and_delete(quire, swift_peer, tmp_path):
    quire.ok("add", "swift", swift_peer.url)
    synced = quire.ok("sync", "swift")
    assert synced.stdout.startswith("✓ swift: 18 tools")
    status = quire.ok("get", "swift", "--json").stdout
    assert '"era": "legacy"' in status and '"protocolVersion": "2025-11-25"' in status
    # Each quire process ended its session with DELETE (the server logs terminating exactly that session).
    swift_peer.wait_for_count("Terminating session", 1)
    assert quire.ok("call", "swift", "add_numbers", "--arg", "a=2", "--arg", "b=40").stdout == "42\n"
    swift_peer.wait_for_count("Terminating session", 2)
    assert swift_peer.session_ids("Session initialized") == swift_peer.session_ids("Terminating session")
    assert quire.ok("call", "swift", "test_simple_text").stdout == "This is a simple text response for testing.\n"

    failed = quire.run("call", "swift", "test_error_handling")
    assert failed.returncode == 1 and failed.stderr.strip() == "An error occurred during tool execution"

    image = quire.ok("call", "swift", "test_image_content", "--output-dir", str(tmp_path / "media")).stdout
    assert image.startswith("[image image/png, ") and (tmp_path / "media" / "image-1.png").read_bytes().startswith(b"\x89PNG")
    audio = quire.ok("call", "swift", "test_audio_content", "--output-dir", str(tmp_path / "media")).stdout
    assert audio.startswith("[audio audio/wav, ")
    embedded = quire.ok("call", "swift", "test_embedded_resource").stdout
    assert embedded == "--- test://embedded-resource (text/plain)\nThis is an embedded resource content.\n"

    prompts = quire.ok("call", "swift", "--method", "prompts/list").stdout
    assert "test_simple_prompt" in prompts


def test_notifications_on_the_get_stream_and_stream_reconnection(quire, swift_peer):
    quire.ok("add", "swift", swift_peer.url)
    quire.ok("sync", "swift")
    # This server sends log messages on the GET stream, never on the call's POST stream: without the
    # GET stream, --verbose would show nothing. The first is sent 100 ms before the result.
    logged = quire.ok("call", "swift", "test_tool_with_logging", "--verbose")
    assert logged.stdout == "Logging test completed\n"
    assert "[swift info] Tool execution started" in logged.stderr
    # The server closes the call's stream before answering; the answer comes on the resumed stream.
    resumed = quire.ok("call", "swift", "test_reconnection")
    assert resumed.stdout.startswith("Reconnection test completed successfully.")
