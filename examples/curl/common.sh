# Sourced by the other scripts. QUIRE_URL is the server (default http://127.0.0.1:8080);
# QUIRE_TOKEN (a JWT) or QUIRE_API_KEY (from `quire keys add`) authenticate, when the server has --auth.
set -euo pipefail
BASE="${QUIRE_URL:-http://127.0.0.1:8080}"
BASE="${BASE%/}"; BASE="${BASE%/mcp}"
AUTH=()
if [ -n "${QUIRE_TOKEN:-}" ]; then AUTH=(-H "Authorization: Bearer $QUIRE_TOKEN")
elif [ -n "${QUIRE_API_KEY:-}" ]; then AUTH=(-H "X-API-Key: $QUIRE_API_KEY"); fi

# q METHOD PATH [curl args...]: one request; prints the body; exits non-zero on HTTP errors (with the body).
q() { local method=$1 path=$2; shift 2; curl -sS --fail-with-body -X "$method" "${AUTH[@]}" "$@" "$BASE$path"; echo; }
# post PATH JSON [curl args...]: a JSON POST.
post() { local path=$1 body=$2; shift 2; q POST "$path" -H 'Content-Type: application/json' -d "$body" "$@"; }
# field NAME: the first string value of "NAME" in the JSON on stdin (enough for ids; use jq for more).
field() { grep -o "\"$1\" *: *\"[^\"]*\"" | head -n1 | sed 's/.*: *"\(.*\)"/\1/'; }
