"""`quire serve postgres://…` with the official SDK: the same document workflow (add, text / vector /
hybrid search, update, list, change feed) gives the same results on PostgreSQL as on SQLite, over
stdio and over HTTP; /ready follows the database. Runs when QUIRE_TEST_POSTGRES_URL names a server
(scripts/test starts a throwaway one); each test uses its own schema, dropped afterwards."""

import json
import os
import shutil
import subprocess
import urllib.error
import urllib.request
import uuid

import pytest
from mcp.client.client import Client
from mcp.client.stdio import StdioServerParameters

from http_support import HTTPServer

pytestmark = pytest.mark.anyio

BASE_URL = os.environ.get("QUIRE_TEST_POSTGRES_URL", "")
requires_postgres = pytest.mark.skipif(not BASE_URL, reason="QUIRE_TEST_POSTGRES_URL is not set (scripts/test sets it)")


def psql() -> str | None:
    for candidate in ("/usr/lib/postgresql/15/bin/psql", shutil.which("psql")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture
def postgres_store():
    """A store URL in a fresh schema of the test server; the schema is dropped afterwards."""
    schema = "quire_interop_" + uuid.uuid4().hex
    separator = "&" if "?" in BASE_URL else "?"
    yield f"{BASE_URL}{separator}schema={schema}"
    client = psql()
    if client:
        subprocess.run([client, BASE_URL, "-q", "-c", f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'],
                       check=False, capture_output=True, timeout=30)


def ok(result) -> dict:
    assert not result.is_error, result.content
    return result.structured_content


# Four documents whose rankings are unambiguous for every search below (no ties on either backend).
CORPUS = [
    ("Quantum computing primer", "Qubits and quantum gates explained for programmers.", [1.0, 0.1, 0.0, 0.0], "physics"),
    ("Gardening basics", "Tomatoes need sun, water and patience.", [0.0, 1.0, 0.1, 0.0], "garden"),
    ("Quantum gardening", "A whimsical essay: tomatoes in a quantum superposition of ripe and unripe.", [0.7, 0.7, 0.0, 0.1], "garden"),
    ("Rome", "The history of Rome, from the republic to the empire.", [0.0, 0.0, 0.2, 1.0], "history"),
]


def hits(structured: dict, titles: dict) -> list[tuple]:
    return [(titles[d["uuid"]], round(d["score"], 9), "snippet" in d) for d in structured["documents"]]


async def workflow(client: Client) -> dict:
    """Runs the workflow and returns what a client sees, with uuids replaced by titles."""
    results: dict = {}
    subscription = ok(await client.call_tool("subscribe_changes", {"resource_type": "documents"}))
    titles: dict[str, str] = {}
    for title, content, embedding, tag in CORPUS:
        added = ok(await client.call_tool("add_document", {
            "content": content, "embedding": embedding, "metadata": {"title": title, "tags": [tag], "author": "Ada"},
        }))
        titles[added["document"]["uuid"]] = title
    by_title = {title: uid for uid, title in titles.items()}

    text = ok(await client.call_tool("search_documents", {"query": "quantum tomatoes", "search_type": "text"}))
    results["text_titles"] = [titles[d["uuid"]] for d in text["documents"]]
    results["text_marks"] = [("**" in d.get("snippet", "")) for d in text["documents"]]
    vector = ok(await client.call_tool("search_documents", {
        "query": "q", "search_type": "vector", "query_embedding": [0.9, 0.3, 0.0, 0.0], "limit": 3,
    }))
    results["vector"] = hits(vector, titles)
    hybrid = ok(await client.call_tool("search_documents", {
        "query": "quantum", "search_type": "hybrid", "query_embedding": [0.0, 1.0, 0.0, 0.0],
    }))
    results["hybrid"] = hits(hybrid, titles)
    filtered = ok(await client.call_tool("search_documents", {
        "query": "tomatoes", "search_type": "text", "filter": {"tags": {"any": ["garden"]}},
    }))
    results["filtered"] = [titles[d["uuid"]] for d in filtered["documents"]]

    ok(await client.call_tool("update_document", {
        "document_id": by_title["Rome"], "content": "Rome and its quantum of emperors.", "metadata": {"status": "edited"},
    }))
    after = ok(await client.call_tool("search_documents", {"query": "quantum", "search_type": "text"}))
    results["after_update"] = sorted(titles[d["uuid"]] for d in after["documents"])
    ok(await client.call_tool("delete_document", {"document_id": by_title["Gardening basics"]}))

    listed = ok(await client.call_tool("list_documents", {"order_by": "-title", "filter": {"author": "Ada"}}))
    results["listed"] = [(d["metadata"]["title"], d["metadata"].get("status")) for d in listed["documents"]]
    missing = await client.call_tool("get_document", {"document_id": str(uuid.UUID(int=1))})
    results["missing_error"] = missing.structured_content["error"]["code"] if missing.is_error else None

    polled = ok(await client.call_tool("poll_changes", {
        "subscription_id": subscription["subscription_id"], "poll_token": subscription["poll_token"], "timeout": 0,
    }))
    results["changes"] = [(c["type"], titles[c["resource_id"]]) for c in polled["changes"]]
    versions = [c["version"] for c in polled["changes"]]
    results["versions_increase"] = versions == sorted(versions) and len(set(versions)) == len(versions)
    return results


def stdio(quire_bin: str, store: str) -> StdioServerParameters:
    return StdioServerParameters(command=quire_bin, args=["serve", store, "--embedding-dimension", "4"])


@requires_postgres
async def test_workflow_on_postgres_matches_sqlite_over_stdio(quire_bin, store_path, postgres_store):
    async with Client(stdio(quire_bin, store_path), mode="legacy") as client:
        on_sqlite = await workflow(client)
    async with Client(stdio(quire_bin, postgres_store), mode="legacy") as client:
        on_postgres = await workflow(client)
    assert on_sqlite["text_titles"][0] == "Quantum gardening"
    assert on_sqlite["changes"][:4] == [("created", title) for title, *_ in CORPUS]
    assert on_postgres == on_sqlite


@requires_postgres
async def test_data_outlives_the_process_and_is_shared_by_two_servers(quire_bin, postgres_store):
    async with Client(stdio(quire_bin, postgres_store), mode="legacy") as first:
        added = ok(await first.call_tool("add_document", {"content": "shared text", "metadata": {"title": "Shared"}}))
        uid = added["document"]["uuid"]
        async with Client(stdio(quire_bin, postgres_store), mode="auto") as second:
            seen = ok(await second.call_tool("get_document", {"document_id": uid}))
            assert seen["document"]["metadata"]["title"] == "Shared"
            ok(await second.call_tool("update_document", {"document_id": uid, "metadata": {"status": "seen"}}))
        again = ok(await first.call_tool("get_document", {"document_id": uid}))
        assert again["document"]["metadata"]["status"] == "seen"


@requires_postgres
async def test_http_server_on_postgres_is_ready_and_answers_both_eras(quire_bin, postgres_store):
    server = HTTPServer(quire_bin, postgres_store)
    try:
        with urllib.request.urlopen(server.url.replace("/mcp", "/ready"), timeout=10) as response:
            assert response.status == 200
        async with Client(server.url, mode="legacy") as client:
            on_http = await workflow(client)
        assert on_http["changes"][-1][0] == "deleted" and on_http["versions_increase"]
        async with Client(server.url, mode="auto") as client:
            listed = ok(await client.call_tool("list_documents", {}))
            assert len(listed["documents"]) == len(CORPUS) - 1
    finally:
        server.stop()


def free_port() -> int:
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_bad_postgres_urls_fail_with_a_clear_reason_and_no_password(quire_bin):
    port = free_port()  # nothing listens there
    result = subprocess.run(
        [quire_bin, "serve", f"postgres://ada:s3cret-pw@127.0.0.1:{port}/quire?connect_timeout=3"],
        input=b"", capture_output=True, timeout=60,
    )
    message = result.stderr.decode()
    assert result.returncode != 0
    assert f"127.0.0.1:{port}" in message and "unavailable" in message, message
    assert "s3cret-pw" not in message
    unknown = subprocess.run([quire_bin, "serve", "postgres://ada@localhost/quire?pool=3"], input=b"", capture_output=True, timeout=30)
    assert unknown.returncode != 0 and "unknown setting pool" in unknown.stderr.decode()


class TCPProxy:
    """A loopback TCP forwarder to the test server that can be cut and restored, to play a
    database that goes away and comes back on the same address."""

    def __init__(self, target_host: str, target_port: int):
        import socket
        import threading
        self.target = (target_host, target_port)
        self.port = free_port()
        self.lock = threading.Lock()
        self.sockets: list = []
        self.listener = None
        self.socket = socket
        self.threading = threading

    def start(self) -> None:
        listener = self.socket.socket()
        listener.setsockopt(self.socket.SOL_SOCKET, self.socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        self.threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = self.socket.create_connection(self.target, timeout=10)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                self.threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.close()
                except OSError:
                    pass

    def cut(self) -> None:
        """Refuses new connections and breaks every open one."""
        if self.listener is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone would not on Linux.
            try:
                self.listener.shutdown(self.socket.SHUT_RDWR)
            except OSError:
                pass
            self.listener.close()
            self.listener = None
        with self.lock:
            for end in self.sockets:
                try:
                    end.shutdown(self.socket.SHUT_RDWR)
                    end.close()
                except OSError:
                    pass
            self.sockets = []


@requires_postgres
async def test_ready_follows_the_database_and_quire_recovers_without_a_restart(quire_bin, postgres_store):
    from urllib.parse import urlsplit
    import time
    target = urlsplit(BASE_URL)
    proxy = TCPProxy(target.hostname, target.port)
    proxy.start()
    proxied = postgres_store.replace(f"{target.hostname}:{target.port}", f"127.0.0.1:{proxy.port}") + "&connect_timeout=2"
    server = HTTPServer(quire_bin, proxied)

    def ready() -> int:
        try:
            with urllib.request.urlopen(server.url.replace("/mcp", "/ready"), timeout=15) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    try:
        assert ready() == 200
        async with Client(server.url, mode="auto") as client:
            added = ok(await client.call_tool("add_document", {"content": "acknowledged before the outage", "metadata": {"title": "Kept"}}))
            proxy.cut()
            assert ready() == 503
            failed = await client.call_tool("list_documents", {})
            assert failed.is_error and "unavailable" in json.dumps(failed.structured_content), failed.structured_content
            proxy.start()
            deadline = time.monotonic() + 30
            while ready() != 200:
                assert time.monotonic() < deadline, "not ready again within 30 s of the database coming back"
                time.sleep(0.2)
            listed = ok(await client.call_tool("list_documents", {}))
            assert [d["uuid"] for d in listed["documents"]] == [added["document"]["uuid"]]
    finally:
        server.stop()
        proxy.cut()
