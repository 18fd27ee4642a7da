#!/usr/bin/env bash
# The operational routes: liveness, readiness, Prometheus metrics, the OpenAPI document.
# (None needs credentials; /metrics and /openapi.json are open like the probes.)
. "$(dirname "$0")/common.sh"
echo "== GET /health";        q GET /health
echo "== GET /ready";         q GET /ready
echo "== GET /metrics (first quire_ lines)"
curl -sS --fail-with-body "$BASE/metrics" | grep '^quire_' | head -n 3
echo "== GET /openapi.json (version and paths)"
curl -sS --fail-with-body "$BASE/openapi.json" | grep -o '"openapi" *: *"[^"]*"' | head -n1
