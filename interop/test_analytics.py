"""Analytics and monitoring tools through the official Python MCP SDK over stdio.

Every figure must come from the calls this test makes (the usage log) or from the store itself.
"""

import json
import os
import re

import pytest
from mcp.client.client import Client
from mcp.client.stdio import StdioServerParameters

pytestmark = pytest.mark.anyio


def server(quire_bin: str, store_path: str) -> StdioServerParameters:
    return StdioServerParameters(command=quire_bin, args=["serve", store_path, "--embedding-dimension", "4"])


def structured(result) -> dict:
    assert not result.is_error, result.content
    assert json.loads(result.content[0].text) == result.structured_content
    return result.structured_content


async def resource(client: Client, uri: str) -> dict:
    return json.loads((await client.read_resource(uri)).contents[0].text)


async def add(client: Client, title: str, content: str, **metadata) -> str:
    result = structured(await client.call_tool("add_document", {"content": content, "metadata": {"title": title, **metadata}}))
    return result["document"]["uuid"]


async def make_known_calls(client: Client) -> None:
    """Exactly six tool calls: three adds, two searches (one filtered), one failing get."""
    for title in ("Actors", "Search", "Storage"):
        await add(client, title, f"Notes about {title.lower()} in Swift and SQLite", status="draft")
    structured(await client.call_tool("search_documents", {"query": "swift", "search_type": "text", "filter": {"status": "draft"}}))
    structured(await client.call_tool("search_documents", {"query": "sqlite", "search_type": "text"}))
    missing = await client.call_tool("get_document", {"document_id": "00000000-0000-4000-8000-000000000000"})
    assert missing.is_error


async def test_usage_reports_count_exactly_the_calls_made(quire_bin: str, store_path: str) -> None:
    async with Client(server(quire_bin, store_path), mode="legacy") as client:
        await make_known_calls(client)

        usage = structured(await client.call_tool("analyze_usage", {"time_range": "24h", "group_by": "hour"}))
        analysis = usage["analysis"]
        assert usage["period"] == "24h"
        assert analysis["summary"]["total_calls"] == 6
        assert analysis["summary"]["failed_calls"] == 1
        assert analysis["summary"]["total_searches"] == 2
        assert analysis["operations"] == {"add_document": 3, "search_documents": 2, "get_document": 1}
        assert analysis["errors_by_code"] == {"-32001": 1}
        assert analysis["search_patterns"]["by_type"] == {"text": 2}
        assert analysis["search_patterns"]["filter_fields"] == {"status": 1}
        assert sum(bucket["count"] for bucket in analysis["temporal_patterns"]["time_series"]) == 6

        performance = structured(await client.call_tool("query_performance", {"time_range": "24h"}))["performance"]
        summary = performance["summary"]
        assert summary["total_queries"] == 2
        assert 0 < summary["min_duration_ms"] <= summary["p50_duration_ms"] <= summary["p90_duration_ms"]
        assert summary["p90_duration_ms"] <= summary["p99_duration_ms"] <= summary["max_duration_ms"]
        assert performance["by_type"]["text"]["count"] == 2
        assert performance["filter_patterns"] == {"status": 1}
        filtered = structured(await client.call_tool("query_performance", {"query_type": "filter"}))
        assert filtered["performance"]["summary"]["total_queries"] == 1

        # The analytics calls above are now in the log too, and nothing else is.
        again = structured(await client.call_tool("analyze_usage", {"time_range": "1h"}))["analysis"]
        assert again["summary"]["total_calls"] == 9
        assert again["operations"]["analyze_usage"] == 1
        assert again["operations"]["query_performance"] == 2


async def test_empty_reports_say_so(quire_bin: str, store_path: str) -> None:
    async with Client(server(quire_bin, store_path), mode="legacy") as client:
        usage = structured(await client.call_tool("analyze_usage", {}))["analysis"]
        assert usage["summary"]["total_calls"] == 0
        assert "note" in usage
        performance = structured(await client.call_tool("query_performance", {}))["performance"]
        assert performance["summary"]["total_queries"] == 0 and performance["summary"]["p99_duration_ms"] == 0
        assert "note" in performance
        bad = await client.call_tool("analyze_usage", {"time_range": "soon"})
        assert bad.is_error and "time_range" in bad.structured_content["error"]["message"]


async def test_usage_survives_a_restart(quire_bin: str, store_path: str) -> None:
    async with Client(server(quire_bin, store_path), mode="legacy") as client:
        await make_known_calls(client)
    # A clean shutdown writes the records still buffered.
    async with Client(server(quire_bin, store_path), mode="legacy") as client:
        usage = structured(await client.call_tool("analyze_usage", {"time_range": "1h"}))["analysis"]
        assert usage["summary"]["total_calls"] == 6


async def test_optimize_storage_dry_run_changes_nothing(quire_bin: str, store_path: str) -> None:
    async with Client(server(quire_bin, store_path), mode="legacy") as client:
        for index in range(20):
            await add(client, f"Doc {index}", "filler text " * 200)
        before_info = await resource(client, "contextframe://dataset/info")
        before_docs = structured(await client.call_tool("list_documents", {"limit": 100, "include_content": True}))
        wal_before = os.path.getsize(store_path + "-wal")

        updates = []

        async def on_progress(progress, total, message):
            updates.append((progress, total))

        planned = structured(
            await client.call_tool(
                "optimize_storage", {"operations": ["compact", "vacuum", "reindex"]}, progress_callback=on_progress
            )
        )
        assert planned["dry_run"] is True
        operations = planned["results"]["operations"]
        assert [op["operation"] for op in operations] == ["compact", "vacuum", "reindex"]
        assert all(op["status"] == "planned" and op["actions"] for op in operations)
        assert planned["results"]["before"]["wal_bytes"] > 0
        assert "after" not in planned["results"]
        assert updates == [(1, 3), (2, 3), (3, 3)]

        assert await resource(client, "contextframe://dataset/info") == before_info
        after_docs = structured(await client.call_tool("list_documents", {"limit": 100, "include_content": True}))
        assert after_docs == before_docs
        # No checkpoint ran: the log only grew (usage records), it was never truncated.
        assert os.path.getsize(store_path + "-wal") >= wal_before

        done = structured(await client.call_tool("optimize_storage", {"dry_run": False, "operations": ["compact"]}))
        assert done["results"]["operations"][0]["status"] == "done"
        compact = done["results"]["operations"][0]
        assert compact["wal_frames"] > 0 and compact["checkpointed_frames"] == compact["wal_frames"]
        # Other writes (the usage log's own) may follow the checkpoint, but the log was truncated.
        assert done["results"]["after"]["wal_bytes"] < done["results"]["before"]["wal_bytes"]
        assert (await resource(client, "contextframe://dataset/info"))["version"] == before_info["version"]


async def test_benchmark_leaves_the_real_store_untouched(quire_bin: str, store_path: str) -> None:
    async with Client(server(quire_bin, store_path), mode="legacy") as client:
        await add(client, "Seed", "Swift actors and SQLite full-text search")
        before = await resource(client, "contextframe://dataset/info")
        updates = []

        async def on_progress(progress, total, message):
            updates.append(progress)

        result = structured(
            await client.call_tool(
                "benchmark_operations",
                {"operations": ["search", "insert", "update", "scan"], "sample_size": 10, "concurrency": 2},
                progress_callback=on_progress,
            )
        )
        benchmarks = result["benchmarks"]
        for name in ("search", "insert", "update", "scan"):
            operation = benchmarks["operations"][name]
            latency = operation["latency_ms"]
            assert operation["samples"] == 10 and operation["errors"] == 0
            assert latency["min"] <= latency["p50"] <= latency["p90"] <= latency["p99"] <= latency["max"]
            assert latency["min"] <= latency["mean"] <= latency["max"] and latency["std"] >= 0
            assert operation["throughput_ops_per_sec"] > 0
        assert benchmarks["operations"]["insert"]["target"] == "scratch"
        assert benchmarks["summary"]["total_operations"] == 40
        assert updates and updates[-1] == 40 and updates == sorted(updates)

        after = await resource(client, "contextframe://dataset/info")
        assert after["version"] == before["version"]
        assert after["total_documents"] == before["total_documents"] == 1
        scratch = benchmarks["configuration"]["scratch_store"].split(" ")[0]
        assert not os.path.exists(scratch)


METRIC_NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\["\\n])*"'
SAMPLE = re.compile(rf"^({METRIC_NAME})(\{{{LABEL}(?:,{LABEL})*\}})? (-?[0-9.eE+-]+|NaN|[+-]Inf)$")
COMMENT = re.compile(rf"^# (HELP|TYPE) ({METRIC_NAME}) (.*)$")


def check_prometheus(text: str) -> dict[str, str]:
    """Checks the text exposition format line by line; returns the declared type of each family."""
    assert text.endswith("\n")
    types: dict[str, str] = {}
    for line in text.rstrip("\n").split("\n"):
        comment = COMMENT.match(line)
        if comment:
            kind, name, rest = comment.groups()
            if kind == "TYPE":
                assert rest in {"counter", "gauge", "summary", "histogram", "untyped"}, line
                assert name not in types, f"family {name} declared twice"
                types[name] = rest
            continue
        sample = SAMPLE.match(line)
        assert sample, f"not a sample line: {line!r}"
        name = sample.group(1)
        family = re.sub(r"_(sum|count)$", "", name) if name not in types else name
        assert family in types, f"sample {name} before its TYPE line"
        if types[family] != "summary":
            assert name == family
        float(sample.group(3).replace("Inf", "inf"))
    return types


async def test_export_metrics_prometheus_text_parses(quire_bin: str, store_path: str) -> None:
    async with Client(server(quire_bin, store_path), mode="legacy") as client:
        await make_known_calls(client)
        exported = structured(
            await client.call_tool("export_metrics", {"format": "prometheus", "labels": {"instance": 'a "quoted" one'}})
        )
        assert exported["format"] == "prometheus"
        text = exported["data"]
        types = check_prometheus(text)
        assert types["contextframe_tool_calls"] == "gauge"
        assert types["contextframe_search_duration_seconds"] == "summary"
        assert 'contextframe_tool_calls{tool="add_document",outcome="ok",instance="a \\"quoted\\" one"} 3\n' in text
        assert 'contextframe_tool_calls{tool="get_document",outcome="error",instance="a \\"quoted\\" one"} 1\n' in text
        assert re.search(r'^contextframe_search_duration_seconds_count\{search_type="text",instance="[^\n]*"\} 2$', text, re.M)
        assert re.search(r"^contextframe_documents\{[^}]*\} 3$", text, re.M)

        as_json = structured(await client.call_tool("export_metrics", {"metrics": ["usage"]}))["data"]
        assert {metric["category"] for metric in as_json["metrics"]} == {"usage"}
        as_csv = structured(await client.call_tool("export_metrics", {"format": "csv", "metrics": ["dataset"]}))["data"]
        rows = as_csv.strip().split("\r\n")
        assert rows[0] == "metric,type,category,labels,value"
        assert "contextframe_documents,gauge,dataset,,3" in rows

        unknown = await client.call_tool("export_metrics", {"metrics": ["nonsense"]})
        assert unknown.is_error and "metrics[0]" in unknown.structured_content["error"]["message"]


async def test_stats_relationships_and_monitoring(quire_bin: str, store_path: str) -> None:
    async with Client(server(quire_bin, store_path), mode="legacy") as client:
        tools = {tool.name for tool in (await client.list_tools()).tools}
        assert {
            "get_dataset_stats", "analyze_usage", "query_performance", "relationship_analysis", "optimize_storage",
            "index_recommendations", "benchmark_operations", "export_metrics", "get_usage_metrics",
            "get_performance_metrics", "get_cost_report", "get_monitoring_status",
        } <= tools

        parent = await add(client, "Parent", "top")
        child = await add(client, "Child", "below", relationships=[{"type": "parent", "id": parent}])
        lonely = await add(client, "Lonely", "alone")

        stats = await resource(client, "contextframe://dataset/stats")
        assert stats["document_count"] == 3
        assert stats["record_types"] == {"document": 3}
        assert stats["has_embeddings"] is False and stats["embedding_coverage"] == 0
        relationships = await resource(client, "contextframe://relationships")
        assert relationships["by_type"]["parent"] == 1 and relationships["total_relationships"] == 1
        assert relationships["orphans"] == {"count": 1, "document_ids": [lonely]}

        analysis = structured(await client.call_tool("relationship_analysis", {"max_depth": 2}))["analysis"]
        assert analysis["summary"]["edge_count"] == 1
        assert analysis["patterns"]["most_connected"][0]["document_id"] in {parent, child}
        assert analysis["orphans"]["document_ids"] == [lonely]

        dataset = structured(await client.call_tool("get_dataset_stats", {}))["stats"]
        assert dataset["summary"]["total_documents"] == 3 and dataset["summary"]["total_relationships"] == 1

        cost = structured(await client.call_tool("get_cost_report", {}))
        assert cost["total_cost"] == 0 and cost["tokens"]["total"] == 0
        assert "--price-table" in cost["note"]
        usage = structured(await client.call_tool("get_usage_metrics", {"include_details": True}))
        assert usage["calls_by_tool"]["add_document"] == 3
        status = structured(await client.call_tool("get_monitoring_status", {}))
        assert status["status"] == "healthy" and status["buffers"]["failed_writes"] == 0
