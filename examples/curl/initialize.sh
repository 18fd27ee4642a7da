#!/usr/bin/env bash
# POST /mcp/v1/initialize: the server's name, version, capabilities and protocol version (no session is made).
. "$(dirname "$0")/common.sh"
echo "== POST /mcp/v1/initialize"
post /mcp/v1/initialize '{"protocolVersion": "2025-11-25", "clientInfo": {"name": "curl", "version": "1"}}'
