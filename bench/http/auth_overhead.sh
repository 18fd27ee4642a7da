#!/usr/bin/env bash
# What authentication costs per request: the same 2026-07-28 tools/call (get_document) over 32
# keep-alive connections against a release `quire serve` without auth, with `--auth jwt` (an ES256
# development token verified against a PEM key) and with `--auth api-key`. Prints req/s and the ratios.
set -euo pipefail
cd "$(dirname "$0")/../.."
# CONFIG=debug measures the debug build (quicker to get; ratios only).
config=${CONFIG:-release}
swift build -c "$config" --product quire >/dev/null
bin=$(swift build -c "$config" --show-bin-path)/quire
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
export QUIRE_HOME=$work/home
duration=${DURATION:-10}

start() { # name, extra args… → sets port
    "$bin" serve "$work/$1.db" --transport http --port 0 --embedding-dimension 4 "${@:2}" 2>"$work/$1.log" &
    pids+=($!)
    for _ in $(seq 1 600); do
        port=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/$1.log" | head -1 | cut -d: -f3 || true)
        [ -n "$port" ] && return 0
        read -rt 0.1 <> <(:) || true
    done
    echo "quire did not start: $(cat "$work/$1.log")" >&2; exit 1
}

measure() { # port, token → req/s
    local id
    id=$(curl -s "http://127.0.0.1:$1/mcp/v1/tools/call" -H 'Content-Type: application/json' ${2:+-H "Authorization: Bearer $2"} \
        -d '{"name":"add_document","arguments":{"content":"Benchmark document 1.","metadata":{"title":"b"}}}' \
        | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["structuredContent"]["document"]["uuid"] if "document" in d["structuredContent"] else d["structuredContent"]["uuid"])')
    wrk -t2 -c32 -d"${duration}s" -s bench/http/tools_call.lua "http://127.0.0.1:$1" -- modern "$id" "" "${2:-}" | grep RESULT
}

"$bin" token --print-public-key >"$work/public.pem"
start none; none_port=$port
start jwt --auth jwt --jwt-public-key "$work/public.pem"; jwt_port=$port
key=$("$bin" keys add --principal bench --scope quire:write --file "$work/keys.json" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])')
start apikey --auth api-key --api-keys-file "$work/keys.json"; key_port=$port
token=$("$bin" token --subject bench --scope quire:write --audience "http://127.0.0.1:$jwt_port/mcp")

none=$(measure "$none_port" "")
jwt=$(measure "$jwt_port" "$token")
apikey=$(measure "$key_port" "$key")
rps() { sed -E 's/.*rps=([0-9.]+).*/\1/' <<<"$1"; }
echo "no auth : $none"
echo "jwt     : $jwt"
echo "api key : $apikey"
python3 -c "n,j,k=$(rps "$none"),$(rps "$jwt"),$(rps "$apikey"); print(f'jwt/none = {j/n:.2f}, api-key/none = {k/n:.2f}')"
