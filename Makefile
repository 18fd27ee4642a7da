.PHONY: bench-http

# HTTP benchmark (issue 4): quire vs the Python SDK and a bare Hummingbird route; ~4 minutes.
bench-http:
	bench/http/run.sh
