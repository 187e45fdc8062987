"""Generate synthetic raw listings at scale, in the exact shape the API sends, straight into the raw tables.

    python benchmarks/synthetic_raw.py --papers 1000000 --out data/bench/warehouse.duckdb

Distributions (seeded, so two runs give the same warehouse): 20-120 papers a day (uniform), 3-30 distinct
authors a paper (a log-normal clipped to that range, median 6-7, so most papers have a handful and a tail
has many), authors drawn from a Zipf-Mandelbrot law over a fixed pool (weight 1 / (rank + 30): a few
prolific authors, the busiest on ~2.5% of papers as in the real sample, and a long tail), keywords from a
Zipf law, 60% of papers carrying
`ai_keywords` as in recent listings, 9% of author entries linked to an HF user as in the real data. Titles
and abstracts are assembled from the keyword pool and filler words, so the extractor and the topic rules
have real text to work on.
"""

import argparse
import datetime as dt
import json
import time
import uuid
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from orchestration.lib.raw_tables import ensure_raw_schema

# bumped when the distributions change, so cached files of an older generator are not reused
VERSION = 2
FIRST_DAY = dt.date(2023, 5, 4)
AUTHOR_POOL = 400_000
CHUNK_DAYS = 500

HEADS = (
    "language model",
    "diffusion model",
    "vision transformer",
    "reinforcement learning",
    "mixture of experts",
    "retrieval augmented generation",
    "video generation",
    "code generation",
    "speech recognition",
    "graph neural network",
    "instruction tuning",
    "reward model",
    "image editing",
    "text to image",
    "multimodal model",
    "world model",
    "policy optimization",
    "knowledge distillation",
    "model merging",
    "benchmark",
    "agent",
    "tokenizer",
    "attention",
    "quantization",
    "preference optimization",
)
MODIFIERS = (
    "efficient",
    "sparse",
    "multilingual",
    "long context",
    "self supervised",
    "robust",
    "scalable",
    "open",
    "unified",
    "adaptive",
    "hierarchical",
    "causal",
    "federated",
    "contrastive",
    "generative",
    "medical",
    "embodied",
    "3d",
    "streaming",
    "low resource",
    "autonomous",
    "compositional",
    "latent",
)
FILLER = (
    "we propose a method that improves results on standard tasks while reducing cost . experiments show "
    "consistent gains over strong baselines and the analysis explains why the approach works in practice ."
).split()
FIRST_NAMES = (
    "Wei Yu Jun Anna Maria David Li Chen Sara Omar Jürgen Łukasz "
    "José Zoë Hiroshi Priya Ahmed Olga Ivan Mei Tomás Noah Emma"
).split()
LAST_NAMES = (
    "Zhang Wang Li Liu Chen Smith Müller García Kim Nguyen "
    "Singh Ivanov Sato Rossi Novak Dubois Kowalski Haddad Andersson Øster"
).split()


def keyword_pool(rng: np.random.Generator) -> list[str]:
    """Distinct modifier-head phrases; the Zipf rank order is a fixed shuffle of them."""
    phrases = [f"{m} {h}" for m in MODIFIERS for h in HEADS] + list(HEADS)
    words = [f"{a}{b}" for a in ("neuro", "meta", "hyper", "omni", "proto", "trans") for b in range(3000)]
    phrases += [f"{w} {h}" for w, h in zip(words, np.resize(HEADS, len(words)), strict=True)]
    rng.shuffle(phrases)
    return phrases


def author_names(count: int) -> list[str]:
    return [
        f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {chr(65 + (i // 7) % 26)}. "
        f"{LAST_NAMES[(i // 3) % len(LAST_NAMES)]}{'' if i < 1000 else i}"
        for i in range(count)
    ]


def zipf_indices(rng: np.random.Generator, size: int, pool: int, a: float) -> np.ndarray:
    return (rng.zipf(a, size) - 1) % pool


def author_popularity(pool: int, offset: int = 30) -> np.ndarray:
    """Cumulative Zipf-Mandelbrot weights 1 / (rank + offset). A plain Zipf law over author slots (the
    first version) put one author on 81% of the papers and left papers under the 3-author minimum once
    repeats were dropped; the offset flattens the head to the real sample's (its busiest author is on 2%)."""
    weights = 1.0 / (np.arange(pool) + offset)
    cdf = np.cumsum(weights)
    return cdf / cdf[-1]


def distinct_authors(rng: np.random.Generator, popularity: np.ndarray, count: int) -> list[int]:
    picked: dict[int, None] = {}
    while len(picked) < count:
        picked.update(dict.fromkeys(np.searchsorted(popularity, rng.random(count * 2)).tolist()))
    return list(picked)[:count]


def paper_item(rng, paper_id, day, authors, keywords, names, linked) -> dict:
    title = f"{keywords[0].title()} with {keywords[-1]} for {rng.choice(HEADS)}"
    abstract = " ".join(
        [f"this paper studies {keywords[0]} and {keywords[1 % len(keywords)]} ."]
        + FILLER
        + [f"we release code for {k} ." for k in keywords[2:4]]
    )
    people = []
    for a in authors:
        person = {"_id": f"a{a}", "name": names[a], "hidden": False}
        if linked[a]:
            person["user"] = {"user": f"user{a}", "fullname": names[a], "type": "user", "isPro": False}
        people.append(person)
    stamp = f"{day.isoformat()}T00:00:00.000Z"
    paper = {
        "id": paper_id,
        "authors": people,
        "publishedAt": stamp,
        "submittedOnDailyAt": stamp,
        "title": title,
        "summary": abstract,
        "upvotes": int(rng.zipf(1.8)) % 500,
        "discussionId": uuid.uuid4().hex[:24],
    }
    if rng.random() < 0.6:
        paper["ai_keywords"] = list(keywords)
    return {
        "paper": paper,
        "publishedAt": stamp,
        "title": title,
        "summary": abstract,
        "numComments": int(rng.poisson(1.5)),
        "submittedBy": {"name": f"user{authors[0]}"},
    }


FETCHED_AT = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
# one manifest row per day's fetch, as the ingestion writes it: the raw suites start from the manifest
MANIFEST_SQL = """
    insert into raw.landing_manifest (
        fetch_id, ingestion_id, source, partition_key, url, params, status_code, fetched_at, item_count,
        outcome, attempts, run_id
    )
    select
        fetch_id, any_value(ingestion_id), 'daily_papers', strftime(any_value(listing_date), '%Y-%m-%d'),
        'https://huggingface.co/api/daily_papers',
        to_json({'date': strftime(any_value(listing_date), '%Y-%m-%d')}), 200, any_value(fetched_at),
        count(*), 'ok', 1, 'synthetic'
    from batch
    group by fetch_id
"""


def generate_days(
    con, rng, start_paper: int, days: list[dt.date], pools, limit: int | None = None, fetched_at=FETCHED_AT
) -> int:
    keywords, names, linked, serial = pools
    rows, paper_no, popularity = [], start_paper, author_popularity(AUTHOR_POOL)
    for day in days:
        if limit is not None and paper_no >= limit:
            break
        ingestion_id = fetch_id = str(uuid.uuid4())
        for rank in range(int(rng.integers(20, 121))):
            n_authors = int(np.clip(rng.lognormal(1.9, 0.5), 3, 30))
            authors = distinct_authors(rng, popularity, n_authors)
            kws = [
                keywords[k]
                for k in dict.fromkeys(zipf_indices(rng, int(rng.integers(4, 9)), len(keywords), 1.2))
            ]
            month = day.strftime("%y%m")
            serial[month] = serial.get(month, 0) + 1
            item = paper_item(rng, f"{month}.{serial[month]:05d}", day, authors, kws, names, linked)
            rows.append(
                (
                    ingestion_id,
                    fetch_id,
                    day,
                    rank,
                    item["paper"]["id"],
                    item["title"],
                    fetched_at,
                    json.dumps(item, ensure_ascii=False),
                )
            )
            paper_no += 1
    table = pa.Table.from_arrays(
        [pa.array(col) for col in zip(*rows, strict=True)],
        names=[
            "ingestion_id",
            "fetch_id",
            "listing_date",
            "item_index",
            "paper_id",
            "title",
            "fetched_at",
            "item",
        ],
    )
    con.register("batch", table)
    con.execute("insert into raw.hf_daily_papers select * from batch")
    con.execute(MANIFEST_SQL)
    con.unregister("batch")
    return paper_no


def generate(out: Path, papers: int, seed: int = 7) -> dict:
    rng = np.random.default_rng(seed)
    pools = (keyword_pool(rng), author_names(AUTHOR_POOL), rng.random(AUTHOR_POOL) < 0.09, {})
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    con = duckdb.connect(str(out))
    ensure_raw_schema(con)
    paper_no, day, started = 0, FIRST_DAY, time.perf_counter()
    while paper_no < papers:
        days = [day + dt.timedelta(days=i) for i in range(CHUNK_DAYS)]
        paper_no = generate_days(con, rng, paper_no, days, pools, limit=papers)
        day = days[-1] + dt.timedelta(days=1)
        print(f"  {paper_no:>9,} papers ({time.perf_counter() - started:.0f} s)", flush=True)
    last_day = con.execute("select max(listing_date) from raw.hf_daily_papers").fetchall()[0][0]
    con.close()
    return {"papers": paper_no, "last_day": last_day}


def add_day(path: Path, seed: int = 8) -> dt.date:
    """Append one more day after the last one, as the daily run would land it."""
    rng = np.random.default_rng(seed)
    con = duckdb.connect(str(path))
    last_day, count = con.execute("select max(listing_date), count(*) from raw.hf_daily_papers").fetchall()[0]
    new_day = last_day + dt.timedelta(days=1)
    # A new month starts its arXiv serials at 1; the same month continues after the highest one used.
    used = con.execute(
        "select coalesce(max(cast(split_part(paper_id, '.', 2) as integer)), 0) from raw.hf_daily_papers "
        "where paper_id like ?",
        [new_day.strftime("%y%m") + ".%"],
    ).fetchall()[0][0]
    pools = (
        keyword_pool(np.random.default_rng(7)),
        author_names(AUTHOR_POOL),
        rng.random(AUTHOR_POOL) < 0.09,
        {new_day.strftime("%y%m"): used},
    )
    # fetched after everything loaded so far, as a real daily run would be
    generate_days(con, rng, count, [new_day], pools, fetched_at=FETCHED_AT + dt.timedelta(days=1))
    con.close()
    return new_day


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=Path("data/bench/warehouse.duckdb"))
    args = parser.parse_args()
    print(generate(args.out, args.papers))


if __name__ == "__main__":
    main()
