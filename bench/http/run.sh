#!/usr/bin/env bash
# The HTTP benchmark (issue 4): Quire's Streamable HTTP transport against the official Python MCP
# SDK server and a bare Hummingbird route, in one run, on release builds. `make bench-http`.
# Installs what it needs: wrk (apt), and bench/http/.venv with the pinned SDK.
# Extra arguments go to bench.py (e.g. --duration 5, --streams 2000, --only wrk|streams).
set -euo pipefail
cd "$(dirname "$0")/../.."
here=bench/http

if ! command -v wrk >/dev/null; then
    echo "== installing wrk"
    apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi

venv=$here/.venv
if [ ! -x "$venv/bin/python" ]; then
    echo "== creating $venv"
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"

echo "== building (release)"
swift build -c release --product quire
swift build -c release --product quire-http-floor
bin=$(swift build -c release --show-bin-path)

# 10,000 streams need as many descriptors in the server and in the client.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# bench.py stops its servers itself, also on errors and signals. It runs in the background so
# that a signal to this script is handled at once (bash defers traps until a foreground child
# ends): the trap stops bench.py, then ends whatever it recorded in the pid file.
pidfile=$(mktemp)
bench_pid=""
cleanup() {
    if [ -n "$bench_pid" ] && kill -0 "$bench_pid" 2>/dev/null; then
        kill -TERM "$bench_pid" 2>/dev/null || true
        wait "$bench_pid" 2>/dev/null || true
    fi
    while read -r pid; do
        kill "$pid" 2>/dev/null || true
    done <"$pidfile"
    rm -f "$pidfile"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== benchmarking"
BENCH_PIDFILE=$pidfile "$venv/bin/python" "$here/bench.py" --bin "$bin" --python "$venv/bin/python" "$@" &
bench_pid=$!
status=0
wait "$bench_pid" || status=$?
bench_pid=""
exit "$status"
