"""Batch, extraction and import/export through the official Python SDK over stdio, and the CLI."""

import json
import os
import pathlib
import pty
import re
import select
import subprocess

import anyio
import pytest
from mcp.client.client import Client
from mcp.client.stdio import StdioServerParameters

pytestmark = [pytest.mark.anyio, pytest.mark.filterwarnings("ignore:The logging capability is deprecated")]

MAX_FILE = 64 * 1024


@pytest.fixture
def files_root(tmp_path: pathlib.Path) -> pathlib.Path:
    root = tmp_path / "files"
    root.mkdir()
    return root


def server(quire_bin: str, store_path: str, root: pathlib.Path | None = None) -> StdioServerParameters:
    args = ["serve", store_path, "--embedding-dimension", "4", "--max-file-size", str(MAX_FILE)]
    if root is not None:
        args += ["--files-root", str(root)]
    return StdioServerParameters(command=quire_bin, args=args)


def structured(result) -> dict:
    assert not result.is_error, result.content
    assert json.loads(result.content[0].text) == result.structured_content
    return result.structured_content


def tool_error(result) -> dict:
    assert result.is_error, result.structured_content
    return result.structured_content["error"]


def docs(count: int, prefix: str = "Doc") -> list[dict]:
    return [{"content": f"body of {prefix.lower()} {i}", "metadata": {"title": f"{prefix} {i}"}} for i in range(count)]


async def total(client: Client, filter_=None) -> int:
    arguments = {"limit": 1}
    if filter_ is not None:
        arguments["filter"] = filter_
    return structured(await client.call_tool("list_documents", arguments))["total_count"]


# --- extract_from_file -------------------------------------------------------------------------


async def test_extract_from_file_reads_each_format(quire_bin, store_path, files_root):
    (files_root / "notes.md").write_text(
        "---\ntitle: Release notes\nauthor: Ada\ntags: [swift, mcp]\nstatus: draft\ndate: 2025-03-01\nteam: core\n---\n"
        "# Heading\n\nBody.\n"
    )
    (files_root / "rows.csv").write_text('title,content,color\nFirst,"one, two",red\nSecond,"multi\nline",blue\n')
    (files_root / "page.html").write_text(
        "<html><head><title>A &amp; B</title><script>evil()</script></head><body><p>Hello</p><p>World</p></body></html>"
    )
    (files_root / "record.json").write_text(json.dumps({"content": "from json", "metadata": {"title": "J"}, "tags": ["x"]}))
    (files_root / "plain.txt").write_text("just text")
    async with Client(server(quire_bin, store_path, files_root), mode="legacy") as client:
        progress = []

        async def on_progress(value, total_, message):
            progress.append((value, total_))

        md = structured(await client.call_tool("extract_from_file", {"file_path": "notes.md"}, progress_callback=on_progress))
        assert md["format"] == "markdown" and md["documents_added"] == 1
        meta = md["metadata"]
        assert (meta["title"], meta["author"], meta["tags"], meta["status"]) == ("Release notes", "Ada", ["swift", "mcp"], "draft")
        assert meta["created_at"].startswith("2025-03-01T00:00:00")
        assert meta["custom_metadata"] == {"x_team": "core"}
        assert meta["source_file"] == str((files_root / "notes.md").resolve())
        assert progress and progress[-1] == (2, 2)

        csv = structured(await client.call_tool("extract_from_file", {"file_path": str(files_root / "rows.csv")}))
        assert csv["documents_added"] == 2 and len(csv["document_ids"]) == 2
        second = structured(await client.call_tool("get_document", {"document_id": csv["document_ids"][1]}))["document"]
        assert second["content"] == "multi\nline" and second["metadata"]["custom_metadata"] == {"x_color": "blue"}

        html = structured(await client.call_tool("extract_from_file", {"file_path": "page.html", "add_to_dataset": False}))
        assert html["content"] == "Hello\n\nWorld" and html["metadata"]["title"] == "A & B"
        assert "document_id" not in html

        record = structured(await client.call_tool("extract_from_file", {"file_path": "record.json"}))
        assert record["metadata"]["title"] == "J" and record["metadata"]["tags"] == ["x"]
        plain = structured(await client.call_tool("extract_from_file", {"file_path": "plain.txt"}))
        assert plain["metadata"]["title"] == "plain.txt" and plain["content_length"] == 9
        assert await total(client) == 5


async def test_extract_refuses_escapes_bad_text_and_big_files(quire_bin, store_path, files_root, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (files_root / "inside.md").write_text("# Inside")
    os.symlink(secret, files_root / "out-link.txt")
    os.symlink(tmp_path, files_root / "out-dir")
    os.symlink(files_root / "inside.md", files_root / "in-link.md")
    (files_root / "latin1.txt").write_bytes("café".encode("latin-1"))
    (files_root / "big.txt").write_bytes(b"x" * (MAX_FILE + 1))
    async with Client(server(quire_bin, store_path, files_root), mode="legacy") as client:
        cases = {
            "../secret.txt": "may not contain '..'",
            "sub/../../secret.txt": "may not contain '..'",
            str(secret): "outside the files roots",
            "out-link.txt": "leads outside the files roots",
            "out-dir/secret.txt": "leads outside the files roots",
            "latin1.txt": "latin1.txt is not UTF-8",
            "big.txt": f"over the {MAX_FILE}-byte limit",
            "missing.md": "does not exist",
        }
        for path, fragment in cases.items():
            error = tool_error(await client.call_tool("extract_from_file", {"file_path": path}))
            assert fragment in error["message"], (path, error)
            assert error["code"] == -32602
        assert await total(client) == 0
        inside = structured(await client.call_tool("extract_from_file", {"file_path": "in-link.md"}))
        assert inside["metadata"]["title"] == "Inside"


async def test_file_tools_without_roots_explain_how_to_enable_them(quire_bin, store_path):
    async with Client(server(quire_bin, store_path), mode="legacy") as client:
        for name, arguments in [
            ("extract_from_file", {"file_path": "a.md"}),
            ("batch_extract", {"directory": "."}),
            ("batch_export", {"format": "jsonl", "output_path": "out.jsonl", "limit": 5}),
            ("batch_import", {"source_path": "in.jsonl", "format": "jsonl"}),
        ]:
            assert "--files-root" in tool_error(await client.call_tool(name, arguments))["message"], name


# --- batch tools -------------------------------------------------------------------------------


async def test_batch_add_atomic_and_per_item(quire_bin, store_path, files_root):
    async with Client(server(quire_bin, store_path, files_root), mode="legacy") as client:
        tools = {tool.name: tool for tool in (await client.list_tools()).tools}
        for name in ["batch_search", "batch_add", "batch_update", "batch_delete", "batch_extract", "batch_export", "batch_import"]:
            assert tools[name].output_schema, name
        assert "all-or-nothing" in tools["batch_add"].description and "per item" in tools["batch_add"].description.lower()
        assert tools["batch_delete"].annotations.destructive_hint is True
        assert tools["batch_search"].annotations.read_only_hint is True

        mixed = docs(3) + [{"content": "no title"}]
        refused = structured(await client.call_tool("batch_add", {"documents": mixed}))
        assert refused["success"] is False and refused["documents_added"] == 0 and refused["atomic"] is True
        assert refused["errors"][0]["index"] == 3 and "metadata.title" in refused["errors"][0]["error"]["message"]
        assert await total(client) == 0

        progress = []

        async def on_progress(value, total_, message):
            progress.append(value)

        added = structured(
            await client.call_tool(
                "batch_add",
                {"documents": docs(3), "shared_settings": {"metadata": {"author": "Ada"}}},
                progress_callback=on_progress,
            )
        )
        assert added["success"] is True and added["documents_added"] == 3 and len(added["document_ids"]) == 3
        assert progress[-1] == 3
        per_item = structured(await client.call_tool("batch_add", {"documents": mixed, "atomic": False}))
        assert per_item["documents_added"] == 3 and per_item["documents_failed"] == 1
        assert [r["success"] for r in per_item["results"]] == [True, True, True, False]
        assert await total(client) == 6
        assert await total(client, {"author": "Ada"}) == 3


async def test_batch_search_update_delete(quire_bin, store_path, files_root):
    async with Client(server(quire_bin, store_path, files_root), mode="legacy") as client:
        ids = structured(await client.call_tool("batch_add", {"documents": docs(6)}))["document_ids"]
        searched = structured(
            await client.call_tool(
                "batch_search",
                {
                    "queries": [
                        {"query": "doc 1", "search_type": "text", "limit": 2},
                        {"query": "x", "search_type": "nonsense"},
                        {"query": "body", "search_type": "text", "filter": {"title": "Doc 5"}},
                    ],
                    "max_parallel": 2,
                },
            )
        )
        assert searched["searches_completed"] == 2 and searched["searches_failed"] == 1
        assert [r["query"] for r in searched["results"]] == ["doc 1", "x", "body"]
        assert searched["results"][1]["error"]["code"] == -32003
        assert searched["results"][2]["results"][0]["metadata"]["title"] == "Doc 5"

        updated = structured(
            await client.call_tool(
                "batch_update",
                {
                    "document_ids": ids[:3] + ["00000000-0000-4000-8000-000000000000"],
                    "updates": {"metadata_updates": {"status": "reviewed", "x_pass": "2"}, "content_template": "{title} ({metadata.x_pass}): {content}"},
                },
            )
        )
        assert updated["documents_updated"] == 3 and updated["documents_failed"] == 1 and updated["total_documents"] == 4
        first = structured(await client.call_tool("get_document", {"document_id": ids[0]}))["document"]
        assert first["content"] == "Doc 0 (2): body of doc 0" and first["metadata"]["status"] == "reviewed"
        too_many = tool_error(
            await client.call_tool("batch_update", {"filter": "title IS NOT NULL", "updates": {"metadata_updates": {"status": "x"}}, "max_documents": 2})
        )
        assert "over max_documents" in too_many["message"]
        assert await total(client, {"status": "x"}) == 0

        dry = structured(await client.call_tool("batch_delete", {"filter": {"status": "reviewed"}}))
        assert dry["dry_run"] is True and dry["documents_to_delete"] == 3 and sorted(dry["document_ids"]) == sorted(ids[:3])
        assert await total(client) == 6
        mismatch = tool_error(await client.call_tool("batch_delete", {"filter": {"status": "reviewed"}, "dry_run": False, "confirm_count": 4}))
        assert "nothing was deleted" in mismatch["message"]
        assert await total(client) == 6
        deleted = structured(
            await client.call_tool("batch_delete", {"document_ids": ids[:2] + ["00000000-0000-4000-8000-000000000000"], "dry_run": False})
        )
        assert deleted["documents_deleted"] == 2 and deleted["documents_failed"] == 1
        assert deleted["errors"][0]["error"]["code"] == -32001
        assert await total(client) == 4


async def test_batch_extract_export_import(quire_bin, store_path, files_root, tmp_path):
    docs_dir = files_root / "docs"
    (docs_dir / "sub").mkdir(parents=True)
    (docs_dir / "a.md").write_text("---\ntitle: A\n---\nalpha")
    (docs_dir / "sub" / "b.txt").write_text("beta")
    (docs_dir / "c.json").write_text(json.dumps([{"content": "g1", "title": "G1"}, {"content": "g2", "title": "G2"}]))
    (docs_dir / "ignored.bin").write_bytes(b"\x00\x01")
    (docs_dir / "bad.txt").write_bytes(b"\xff\xfe")
    async with Client(server(quire_bin, store_path, files_root), mode="legacy") as client:
        extracted = structured(
            await client.call_tool(
                "batch_extract",
                {"directory": "docs", "sources": [{"type": "url", "url": "https://example.com/x"}], "shared_metadata": {"batch": "1"}},
            )
        )
        assert extracted["sources_processed"] == 5 and extracted["sources_extracted"] == 3 and extracted["documents_added"] == 4
        messages = [e["error"]["message"] for e in extracted["errors"]]
        assert any("URL fetching is disabled" in m for m in messages) and any("not UTF-8" in m for m in messages)
        assert await total(client, {"custom_metadata.x_batch": "1"}) == 4
        structured(await client.call_tool("batch_add", {"documents": [{"content": "v", "metadata": {"title": "V"}, "embedding": [1, 2, 3, 4]}]}))

        (files_root / "out").mkdir()
        for fmt in ["json", "jsonl", "csv"]:
            exported = structured(
                await client.call_tool(
                    "batch_export",
                    {"format": fmt, "output_path": f"out/all.{fmt}", "filter": "title IS NOT NULL", "include_embeddings": True},
                )
            )
            assert exported["documents_exported"] == 5 and exported["file_size_bytes"] == (files_root / "out" / f"all.{fmt}").stat().st_size
        chunked = structured(
            await client.call_tool("batch_export", {"format": "json", "output_path": "out/part.json", "limit": 5, "chunk_size": 100})
        )
        assert chunked["documents_exported"] == 5 and "output_path" in chunked
        assert "not supported" in tool_error(await client.call_tool("batch_export", {"format": "parquet", "output_path": "out/x.parquet", "limit": 1}))["message"]
        escape = tool_error(await client.call_tool("batch_export", {"format": "jsonl", "output_path": str(tmp_path / "escape.jsonl"), "limit": 1}))
        assert "outside the files roots" in escape["message"] and not (tmp_path / "escape.jsonl").exists()
        assert "not supported" in tool_error(await client.call_tool("batch_import", {"format": "parquet", "source_path": "out/all.json"}))["message"]

        # Importing into the same store: every record is a duplicate, reported per item.
        again = structured(await client.call_tool("batch_import", {"source_path": "out/all.jsonl", "format": "jsonl", "validation": {"max_errors": 100}}))
        assert again["documents_found"] == 5 and again["documents_imported"] == 0 and again["documents_failed"] == 5

    fresh = str(tmp_path / "fresh.db")
    async with Client(server(quire_bin, fresh, files_root), mode="legacy") as client:
        for fmt in ["jsonl", "json", "csv"]:
            structured(await client.call_tool("batch_delete", {"filter": "title IS NOT NULL", "dry_run": False}))
            imported = structured(await client.call_tool("batch_import", {"source_path": f"out/all.{fmt}", "format": fmt}))
            assert imported["documents_imported"] == 5 and imported["success"] is True, (fmt, imported)
            v = structured(await client.call_tool("search_documents", {"query": "x", "search_type": "vector", "query_embedding": [1, 2, 3, 4], "limit": 1}))
            assert v["documents"][0]["metadata"]["title"] == "V", fmt
            listed = structured(await client.call_tool("list_documents", {"filter": {"custom_metadata.x_batch": "1"}}))
            assert listed["total_count"] == 4, fmt


async def test_a_cancelled_batch_keeps_exactly_what_it_reported(quire_bin, store_path, files_root):
    reports: list[dict] = []
    reported = anyio.Event()

    async def on_log(params):
        if isinstance(params.data, dict) and params.data.get("event") == "cancelled":
            reports.append(params.data)
            reported.set()

    count = 10000
    async with Client(server(quire_bin, store_path, files_root), mode="legacy", logging_callback=on_log) as client:
        await client.set_logging_level("info")
        started = anyio.Event()
        finished = []

        async def on_progress(value, total_, message):
            started.set()

        scope = anyio.CancelScope()

        async def call():
            with scope:
                await client.call_tool("batch_add", {"documents": docs(count), "atomic": False}, progress_callback=on_progress)
                finished.append(True)

        async with anyio.create_task_group() as group:
            group.start_soon(call)
            with anyio.fail_after(60):
                await started.wait()
            scope.cancel()
        assert not finished, "the batch finished before it could be cancelled"
        with anyio.fail_after(60):
            await reported.wait()
        report = reports[0]
        assert report["tool"] == "batch_add"
        done = report["documents_added"]
        assert 0 < done < count and report["items_processed"] == done
        assert await total(client) == done
        stored = set()
        for offset in range(0, done, 1000):
            page = structured(await client.call_tool("list_documents", {"limit": 1000, "offset": offset}))
            stored |= {d["uuid"] for d in page["documents"]}
        assert stored == set(report["document_ids"])


# --- quire import / export -----------------------------------------------------------------------


def run(quire_bin: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([quire_bin, *args], capture_output=True, text=True, timeout=120, **kwargs)


def without_updated_at(export: str) -> list[str]:
    return [re.sub(r'"updated_at":"[^"]*"', "", line) for line in export.splitlines()]


def test_cli_round_trips_a_thousand_generated_documents(quire_bin, tmp_path):
    source = tmp_path / "source"
    (source / "notes").mkdir(parents=True)
    for i in range(900):
        (source / "notes" / f"{i:04}.md").write_text(
            f"---\ntitle: Note {i}\nauthor: A{i % 7}\ntags: [t{i % 5}, all]\ndate: 2024-02-{i % 28 + 1:02}\nrank: {i}\n---\nBody {i} ✓\n"
        )
    with open(source / "vectors.jsonl", "w") as out:
        for i in range(100):
            record = {
                "uuid": f"00000000-0000-4000-8000-{i:012}",
                "content": f"vector doc {i}",
                "metadata": {"title": f"V{i}", "custom_metadata": {"k": str(i)}, "relationships": [{"type": "related", "id": "x"}]},
                "embedding": [i / 7, -1.5, 0.25, 1e-6],
            }
            out.write(json.dumps(record) + "\n")
    first, second = str(tmp_path / "first.db"), str(tmp_path / "second.db")

    imported = run(quire_bin, "import", str(source), "--store", first, "--embedding-dimension", "4", "--json")
    assert imported.returncode == 0, imported.stderr
    summary = json.loads(imported.stdout)
    assert summary["documents_imported"] == 1000 and summary["files_processed"] == 901 and summary["errors"] == []
    assert "\r" not in imported.stderr and "[901/901]" in imported.stderr

    export_path = tmp_path / "export.jsonl"
    exported = run(quire_bin, "export", "--store", first, "--format", "jsonl", "--output", str(export_path), "--json")
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["documents_exported"] == 1000

    again = run(quire_bin, "import", str(export_path), "--store", second, "--embedding-dimension", "4")
    assert again.returncode == 0, again.stderr
    assert "Imported 1000 documents" in again.stdout

    second_export = run(quire_bin, "export", "--store", second)
    assert second_export.returncode == 0
    assert without_updated_at(second_export.stdout) == without_updated_at(export_path.read_text())
    restored = [json.loads(line) for line in second_export.stdout.splitlines()]
    vectors = {r["uuid"]: r for r in restored if r["metadata"]["title"].startswith("V")}
    assert vectors["00000000-0000-4000-8000-000000000003"]["embedding"][0] == pytest.approx(3 / 7)
    assert len(vectors) == 100

    duplicate = run(quire_bin, "import", str(export_path), "--store", second)
    assert duplicate.returncode != 0 and "already exists" in duplicate.stderr


def test_cli_import_reports_bad_files_and_shows_a_bar_on_a_terminal(quire_bin, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.md").write_text("# Good")
    (tmp_path / "in" / "latin1.txt").write_bytes("café".encode("latin-1"))
    (tmp_path / "in" / "big.txt").write_bytes(b"y" * 5000)
    store = str(tmp_path / "s.db")
    result = run(quire_bin, "import", str(tmp_path / "in"), "--store", store, "--max-file-size", "4K")
    assert result.returncode != 0
    assert "latin1.txt is not UTF-8" in result.stderr and "over the 4096-byte limit" in result.stderr

    # stderr on a terminal: a bar redrawn in place.
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [quire_bin, "import", str(tmp_path / "in" / "good.md"), "--store", str(tmp_path / "t.db")],
        stdout=subprocess.PIPE, stderr=terminal, stdin=subprocess.DEVNULL,
    )
    os.close(terminal)
    seen = b""
    while True:
        ready, _, _ = select.select([controller], [], [], 30)
        assert ready, "no output from quire import"
        try:
            chunk = os.read(controller, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(controller)
    assert process.wait(timeout=30) == 0
    assert b"\r[" in seen and b"100%" in seen and b"docs/s" in seen


async def test_batch_tools_answer_in_the_modern_era(quire_bin, store_path, files_root):
    (files_root / "a.md").write_text("# Modern")
    async with Client(server(quire_bin, store_path, files_root), mode="auto") as client:
        assert client.protocol_version == "2026-07-28"
        added = structured(await client.call_tool("batch_add", {"documents": docs(3)}))
        assert added["documents_added"] == 3
        assert structured(await client.call_tool("extract_from_file", {"file_path": "a.md"}))["metadata"]["title"] == "Modern"
        searched = structured(await client.call_tool("batch_search", {"queries": [{"query": "modern", "search_type": "text"}]}))
        assert searched["results"][0]["count"] == 1
        dry = structured(await client.call_tool("batch_delete", {"filter": "title IS NOT NULL"}))
        assert dry["documents_to_delete"] == 4 and await total(client) == 4
