#!/usr/bin/env bash
# Long calls as operations: 202 at once, a progress stream, a status URL, cancellation with DELETE.
. "$(dirname "$0")/common.sh"
echo "== POST /mcp/v1/tools/call benchmark_operations (an operation: 202)"
started=$(post /mcp/v1/tools/call '{"name": "benchmark_operations", "arguments": {"operations": ["scan"], "sample_size": 20}}')
echo "$started"
op=$(echo "$started" | field operation_id)
echo "== GET /mcp/v1/sse/progress/$op (until complete; replayed from the start)"
curl -sS -N --max-time 60 "${AUTH[@]}" -H 'Accept: text/event-stream' "$BASE/mcp/v1/sse/progress/$op" \
  | sed -n '/^event: complete/{p;q};/^event: /p' | sort | uniq -c | sed 's/^ *//'
echo "== GET /mcp/v1/operations/$op"
q GET "/mcp/v1/operations/$op" | grep -o '"status" *: *"[a-z]*"' | head -n1
echo "== POST with X-Operation-Id, then DELETE /mcp/v1/operations/slow-1 (cancel)"
post /mcp/v1/tools/call '{"name": "benchmark_operations", "arguments": {"operations": ["insert"], "sample_size": 10000}}' \
  -H 'X-Operation-Id: slow-1' | field operation_id
q DELETE /mcp/v1/operations/slow-1 | grep -o '"status" *: *"[a-z]*"' | head -n1
