#!/usr/bin/env python3
"""The benchmark's peer: the same workload as quire-bench, done the straightforward Python way.

stdlib sqlite3 (the same system SQLite, FTS5 with bm25 weights 2:1 on title:content, the same
OR-of-quoted-terms query shape) for storage and text search, numpy brute-force cosine over an
in-memory float32 matrix for vector search, and the same reciprocal-rank fusion (k = 60, each list
max(50, 2 x limit) deep) for hybrid search. Every search returns full documents for its final page,
as Quire does. Prints one JSON object on stdout, the same shape as quire-bench's.
"""

import argparse
import base64
import gc
import json
import os
import re
import sqlite3
import sys
import time
from datetime import datetime, timezone

import numpy as np

RRF_K = 60.0
WORD = re.compile(r"[^\W_]+", re.UNICODE)  # runs of letters/digits, as FTS5's unicode61 splits them

SCHEMA = """
PRAGMA journal_mode = WAL;
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    text_content TEXT,
    vector BLOB,
    vector_norm REAL,
    author TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text_content, content = 'documents', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text_content) VALUES (new.id, new.title, new.text_content);
END;
"""

RANK_SQL = """
SELECT rowid, bm25(documents_fts, 2.0, 1.0) AS r FROM documents_fts
WHERE documents_fts MATCH ? ORDER BY r, rowid LIMIT ?
"""
SNIPPET_SQL = """
SELECT snippet(documents_fts, -1, '**', '**', '…', 16) FROM documents_fts
WHERE documents_fts MATCH ? AND rowid = ?
"""


def read_jsonl(path):
    with open(path) as handle:
        return [json.loads(line) for line in handle if line.strip()]


def floats(text):
    return np.frombuffer(base64.b64decode(text), dtype="<f4")


def match_expression(text):
    terms, seen = [], set()
    for word in WORD.findall(text):
        if word.lower() in seen or len(terms) >= 32:
            continue
        seen.add(word.lower())
        terms.append('"' + word.replace('"', '""') + '"')
    return " OR ".join(terms) if terms else None


class Peer:
    def __init__(self, path):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.executescript(SCHEMA)
        self.matrix = None
        self.ids = None

    def add(self, records, with_vectors):
        now = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        rows = []
        for record in records:
            vector = record["vector"] if with_vectors else None
            rows.append((
                record["uuid"], record["title"], record["text"],
                vector.tobytes() if vector is not None else None,
                float(np.sqrt(np.dot(vector.astype(np.float64), vector))) if vector is not None else None,
                record["author"], json.dumps(record["tags"]), "2023-11-14T22:13:20.000Z", now,
            ))
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.executemany(
                "INSERT INTO documents (uuid, title, text_content, vector, vector_norm, author, tags, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def load_vectors(self):
        ids, vectors = [], []
        for row_id, blob, norm in self.db.execute(
                "SELECT id, vector, vector_norm FROM documents WHERE vector IS NOT NULL AND vector_norm > 0"):
            ids.append(row_id)
            vectors.append(np.frombuffer(blob, dtype="<f4") / np.float32(norm))
        self.ids = np.array(ids, dtype=np.int64)
        self.matrix = np.ascontiguousarray(np.vstack(vectors).astype(np.float32))

    # Rankings: lists of (row id, score), best first.

    def text_ranking(self, match, depth):
        return [(row_id, -rank) for row_id, rank in self.db.execute(RANK_SQL, (match, depth))]

    def vector_ranking(self, query, depth):
        q = query.astype(np.float32) / np.float32(np.linalg.norm(query.astype(np.float64)))
        scores = self.matrix @ q
        depth = min(depth, len(scores))
        top = np.argpartition(-scores, depth - 1)[:depth]
        order = sorted(top.tolist(), key=lambda i: (-float(scores[i]), int(self.ids[i])))
        return [(int(self.ids[i]), float(scores[i])) for i in order]

    def documents(self, ids):
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        found = {}
        for row in self.db.execute(
                f"SELECT id, uuid, title, text_content, vector, author, tags, created_at, updated_at "
                f"FROM documents WHERE id IN ({marks})", ids):
            found[row[0]] = {
                "uuid": row[1], "title": row[2], "text_content": row[3],
                "embedding": np.frombuffer(row[4], dtype="<f4") if row[4] is not None else None,
                "author": row[5], "tags": json.loads(row[6]), "created_at": row[7], "updated_at": row[8],
            }
        return found

    def snippet(self, match, row_id):
        row = self.db.execute(SNIPPET_SQL, (match, row_id)).fetchone()
        return row[0] if row else None

    def hits(self, ranked, match=None, snippets=True):
        docs = self.documents([row_id for row_id, _ in ranked])
        return [
            {"document": docs[row_id], "score": score,
             "snippet": self.snippet(match, row_id) if match and snippets else None}
            for row_id, score in ranked if row_id in docs
        ]

    def text_search(self, text, limit):
        match = match_expression(text)
        if match is None:
            return []
        self.db.execute("BEGIN")
        try:
            return self.hits(self.text_ranking(match, limit), match)
        finally:
            self.db.execute("COMMIT")

    def vector_search(self, query, limit):
        self.db.execute("BEGIN")
        try:
            return self.hits(self.vector_ranking(query, limit))
        finally:
            self.db.execute("COMMIT")

    def hybrid_search(self, text, query, limit):
        depth = max(50, 2 * limit)
        match = match_expression(text)
        self.db.execute("BEGIN")
        try:
            text_ranked = self.text_ranking(match, depth) if match else []
            vector_ranked = self.vector_ranking(query, depth)
            fused = {}
            for ranking in (text_ranked, vector_ranked):
                for rank, (row_id, _) in enumerate(ranking, start=1):
                    score, best = fused.get(row_id, (0.0, rank))
                    fused[row_id] = (score + 1.0 / (RRF_K + rank), min(best, rank))
            order = sorted(fused.items(), key=lambda item: (-item[1][0], item[1][1], item[0]))[:limit]
            in_text = {row_id for row_id, _ in text_ranked}
            docs = self.documents([row_id for row_id, _ in order])
            return [
                {"document": docs[row_id], "score": score,
                 "snippet": self.snippet(match, row_id) if row_id in in_text else None}
                for row_id, (score, _) in order if row_id in docs
            ]
        finally:
            self.db.execute("COMMIT")


def percentiles(samples):
    ordered = sorted(samples)

    def nearest(p):
        rank = max(1, min(len(ordered), int(np.ceil(p / 100 * len(ordered)))))
        return ordered[rank - 1]

    return {"p50": nearest(50), "p95": nearest(95), "p99": nearest(99), "mean": sum(ordered) / len(ordered)}


def log(message):
    print(f"peer: {message}", file=sys.stderr, flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--queries", required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=10)
    args = parser.parse_args()

    log(f"reading {args.corpus}")
    records = read_jsonl(args.corpus)
    for record in records:
        record["vector"] = floats(record.pop("embedding"))
    queries = read_jsonl(args.queries)
    for query in queries:
        query["vector"] = floats(query.pop("embedding"))
    result = {"documents": len(records), "queries": len(queries), "batch": args.batch}

    for with_vectors, name, key in ((False, "peer-plain.db", "import_plain_docs_per_s"),
                                    (True, "peer.db", "import_vector_docs_per_s")):
        log(f"importing {len(records)} documents {'with' if with_vectors else 'without'} embeddings")
        peer = Peer(os.path.join(args.dir, name))
        start, cpu_start = time.perf_counter(), time.process_time()
        for offset in range(0, len(records), args.batch):
            peer.add(records[offset:offset + args.batch], with_vectors)
        result[key] = len(records) / (time.perf_counter() - start)
        result[key.replace("_per_s", "_per_cpu_s")] = len(records) / (time.process_time() - cpu_start)
        if not with_vectors:
            peer.db.close()
            os.remove(os.path.join(args.dir, name))

    # The corpus is not needed to search; free it first, as quire-bench does.
    del records
    gc.collect()
    start = time.perf_counter()
    peer.load_vectors()
    first = queries[0]
    peer.vector_search(first["vector"], first["limit"])
    result["first_vector_search_ms"] = (time.perf_counter() - start) * 1000

    searches = {
        "text": lambda q: peer.text_search(q["text"], q["limit"]),
        "vector": lambda q: peer.vector_search(q["vector"], q["limit"]),
        "hybrid": lambda q: peer.hybrid_search(q["text"], q["vector"], q["limit"]),
    }
    rankings = {}
    for kind, search in searches.items():
        log(f"{kind} search x {len(queries)}")
        for query in queries[:args.warmup]:
            search(query)
        samples, ranked = [], []
        for query in queries:
            start = time.perf_counter()
            hits = search(query)
            samples.append((time.perf_counter() - start) * 1000)
            ranked.append([hit["document"]["uuid"] for hit in hits])
        result[f"{kind}_ms"] = percentiles(samples)
        rankings[kind] = ranked
    result["rankings"] = rankings
    print(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    sys.exit(main())
