#!/usr/bin/env bash
# Any JSON-RPC request without a session: bare, or wrapped as {"request": …}.
. "$(dirname "$0")/common.sh"
echo "== POST /mcp/v1/jsonrpc (bare)"
post /mcp/v1/jsonrpc '{"jsonrpc": "2.0", "id": 1, "method": "ping"}'
echo "== POST /mcp/v1/jsonrpc ({\"request\": …})"
post /mcp/v1/jsonrpc '{"request": {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "list_documents", "arguments": {"limit": 1}}}}' \
  | grep -o '"total_count" *: *[0-9]*'
