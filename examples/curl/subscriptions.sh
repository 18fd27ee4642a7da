#!/usr/bin/env bash
# Named subscriptions (the change-feed tools as REST resources): create, list, poll, delete.
. "$(dirname "$0")/common.sh"
echo "== POST /mcp/v1/subscriptions"
created=$(post /mcp/v1/subscriptions '{"resource_type": "documents"}')
echo "$created"
sub=$(echo "$created" | field subscription_id)
post /mcp/v1/tools/call '{"name": "add_document", "arguments": {"content": "Polled change", "metadata": {"title": "Polled"}}}' >/dev/null
echo "== GET /mcp/v1/subscriptions"
q GET /mcp/v1/subscriptions | grep -o '"subscription_id" *: *"[^"]*"' | head -n1
echo "== GET /mcp/v1/subscriptions/$sub/changes?timeout=0"
q GET "/mcp/v1/subscriptions/$sub/changes?timeout=0" | grep -o '"type" *: *"[a-z]*"' | head -n1
echo "== DELETE /mcp/v1/subscriptions/$sub"
q DELETE "/mcp/v1/subscriptions/$sub"
