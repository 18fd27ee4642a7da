#!/usr/bin/env python3
"""Runs Quire's benchmark against the Python peer on identical generated data and prints a table.

Usage (normally through `make bench`): run.py --bin PATH/quire-bench
Sizes come from BENCH_SIZES (comma-separated document counts; default "10000,100000").
The last run's raw figures are written to bench/data/results.json.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
DIMENSION = 384
QUERIES = 200


def run_json(command):
    completed = subprocess.run(command, stdout=subprocess.PIPE, check=True, text=True)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def agreement(ours, theirs):
    """The share of queries whose ranked uuid lists are identical in both implementations."""
    same = sum(1 for a, b in zip(ours, theirs) if a == b)
    return same / max(1, len(ours))


def rows_for(quire, peer):
    rows = []
    for key, label in (("import_plain_docs_per_s", "import, no vectors (docs/s)"),
                       ("import_plain_docs_per_cpu_s", "  same, per CPU-second"),
                       ("import_vector_docs_per_s", "import, 384-d vectors (docs/s)"),
                       ("import_vector_docs_per_cpu_s", "  same, per CPU-second")):
        # Throughput: higher is better, so the ratio is quire/peer (> 1 means Quire is faster).
        rows.append((label, quire[key], peer[key], quire[key] / peer[key], "%.0f"))
    rows.append(("first vector search (ms, index load)", quire["first_vector_search_ms"],
                 peer["first_vector_search_ms"],
                 peer["first_vector_search_ms"] / quire["first_vector_search_ms"], "%.1f"))
    for kind in ("text", "vector", "hybrid"):
        for p in ("p50", "p95", "p99"):
            q, r = quire[f"{kind}_ms"][p], peer[f"{kind}_ms"][p]
            # Latency: lower is better, so the ratio is peer/quire (> 1 means Quire is faster).
            rows.append((f"{kind} search {p} (ms)", q, r, r / q, "%.2f"))
    return rows


def print_table(size, rows, agreements, load):
    print(f"\n== {size:,} documents, {DIMENSION}-d vectors, {QUERIES} queries (limit 10); "
          f"load average {load[0]:.1f} before, {load[1]:.1f} after ==")
    print(f"{'metric':<40} {'quire':>10} {'peer':>10} {'ratio':>7}")
    for label, q, r, ratio, fmt in rows:
        print(f"{label:<40} {fmt % q:>10} {fmt % r:>10} {ratio:>6.2f}x")
    print("ratio: peer/quire for times, quire/peer for rates; > 1 means Quire is faster")
    print("identical top-10 lists (quire vs peer): "
          + ", ".join(f"{kind} {share:.0%}" for kind, share in agreements.items()))


def print_goals(results):
    """Issue 3's goals, where the sizes run allow checking them."""
    lines = []
    if 10000 in results:
        rate = results[10000]["quire"]["import_plain_docs_per_s"]
        lines.append(f"import of 10,000 ~2 KB documents without vectors: {rate:,.0f} docs/s "
                     f"(goal >= 5,000: {'met' if rate >= 5000 else 'NOT met'})")
    if 100000 in results:
        p95 = results[100000]["quire"]["hybrid_ms"]["p95"]
        lines.append(f"hybrid search p95 at 100,000 documents: {p95:.1f} ms "
                     f"(goal <= 25 ms: {'met' if p95 <= 25 else 'NOT met'})")
    if lines:
        print("\ngoals (issue 3):")
        for line in lines:
            print("  " + line)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True, help="path to the release quire-bench binary")
    args = parser.parse_args()
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000").split(",") if s.strip()]
    os.makedirs(DATA, exist_ok=True)
    results = {}
    began = time.perf_counter()
    for size in sizes:
        print(f"[bench] generating corpus of {size:,} documents (cached in bench/data)", file=sys.stderr, flush=True)
        paths = run_json([sys.executable, os.path.join(HERE, "gen_corpus.py"), "--size", str(size),
                          "--dimension", str(DIMENSION), "--queries", str(QUERIES)])
        work = os.path.join(DATA, f"run-{size}")
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        load_before = os.getloadavg()[0]
        try:
            common = ["--corpus", paths["corpus"], "--queries", paths["queries"], "--dir", work]
            quire = run_json([args.bin, *common, "--dimension", str(DIMENSION)])
            peer = run_json([sys.executable, os.path.join(HERE, "peer.py"), *common])
        finally:
            shutil.rmtree(work, ignore_errors=True)
        agreements = {kind: agreement(quire["rankings"][kind], peer["rankings"][kind])
                      for kind in ("text", "vector", "hybrid")}
        rows = rows_for(quire, peer)
        print_table(size, rows, agreements, (load_before, os.getloadavg()[0]))
        sys.stdout.flush()
        for side in (quire, peer):
            side.pop("rankings", None)
        results[size] = {"quire": quire, "peer": peer, "identical_top10": agreements}
    print_goals(results)
    with open(os.path.join(DATA, "results.json"), "w") as out:
        json.dump(results, out, indent=2, sort_keys=True)
    print(f"\n[bench] done in {time.perf_counter() - began:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
