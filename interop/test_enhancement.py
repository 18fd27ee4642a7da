"""Enhancement tools and embeddings through every way to a model: the client's MCP sampling (a real
Python SDK sampling callback), an OpenAI-compatible HTTP endpoint started here on loopback, and neither."""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import mcp.types as types
import pytest
from mcp.client.client import Client
from mcp.client.stdio import StdioServerParameters
from mcp.shared.exceptions import MCPError

pytestmark = pytest.mark.anyio

LLM_KEY = "sk-test-llm-7f3a"
EMBED_KEY = "sk-test-embed-91c2"

# What the fake models answer, chosen by what the prompt asks for. Decorated the way real models
# decorate (fences, quotes, a label) so the server's parsing is exercised.
ANSWERS = {
    "tags": '```json\n["actors", "Concurrency", "actors", "swift"]\n```',
    "title": 'Title: "Actors Keep Shared State Safe"',
    "metadata": 'Here you go:\n{"topic": "concurrency", "year": 2024, "missing": null}',
    "purpose": '{"context": "Explains isolation for reviewers.", "tags": ["isolation", "review"], '
    '"custom_metadata": {"audience": "reviewers"}}',
    "context": "This document matters because it explains actor isolation.",
}


def answer_for(prompt: str) -> str:
    if "JSON array of strings" in prompt:
        return ANSWERS["tags"]
    if "Answer with the title only" in prompt:
        return ANSWERS["title"]
    if "Extract this metadata" in prompt:
        return ANSWERS["metadata"]
    if "Prepare this document for this purpose" in prompt:
        return ANSWERS["purpose"]
    return ANSWERS["context"]


def server(quire_bin: str, store_path: str, *extra: str, env: dict[str, str] | None = None) -> StdioServerParameters:
    return StdioServerParameters(
        command=quire_bin, args=["serve", store_path, "--embedding-dimension", "4", *extra], env=env
    )


def structured(result) -> dict:
    assert not result.is_error, result.content
    return result.structured_content


def tool_error(result) -> dict:
    assert result.is_error, result.structured_content
    return result.structured_content["error"]


async def add(client: Client, content: str, title: str, **metadata) -> str:
    result = structured(
        await client.call_tool("add_document", {"content": content, "metadata": {"title": title, **metadata}})
    )
    return result["document"]["uuid"]


async def metadata_of(client: Client, uuid: str) -> dict:
    return structured(await client.call_tool("get_document", {"document_id": uuid}))["document"]["metadata"]


class Sampler:
    """A real client-side sampling handler: records each request and answers with fixed text."""

    def __init__(self):
        self.requests: list[types.CreateMessageRequestParams] = []

    async def __call__(self, context, params: types.CreateMessageRequestParams):
        self.requests.append(params)
        prompt = params.messages[0].content.text
        return types.CreateMessageResult(
            role="assistant", content=types.TextContent(type="text", text=answer_for(prompt)), model="fixed-sampler"
        )


async def exercise_single_tools(client: Client, expected_provider: str) -> None:
    uuid = await add(client, "Swift actors protect shared mutable state from data races.", "notes", tags=["old"])

    context = structured(await client.call_tool("enhance_context", {"document_id": uuid, "purpose": "code review"}))
    assert context["document_id"] == uuid
    assert context["context"] == ANSWERS["context"]
    assert context["language_model"]["provider"] == expected_provider

    tags = structured(await client.call_tool("generate_tags", {"document_id": uuid, "max_tags": 2}))
    assert tags["tags"] == ["actors", "Concurrency"]  # fences stripped, repeats dropped, capped at max_tags

    title = structured(await client.call_tool("improve_title", {"document_id": uuid, "style": "concise"}))
    assert title["title"] == "Actors Keep Shared State Safe"

    extracted = structured(
        await client.call_tool("extract_metadata", {"document_id": uuid, "schema": "topic and year"})
    )
    assert extracted["metadata"] == {"topic": "concurrency", "year": 2024}

    text = structured(
        await client.call_tool("extract_metadata", {"document_id": uuid, "schema": "topic", "format": "text"})
    )
    assert text["metadata"] == ANSWERS["metadata"]  # format text: the answer as it came

    stored = await metadata_of(client, uuid)
    assert stored["context"] == ANSWERS["context"]
    assert stored["tags"] == ["actors", "Concurrency"]
    assert stored["title"] == "Actors Keep Shared State Safe"
    assert stored["custom_metadata"] == {
        "topic": "concurrency",
        "year": "2024",
        "extracted_metadata": ANSWERS["metadata"],
    }

    purpose = structured(
        await client.call_tool(
            "enhance_for_purpose", {"document_id": uuid, "purpose": "security review", "fields": ["tags", "custom_metadata"]}
        )
    )
    # Only the requested fields are taken, even though the answer also had a context.
    assert purpose["enhancements"] == {"tags": ["isolation", "review"], "custom_metadata": {"audience": "reviewers"}}
    stored = await metadata_of(client, uuid)
    assert stored["tags"] == ["isolation", "review"]
    assert stored["context"] == ANSWERS["context"]
    assert stored["custom_metadata"]["audience"] == "reviewers"
    assert stored["custom_metadata"]["topic"] == "concurrency"

    missing = tool_error(
        await client.call_tool("enhance_context", {"document_id": "00000000-0000-4000-8000-000000000000", "purpose": "x"})
    )
    assert missing["code"] == -32001


# (a) MCP sampling ---------------------------------------------------------------------------------


async def test_sampling_client_answers_and_tools_write_its_text(quire_bin, store_path):
    sampler = Sampler()
    async with Client(server(quire_bin, store_path), mode="legacy", sampling_callback=sampler) as client:
        await exercise_single_tools(client, "sampling")
    assert sampler.requests, "the server never asked the client to sample"
    first = sampler.requests[0]
    assert first.system_prompt and "curate a document collection" in first.system_prompt
    assert first.max_tokens > 0
    assert "Swift actors protect shared mutable state" in first.messages[0].content.text


async def test_batch_enhance_through_sampling_reports_each_item_and_progress(quire_bin, store_path):
    sampler = Sampler()
    progress: list[tuple[float, float | None]] = []

    async def on_progress(value: float, total: float | None, message: str | None) -> None:
        progress.append((value, total))

    async with Client(server(quire_bin, store_path), mode="legacy", sampling_callback=sampler) as client:
        ids = [await add(client, f"Document {n} about actors.", f"doc {n}", status="draft") for n in range(3)]
        missing = "00000000-0000-4000-8000-000000000000"
        result = structured(
            await client.call_tool(
                "batch_enhance",
                {"document_ids": [*ids, missing], "enhancements": ["context", "tags"], "batch_size": 2},
                progress_callback=on_progress,
            )
        )
        assert result["total_documents"] == 4
        assert result["documents_enhanced"] == 3 and result["documents_failed"] == 1
        assert result["success"] is False
        by_id = {item["document_id"]: item for item in result["results"]}
        assert by_id[missing]["success"] is False and by_id[missing]["error"]["code"] == -32001
        for uuid in ids:
            assert by_id[uuid]["enhancements"] == {"context": ANSWERS["context"], "tags": ["actors", "Concurrency", "swift"]}
            stored = await metadata_of(client, uuid)
            assert stored["context"] == ANSWERS["context"]
            assert stored["tags"] == ["actors", "Concurrency", "swift"]

        # By filter, this time.
        filtered = structured(
            await client.call_tool("batch_enhance", {"filter": {"status": "draft"}, "enhancements": ["title"]})
        )
        assert filtered["total_documents"] == 3 and filtered["documents_enhanced"] == 3
        assert (await metadata_of(client, ids[0]))["title"] == "Actors Keep Shared State Safe"

        neither = tool_error(await client.call_tool("batch_enhance", {"enhancements": ["title"]}))
        assert neither["code"] == -32602 and "document_ids" in neither["message"]
    assert progress and progress[-1] == (4, 4)
    assert [value for value, _ in progress] == sorted(value for value, _ in progress)


async def test_a_declined_sampling_request_is_a_clear_tool_error(quire_bin, store_path):
    async def decline(context, params):
        return types.ErrorData(code=-1, message="User rejected sampling request")

    async with Client(server(quire_bin, store_path), mode="legacy", sampling_callback=decline) as client:
        uuid = await add(client, "text", "t")
        error = tool_error(await client.call_tool("improve_title", {"document_id": uuid}))
        assert error["code"] == -32005
        assert "User rejected sampling request" in error["message"]
        assert (await metadata_of(client, uuid))["title"] == "t"


# (b) An OpenAI-compatible endpoint -----------------------------------------------------------------


class FakeOpenAI:
    """A tiny OpenAI-compatible service on 127.0.0.1 with an ephemeral port."""

    def __init__(self):
        self.authorizations: list[tuple[str, str | None]] = []
        self.chat_bodies: list[dict] = []
        self.fail_chat = False
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep pytest output clean
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length))
                outer.authorizations.append((self.path, self.headers.get("Authorization")))
                if self.path.startswith("/moved/"):
                    self.send_response(307)
                    self.send_header("Location", self.path.removeprefix("/moved"))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if self.path == "/v1/chat/completions":
                    outer.chat_bodies.append(body)
                    if outer.fail_chat:
                        return self.reply(500, {"error": {"message": "model overloaded"}})
                    prompt = body["messages"][-1]["content"]
                    return self.reply(
                        200,
                        {
                            "model": body["model"],
                            "choices": [{"index": 0, "message": {"role": "assistant", "content": answer_for(prompt)}}],
                            "usage": {"prompt_tokens": 11, "completion_tokens": 7},
                        },
                    )
                if self.path == "/v1/embeddings":
                    dimension = 3 if body["model"] == "three-dims" else 4
                    data = [
                        {"object": "embedding", "index": index, "embedding": self.vector(text, dimension)}
                        for index, text in enumerate(body["input"])
                    ]
                    # Out of order on purpose: clients must use `index`.
                    return self.reply(200, {"data": list(reversed(data)), "model": body["model"]})
                self.reply(404, {"error": {"message": "no such route"}})

            @staticmethod
            def vector(text: str, dimension: int) -> list[float]:
                return [1.0 if "actor" in text.lower() else 0.0, 1.0 if "sqlite" in text.lower() else 0.0, 0.5, 0.25][
                    :dimension
                ]

            def reply(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


@pytest.fixture
def fake_openai():
    service = FakeOpenAI()
    yield service
    service.close()


def endpoint_env() -> dict[str, str]:
    return {"QUIRE_TEST_LLM_KEY": LLM_KEY, "OPENAI_API_KEY": EMBED_KEY}


def endpoint_args(url: str, *extra: str) -> list[str]:
    return ["--llm-url", url, "--llm-key-env", "QUIRE_TEST_LLM_KEY", "--llm-model", "tiny-chat", "--embedding-url", f"{url}/v1", *extra]


async def test_endpoint_serves_tools_and_embeddings_in_the_modern_era(quire_bin, store_path, fake_openai):
    params = server(quire_bin, store_path, *endpoint_args(fake_openai.url), env=endpoint_env())
    async with Client(params, mode="auto") as client:
        assert client.protocol_version == "2026-07-28"
        await exercise_single_tools(client, "chat-completions")

        context = structured(await client.call_tool("enhance_context", {"document_id": await add(client, "x", "y"), "purpose": "p"}))
        assert context["language_model"] == {
            "provider": "chat-completions",
            "model": "tiny-chat",
            "input_tokens": 11,
            "output_tokens": 7,
        }

        added = structured(
            await client.call_tool("add_document", {"content": "SQLite stores rows.", "metadata": {"title": "db"}})
        )
        assert added["embedding_status"] == "generated"
        got = structured(
            await client.call_tool("get_document", {"document_id": added["document"]["uuid"], "include_embeddings": True})
        )
        assert got["document"]["embedding"] == [0.0, 1.0, 0.5, 0.25]

        chunked = structured(
            await client.call_tool(
                "add_document", {"content": "actor " * 60, "metadata": {"title": "long"}, "chunk_size": 100}
            )
        )
        assert chunked["embedding_status"] == "generated" and chunked["total_chunks"] > 1

        # Query vectors come from the endpoint too: vector search needs no query_embedding.
        found = structured(await client.call_tool("search_documents", {"query": "sqlite", "search_type": "vector", "limit": 1}))
        assert found["documents"][0]["uuid"] == added["document"]["uuid"]
        hybrid = structured(await client.call_tool("search_documents", {"query": "SQLite"}))
        assert hybrid["search_type_used"] == "hybrid" and not hybrid.get("warnings")

    chat_keys = {auth for path, auth in fake_openai.authorizations if path == "/v1/chat/completions"}
    embed_keys = {auth for path, auth in fake_openai.authorizations if path == "/v1/embeddings"}
    assert chat_keys == {f"Bearer {LLM_KEY}"}
    assert embed_keys == {f"Bearer {EMBED_KEY}"}
    assert {body["model"] for body in fake_openai.chat_bodies} == {"tiny-chat"}
    assert fake_openai.chat_bodies[0]["messages"][0]["role"] == "system"


async def test_sampling_wins_unless_the_endpoint_is_preferred(quire_bin, store_path, fake_openai):
    sampler = Sampler()
    async with Client(
        server(quire_bin, store_path, *endpoint_args(fake_openai.url), env=endpoint_env()),
        mode="legacy",
        sampling_callback=sampler,
    ) as client:
        uuid = await add(client, "text", "t")
        result = structured(await client.call_tool("improve_title", {"document_id": uuid}))
        assert result["language_model"]["provider"] == "sampling"
    assert len(sampler.requests) == 1 and not fake_openai.chat_bodies

    preferred = Sampler()
    async with Client(
        server(quire_bin, store_path, *endpoint_args(fake_openai.url, "--prefer-llm-endpoint"), env=endpoint_env()),
        mode="legacy",
        sampling_callback=preferred,
    ) as client:
        result = structured(await client.call_tool("improve_title", {"document_id": uuid}))
        assert result["language_model"]["provider"] == "chat-completions"
    assert not preferred.requests and len(fake_openai.chat_bodies) == 1


async def test_endpoint_failures_are_clear_and_never_show_the_key(quire_bin, store_path, fake_openai):
    # A port with nothing listening: bind one, then free it.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    async with Client(
        server(quire_bin, store_path, "--llm-url", f"http://127.0.0.1:{closed_port}", env={"OPENAI_API_KEY": LLM_KEY}),
        mode="legacy",
    ) as client:
        uuid = await add(client, "text", "t")
        refused = tool_error(await client.call_tool("generate_tags", {"document_id": uuid}))
        assert refused["code"] == -32005
        assert f"127.0.0.1:{closed_port}" in refused["message"] and "refused" in refused["message"]
        assert LLM_KEY not in json.dumps(refused)

    # A redirect is not followed, so the key cannot travel on to wherever it points.
    async with Client(
        server(quire_bin, store_path, "--llm-url", f"{fake_openai.url}/moved", env={"OPENAI_API_KEY": LLM_KEY}),
        mode="legacy",
    ) as client:
        moved = tool_error(await client.call_tool("generate_tags", {"document_id": uuid}))
        assert moved["code"] == -32005 and "HTTP 307" in moved["message"]
    assert [path for path, _ in fake_openai.authorizations] == ["/moved/v1/chat/completions"]

    fake_openai.fail_chat = True
    async with Client(
        server(quire_bin, store_path, *endpoint_args(fake_openai.url, "--embedding-model", "three-dims"), env=endpoint_env()),
        mode="legacy",
    ) as client:
        failed = tool_error(await client.call_tool("generate_tags", {"document_id": uuid}))
        assert failed["code"] == -32005
        assert "HTTP 500" in failed["message"] and "model overloaded" in failed["message"]
        assert failed["data"]["status"] == 500
        assert LLM_KEY not in json.dumps(failed)
        assert (await metadata_of(client, uuid))["tags"] == []

        mismatch = tool_error(
            await client.call_tool("add_document", {"content": "actors", "metadata": {"title": "wrong size"}})
        )
        assert mismatch["code"] == -32002 and "3-dimensional" in mismatch["message"]
        listed = structured(await client.call_tool("list_documents", {}))
        assert listed["total_count"] == 1  # the failed add stored nothing


# (c) Neither ---------------------------------------------------------------------------------------


async def test_without_any_model_legacy_gets_a_tool_error_naming_both_ways(quire_bin, store_path):
    async with Client(server(quire_bin, store_path), mode="legacy") as client:
        uuid = await add(client, "text", "t")
        for name, arguments in [
            ("enhance_context", {"document_id": uuid, "purpose": "p"}),
            ("batch_enhance", {"document_ids": [uuid], "enhancements": ["tags"]}),
        ]:
            error = tool_error(await client.call_tool(name, arguments))
            assert error["code"] == -32005
            assert "sampling" in error["message"] and "--llm-url" in error["message"]
        assert (await metadata_of(client, uuid)).get("context") is None


async def test_without_any_model_the_modern_era_asks_for_sampling(quire_bin, store_path):
    async with Client(server(quire_bin, store_path), mode="auto") as client:
        assert client.protocol_version == "2026-07-28"
        uuid = await add(client, "text", "t")
        with pytest.raises(MCPError) as raised:
            await client.call_tool("generate_tags", {"document_id": uuid})
        assert raised.value.error.code == -32021
        assert raised.value.error.data["requiredCapabilities"] == {"sampling": {}}
