#!/usr/bin/env python3
"""Generates the benchmark corpus and queries, deterministically, as JSONL.

Both Quire's benchmark (`quire-bench`) and the Python peer (`peer.py`) read these files, so they
measure the identical workload on identical data.

Corpus line: {"uuid", "title", "text", "tags", "author", "embedding"} where `embedding` is the
base64 of little-endian float32 values (exact, and about 4x smaller than JSON numbers).
Query line:  {"text", "embedding", "limit"}.

The model: a Zipf-distributed vocabulary of synthetic words (the most frequent act like function
words and appear in nearly every document), 100 topics each with its own favoured words and an
embedding centroid; a document mixes general and topic words (~2 KB of text) and its embedding is
its topic centroid plus noise. A query takes 2-4 of one document's words (content words: not the
100 most frequent vocabulary entries, as people rarely search for "the") and that document's
embedding plus noise, so text and vector rankings are related but not identical.
"""

import argparse
import base64
import json
import os
import sys

import numpy as np

VOCABULARY = 30_000
TOPICS = 100
TOPIC_WORDS = 300
TEXT_BYTES = 2_000
STOPWORD_RANKS = 100
SYLLABLES = [c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"] + ["th", "st", "qu", "ch", "sh"]


def vocabulary(rng):
    words, seen = [], set()
    while len(words) < VOCABULARY:
        count = int(rng.integers(1, 4))
        word = "".join(SYLLABLES[i] for i in rng.integers(0, len(SYLLABLES), size=count))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def generate(size, dimension, queries, seed, corpus_path, queries_path):
    rng = np.random.default_rng(seed)
    words = vocabulary(rng)
    # Zipf(1.07) over ranks: rank 1 ("the") is in every document, rank 30 000 in a handful.
    ranks = np.arange(1, VOCABULARY + 1, dtype=np.float64)
    general = 1.0 / ranks ** 1.07
    general /= general.sum()
    cumulative = np.cumsum(general)
    topic_words = [rng.choice(np.arange(500, VOCABULARY), size=TOPIC_WORDS, replace=False) for _ in range(TOPICS)]
    centroids = rng.standard_normal((TOPICS, dimension)).astype(np.float32)
    tags = [f"tag{i:02d}" for i in range(50)]
    authors = [f"author{i:03d}" for i in range(200)]
    doc_topics = rng.integers(0, TOPICS, size=size)
    sources = []  # (word ids, vector) for the documents queries are drawn from
    query_sources = set(rng.choice(size, size=min(queries, size), replace=False).tolist())
    with open(corpus_path + ".tmp", "w") as out:
        for index in range(size):
            topic = doc_topics[index]
            tokens = 330
            pick_general = np.searchsorted(cumulative, rng.random(tokens))
            pick_topic = topic_words[topic][rng.integers(0, TOPIC_WORDS, size=tokens)]
            use_topic = rng.random(tokens) < 0.3
            ids = np.where(use_topic, pick_topic, np.minimum(pick_general, VOCABULARY - 1))
            text, length, kept = [], 0, []
            for word_id in ids:
                word = words[word_id]
                text.append(word)
                kept.append(word_id)
                length += len(word) + 1
                if length >= TEXT_BYTES:
                    break
            title_ids = topic_words[topic][rng.integers(0, TOPIC_WORDS, size=int(rng.integers(3, 7)))]
            vector = centroids[topic] + 0.8 * rng.standard_normal(dimension).astype(np.float32)
            vector = vector.astype("<f4")
            record = {
                "uuid": "%08x-0000-4000-8000-%012x" % (seed, index),
                "title": " ".join(words[i] for i in title_ids).capitalize(),
                "text": " ".join(text) + ".",
                "tags": sorted({tags[i] for i in rng.integers(0, len(tags), size=int(rng.integers(1, 4)))}),
                "author": authors[int(rng.integers(0, len(authors)))],
                "embedding": base64.b64encode(vector.tobytes()).decode("ascii"),
            }
            out.write(json.dumps(record, separators=(",", ":")) + "\n")
            if index in query_sources:
                sources.append((kept, vector))
    os.replace(corpus_path + ".tmp", corpus_path)

    order = rng.permutation(len(sources))
    with open(queries_path + ".tmp", "w") as out:
        for position in order:
            kept, vector = sources[position]
            content = sorted({w for w in kept if w >= STOPWORD_RANKS})
            count = int(rng.integers(2, 5))
            chosen = rng.choice(content, size=min(count, len(content)), replace=False)
            noisy = (vector + 0.5 * rng.standard_normal(dimension).astype(np.float32)).astype("<f4")
            out.write(json.dumps({
                "text": " ".join(words[i] for i in chosen),
                "embedding": base64.b64encode(noisy.tobytes()).decode("ascii"),
                "limit": 10,
            }, separators=(",", ":")) + "\n")
    os.replace(queries_path + ".tmp", queries_path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--dimension", type=int, default=384)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "data"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    stem = f"{args.size}-{args.dimension}-{args.seed}"
    corpus = os.path.join(args.out, f"corpus-{stem}.jsonl")
    queries = os.path.join(args.out, f"queries-{stem}-{args.queries}.jsonl")
    if not (os.path.exists(corpus) and os.path.exists(queries)):
        generate(args.size, args.dimension, args.queries, args.seed, corpus, queries)
    print(json.dumps({"corpus": corpus, "queries": queries}))


if __name__ == "__main__":
    sys.exit(main())
