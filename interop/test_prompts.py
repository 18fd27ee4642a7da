"""Prompts through the official SDK over stdio, in both eras."""

import pytest
from mcp.client.client import Client
from mcp.client.stdio import StdioServerParameters
from mcp.shared.exceptions import MCPError

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_answer_with_citations_embeds_the_passages_found(quire_bin, store_path, mode):
    params = StdioServerParameters(command=quire_bin, args=["serve", store_path, "--embedding-dimension", "4"])
    async with Client(params, mode=mode) as client:
        prompts = await client.list_prompts()
        assert [p.name for p in prompts.prompts] == ["answer_with_citations", "summarize_collection"]
        for title, text in [("Tides", "The moon's gravity raises the tides twice a day."), ("Bread", "Yeast makes dough rise.")]:
            result = await client.call_tool("add_document", {"content": text, "metadata": {"title": title}})
            assert not result.is_error
        prompt = await client.get_prompt("answer_with_citations", {"question": "what raises the tides", "limit": "3"})
        resources = [m.content for m in prompt.messages if m.content.type == "resource"]
        assert len(resources) >= 1 and resources[0].resource.text.startswith("[1] Tides")
        assert resources[0].resource.uri.startswith("contextframe://documents/")
        assert "Question: what raises the tides" in prompt.messages[-1].content.text
        with pytest.raises(MCPError) as missing:
            await client.get_prompt("answer_with_citations", {})
        assert missing.value.error.code == -32602


async def test_summarize_collection_refuses_an_unknown_collection(quire_bin, store_path):
    params = StdioServerParameters(command=quire_bin, args=["serve", store_path, "--embedding-dimension", "4"])
    async with Client(params, mode="legacy") as client:
        with pytest.raises(MCPError) as unknown:
            await client.get_prompt("summarize_collection", {"collection": "nowhere"})
        assert "nowhere" in unknown.value.error.message
