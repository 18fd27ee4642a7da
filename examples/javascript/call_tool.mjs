// Calls Quire tools from Node 20 with built-in fetch, two ways:
//   1. MCP Streamable HTTP on /mcp (initialize, then tools/call; answers come as JSON or as an event stream);
//   2. the plain-JSON route POST /mcp/v1/tools/call.
//
//   node call_tool.mjs [BASE_URL]          # default http://127.0.0.1:8080
// With authentication on, set QUIRE_TOKEN (a JWT) or QUIRE_API_KEY.
import { authHeaders, baseURL, readEvents } from './quire.mjs';

const base = baseURL();
const version = '2025-11-25';
let session;

/** One JSON-RPC message to /mcp; returns the response to `message.id` (or null for notifications). */
async function rpc(message) {
  const headers = {
    ...authHeaders(),
    'Content-Type': 'application/json',
    Accept: 'application/json, text/event-stream',
    ...(session ? { 'Mcp-Session-Id': session, 'MCP-Protocol-Version': version } : {}),
  };
  const response = await fetch(`${base}/mcp`, { method: 'POST', headers, body: JSON.stringify(message) });
  if (!response.ok && response.status !== 202) {
    throw new Error(`${message.method}: HTTP ${response.status} ${await response.text()}`);
  }
  session ??= response.headers.get('Mcp-Session-Id');
  if (message.id === undefined) return null;
  if (response.headers.get('Content-Type')?.startsWith('text/event-stream')) {
    // Progress and log notifications may come first; the response closes the stream.
    for await (const event of readEvents(response.body)) {
      const data = JSON.parse(event.data);
      if (data.id === message.id) return data;
    }
    throw new Error(`${message.method}: the stream ended without a response`);
  }
  return response.json();
}

const init = await rpc({
  jsonrpc: '2.0', id: 1, method: 'initialize',
  params: { protocolVersion: version, capabilities: {}, clientInfo: { name: 'node-example', version: '1.0.0' } },
});
console.log(`initialized: ${init.result.serverInfo.name} ${init.result.protocolVersion}, session ${session ? 'yes' : 'no'}`);
await rpc({ jsonrpc: '2.0', method: 'notifications/initialized' });

const added = await rpc({
  jsonrpc: '2.0', id: 2, method: 'tools/call',
  params: { name: 'add_document', arguments: { content: 'Written from Node.', metadata: { title: 'From Node', tags: ['node'] } } },
});
if (added.error || added.result.isError) throw new Error(JSON.stringify(added.error ?? added.result.structuredContent));
console.log(`mcp tools/call add_document: ${added.result.structuredContent.document.uuid}`);

// The session ends with DELETE (the server would expire it when idle anyway).
await fetch(`${base}/mcp`, { method: 'DELETE', headers: { ...authHeaders(), 'Mcp-Session-Id': session, 'MCP-Protocol-Version': version } });

// The same server without MCP framing: one POST, plain JSON back.
const response = await fetch(`${base}/mcp/v1/tools/call`, {
  method: 'POST',
  headers: { ...authHeaders(), 'Content-Type': 'application/json' },
  body: JSON.stringify({ name: 'search_documents', arguments: { query: 'node', search_type: 'text' } }),
});
const found = await response.json();
if (!response.ok) throw new Error(`REST tools/call: HTTP ${response.status} ${JSON.stringify(found)}`);
console.log(`rest tools/call search_documents: ${found.structuredContent.documents.map(d => d.metadata.title).join(', ')}`);
