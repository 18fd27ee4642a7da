#!/usr/bin/env bash
# Listing and calling tools as plain JSON.
. "$(dirname "$0")/common.sh"
echo "== GET /mcp/v1/tools/list (tool names)"
q GET /mcp/v1/tools/list | grep -o '"name" *: *"[a-z_]*"' | head -n 5
echo "== POST /mcp/v1/tools/list"
post /mcp/v1/tools/list '{}' | grep -c '"inputSchema"' | sed 's/^/tools with an inputSchema: /'
echo "== POST /mcp/v1/tools/call add_document ({name, arguments})"
added=$(post /mcp/v1/tools/call '{"name": "add_document", "arguments": {"content": "Hello from curl", "metadata": {"title": "Curl", "tags": ["curl"]}}}')
echo "$added"
id=$(echo "$added" | field uuid)
echo "== POST /mcp/v1/tools/call get_document ({params: {name, arguments}})"
post /mcp/v1/tools/call "{\"params\": {\"name\": \"get_document\", \"arguments\": {\"document_id\": \"$id\"}}}"
echo "== POST /mcp/v1/tools/call with a bad argument (422, problem document)"
curl -sS -o /dev/stderr -w 'status %{http_code}\n' "${AUTH[@]}" -H 'Content-Type: application/json' \
     -d '{"name": "list_documents", "arguments": {"limit": "ten"}}' "$BASE/mcp/v1/tools/call" 2>/dev/null
