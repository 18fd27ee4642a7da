#!/usr/bin/env bash
# Listing and reading resources.
. "$(dirname "$0")/common.sh"
echo "== GET /mcp/v1/resources/list (uris)"
q GET /mcp/v1/resources/list | grep -o '"uri" *: *"[^"]*"' | head -n 3
echo "== POST /mcp/v1/resources/list"
post /mcp/v1/resources/list '{}' | grep -o '"uri" *: *"contextframe://dataset/info"'
echo "== POST /mcp/v1/resources/read contextframe://dataset/info"
post /mcp/v1/resources/read '{"uri": "contextframe://dataset/info"}'
