"""`make bench-client`: `quire mcp call` end to end (process start to printed result) against the Python
SDK client making the same call on the same server (`quire serve --transport http`), in the same run."""

import argparse
import json
import os
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]


def timed(argv: list[str], env: dict) -> float:
    start = time.perf_counter()
    result = subprocess.run(argv, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{argv[:3]} failed: {result.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True, help="the quire binary")
    parser.add_argument("--python", default=sys.executable, help="a Python with mcp installed")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as temp:
        server = subprocess.Popen([args.bin, "serve", f"{temp}/bench.db", "--transport", "http", "--port", "0", "--embedding-dimension", "4"],
                                  stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            url = None
            for line in server.stderr:
                match = re.search(r"serving MCP on (http://\S+/mcp)", line)
                if match:
                    url = match.group(1)
                    break
            if url is None:
                raise SystemExit("quire serve did not start")
            # Keep draining the server's log so a full pipe never stalls it.
            threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()
            env = {**os.environ, "QUIRE_HOME": f"{temp}/home"}
            subprocess.run([args.bin, "mcp", "add", "bench", url], env=env, check=True, capture_output=True)
            subprocess.run([args.bin, "mcp", "sync", "bench"], env=env, check=True, capture_output=True)
            seeded = subprocess.run([args.bin, "mcp", "call", "bench", "add_document", "--arg", "content=benchmark document", "--args-json", '{"metadata": {"title": "Bench"}}'],
                                    env=env, capture_output=True, text=True)
            if seeded.returncode != 0:
                raise SystemExit(f"seeding failed: {seeded.stderr}")
            quire_cmd = [args.bin, "mcp", "call", "bench", "list_documents", "--arg", "limit=5"]
            python_cmd = [args.python, str(ROOT / "bench/client/client_call.py"), url, "list_documents", json.dumps({"limit": 5})]
            # Warm both (page cache, first-run costs), then alternate so drift hits both equally.
            timed(quire_cmd, env)
            timed(python_cmd, env)
            quire_times, python_times = [], []
            for _ in range(args.runs):
                quire_times.append(timed(quire_cmd, env))
                python_times.append(timed(python_cmd, env))
        finally:
            server.terminate()
            server.wait(timeout=20)
    quire_median = statistics.median(quire_times)
    python_median = statistics.median(python_times)
    print(f"quire mcp call      median {quire_median * 1000:7.1f} ms  (min {min(quire_times) * 1000:.1f}, {args.runs} runs)")
    print(f"Python SDK client   median {python_median * 1000:7.1f} ms  (min {min(python_times) * 1000:.1f}, {args.runs} runs)")
    print(f"ratio (Python / quire): {python_median / quire_median:.1f}x  (goal >= 5x)")
    # Both sides share the machine, so the ratio holds up under load better than either time does.
    load_after = os.getloadavg()
    print(f"load average (1/5/15 min): {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f} before, "
          f"{load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f} after; {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
