# `make bench`: Quire's benchmark against a Python peer (release build). See bench/README.md.
# BENCH_SIZES=10000 runs the smaller size only. Not part of the test command.

.PHONY: bench bench-http bench-client
bench:
	swift build -c release --product quire-bench
	@if python3 -c 'import numpy' 2>/dev/null; then PY=python3; else \
		[ -x bench/.venv/bin/python ] || { python3 -m venv bench/.venv && bench/.venv/bin/pip install -q numpy; }; \
		PY=bench/.venv/bin/python; fi; \
	$$PY bench/run.py --bin "$$(swift build -c release --show-bin-path)/quire-bench"

# HTTP benchmark (issue 4): quire vs the Python SDK and a bare Hummingbird route; ~4 minutes.
bench-http:
	bench/http/run.sh

# Client benchmark (issue 7): `quire mcp call` end to end vs the Python SDK client, same server, same run.
bench-client:
	swift build -c release --product quire
	@[ -x .venv/bin/python ] || { python3 -m venv .venv && .venv/bin/pip install -q -r interop/requirements.txt; }
	.venv/bin/python bench/client/run.py --bin "$$(swift build -c release --show-bin-path)/quire" --python .venv/bin/python
