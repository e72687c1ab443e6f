#!/usr/bin/env python3
"""Write a synthetic store of N distinct news articles for the load test.

    scripts/make-store.py OUT.jsonl [--n 10000] [--seed 7] [--train PATH] [--dev PATH]

The articles are derived from the PolNeAR train and dev texts (by default
../shared/data/polnear/{train,dev}.jsonl from the repository root). Variant 0 of a
source article is its text as is; variant k > 0 drops its headline, keeps a random
half to three quarters of its paragraphs (rotated so that it starts elsewhere), mixes
in one to three paragraphs of another article ("related coverage") and appends a short
dateline sentence. Variants of one source are kept below a word 5-shingle Jaccard
similarity of 0.7 to each other, so the store's near-duplicate detection (MinHash,
0.8) links few of them; every text is distinct, so none is an exact duplicate.

Each article gets a unique `id`, a `title` (its first sentence, clipped), one of 30
made-up `outlet`s, a `url`, an `author` and a `published` date spread over 60 days of
2025 (in the order of the source articles' own dates). The output is deterministic for
a given seed and inputs. Python 3.11 standard library only.

A summary (articles, variants per source, how many texts match a few candidate story
queries with FTS5's unicode61 word rules) goes to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TRAIN = ROOT / ".." / "shared" / "data" / "polnear" / "train.jsonl"
DEFAULT_DEV = ROOT / ".." / "shared" / "data" / "polnear" / "dev.jsonl"

OUTLETS = [
    "The Harbor Ledger", "Midland Courier", "Capitol Dispatch", "Northfield Herald",
    "The Prairie Sentinel", "Bayside Chronicle", "Granite State Wire", "The Riverton Post",
    "Lakeshore Tribune", "The Copper Valley Times", "Eastbrook Gazette", "Summit Daily News",
    "The Tidewater Record", "Pinecrest Observer", "The Meridian Report", "Redwood Examiner",
    "Cascade Morning Star", "The Ironbridge Journal", "Silver Plains Press", "Coastline Today",
    "The Foxhollow Bulletin", "Westgate Independent", "The Union Square Review",
    "Highland Register", "Bluewater Monitor", "The Delta Beacon", "Oakridge Standard",
    "Crossroads Weekly", "The Stonebridge Telegraph", "Frontier Signal",
]

CITIES = [
    "Washington", "New York", "Des Moines", "Manchester", "Columbia", "Las Vegas",
    "Cleveland", "Philadelphia", "Orlando", "Denver", "Phoenix", "Milwaukee", "Atlanta",
    "Raleigh", "Detroit", "Richmond", "Concord", "Charlotte", "Tampa", "Reno",
]

AUTHORS = [
    "Dana Whitfield", "Marcus Oyelaran", "Priya Natarajan", "Tom Kowalczyk", "Elena Ruiz",
    "Sam Okafor", "Grace Lindqvist", "Jonah Feld", "Amira Haddad", "Leo Castellano",
    "Nora Fitzgerald", "Ravi Menon", "Hannah Brandt", "Owen Mackenzie", "Julia Santos",
]

# Candidate story queries whose match counts are reported (FTS5 syntax, plain words).
CANDIDATES = [
    "email OR emails",
    "email OR emails OR FBI",
    "immigration OR Mexico",
    "immigration OR Mexico OR border",
    "Cruz",
    "debate",
    "Sanders OR Bernie",
    "Trump OR Clinton",
]

START = dt.date(2025, 3, 1)
DAYS = 60
SENTENCE = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
WORD = re.compile(r"\w+")


def load(paths: list[Path]) -> list[dict]:
    docs = []
    for p in paths:
        with p.open(encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line:
                    d = json.loads(line)
                    if d.get("id") and d.get("text"):
                        docs.append(d)
    return docs


def split(doc: dict) -> tuple[str | None, list[str]]:
    """The headline paragraph (if the text starts with one) and the body chunks."""
    paras = [p.strip() for p in doc["text"].split("\n\n") if p.strip()]
    head = None
    title = (doc.get("title") or "").strip()
    if paras and title and paras[0].rstrip(".") == title.rstrip("."):
        head = paras.pop(0)
    if len(paras) < 6:
        # too few paragraphs to vary: regroup the sentences, two or three a chunk
        sents = [s for p in paras for s in SENTENCE.split(p) if s.strip()]
        paras = []
        for i in range(0, len(sents), 2):
            paras.append(" ".join(sents[i : i + 2]))
    return head, paras


def shingles(text: str) -> set[tuple[str, ...]]:
    words = [w.lower() for w in WORD.findall(text)]
    return {tuple(words[i : i + 5]) for i in range(max(len(words) - 4, 0))}


def jaccard(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def first_sentence(text: str, limit: int = 90) -> str:
    """The first sentence of at least six words (skipping "Follow @politico."), clipped."""
    sents = [" ".join(s.split()) for p in text.split("\n\n") for s in SENTENCE.split(p)]
    s = next((s for s in sents if len(s.split()) >= 6), sents[0] if sents else "")
    if len(s) > limit:
        cut = s[:limit].rsplit(" ", 1)[0]
        s = cut.rstrip(",;:—-") + "…"
    return s


def slug(s: str, n: int = 6) -> str:
    words = [w.lower() for w in WORD.findall(s)][:n]
    return "-".join(words) or "story"


def variant(
    rng: random.Random, k: int, head: str | None, body: list[str], other: list[str]
) -> str:
    if k == 0:
        return "\n\n".join(([head] if head else []) + body)
    n = len(body)
    keep = max(2, round(n * rng.uniform(0.5, 0.75)))
    keep = min(keep, n)
    chosen = sorted(rng.sample(range(n), keep))
    r = rng.randrange(keep)
    paras = [body[i] for i in chosen[r:] + chosen[:r]]
    extra = rng.sample(other, min(len(other), rng.randint(1, 3)))
    at = rng.randint(1, len(paras))
    return "\n\n".join(paras[:at] + extra + paras[at:])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="the JSON Lines file to write")
    ap.add_argument("--n", type=int, default=10000, help="articles to write (10000)")
    ap.add_argument("--seed", type=int, default=7, help="random seed (7)")
    ap.add_argument("--train", type=Path, default=DEFAULT_TRAIN)
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    args = ap.parse_args()

    docs = load([args.train, args.dev])
    if not docs:
        print("make-store: no articles in the inputs", file=sys.stderr)
        return 1
    # sources in the order of their own dates, mapped onto 60 days of 2025
    docs.sort(key=lambda d: (d.get("date") or "", d["id"]))
    parts = [split(d) for d in docs]
    m = len(docs)

    seen: dict[int, list[set]] = {}
    texts: set[str] = set()
    resampled = 0
    counts = {q: 0 for q in CANDIDATES}
    with args.out.open("w", encoding="utf-8") as out:
        for i in range(args.n):
            b, k = i % m, i // m
            doc = docs[b]
            head, body = parts[b]
            rng = random.Random(f"{args.seed}:{i}")
            o = rng.randrange(m - 1)
            other = parts[o if o < b else o + 1][1]
            for _attempt in range(20):
                text = variant(rng, k, head, body, other)
                if k == 0:
                    break
                sh = shingles(text)
                if all(jaccard(sh, s) < 0.7 for s in seen.get(b, [])):
                    break
                resampled += 1
            outlet = OUTLETS[rng.randrange(len(OUTLETS))]
            city = CITIES[rng.randrange(len(CITIES))]
            day = START + dt.timedelta(
                days=min(DAYS - 1, b * DAYS // m + (rng.randrange(4) if k else 0))
            )
            text = (
                f"{text}\n\n({outlet}, {city}, {day:%B} {day.day}, 2025; "
                f"report {i + 1}.)"
            )
            if text in texts:
                # cannot happen (the dateline names i), but keep the promise loudly
                print(f"make-store: duplicate text at {i}", file=sys.stderr)
                return 1
            texts.add(text)
            seen.setdefault(b, []).append(shingles(text))
            title = first_sentence(text)
            author = doc.get("author") if k == 0 and doc.get("author") else None
            rec = {
                "id": f"load-{i:05d}-{doc['id'][:40]}",
                "title": title,
                "outlet": outlet,
                "url": f"https://{slug(outlet, 4)}.example/2025/{day:%m/%d}/{slug(title)}-{i}",
                "published": day.isoformat(),
                "author": author or AUTHORS[rng.randrange(len(AUTHORS))],
                "text": text,
            }
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            words = {w.lower() for w in WORD.findall(title + " " + text)}
            for q in CANDIDATES:
                if any(t.lower() in words for t in q.split(" OR ")):
                    counts[q] += 1

    print(
        f"make-store: wrote {args.n} articles to {args.out} from {m} sources "
        f"({args.n / m:.1f} variants each, {resampled} variants resampled for similarity)",
        file=sys.stderr,
    )
    for q, c in counts.items():
        print(f"make-store: {c:6d} articles match {q!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
