#!/usr/bin/env bash
# GET /mcp/v1/sse/subscribe: every change as an event. This script adds a document itself once the
# stream is open, prints the first change and stops. Resume later with -H 'Last-Event-ID: <id>'.
. "$(dirname "$0")/common.sh"
out=$(mktemp); trap 'rm -f "$out"; kill $reader 2>/dev/null || true' EXIT
curl -sS -N --max-time 30 "${AUTH[@]}" -H 'Accept: text/event-stream' \
     "$BASE/mcp/v1/sse/subscribe?resource_type=documents" > "$out" &
reader=$!
for _ in $(seq 100); do grep -q '^event: subscription_created' "$out" && break; sleep 0.1; done
echo "== stream open: $(grep -m1 '^event:' "$out")"
post /mcp/v1/tools/call '{"name": "add_document", "arguments": {"content": "Streamed change", "metadata": {"title": "Streamed"}}}' >/dev/null
for _ in $(seq 100); do grep -q '^event: change' "$out" && break; sleep 0.1; done
echo "== first change"
sed -n '/^id: /{p;n;p;n;p;q}' "$out"
