"""Topic matching in the process or in worker processes: wall time side by side (enrichment.topics).

    .venv/bin/python benchmarks/topic_workers.py [--sizes 300 2344] [--repeat 3]

For each batch size, the recorded papers' first N (by id) are matched by `paper_topics` with processes=1 and
processes=2, alternately, `--repeat` times each; it prints every time and the ratio of the medians. This is
what PARALLEL_MIN_PAPERS is chosen from: below it, starting the workers costs what the second core saves.
"""

import argparse
import csv
import statistics
import sys
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.topic_quality import TAXONOMY, recorded_papers  # noqa: E402
from enrichment.topics import paper_topics  # noqa: E402

SCHEMA = {"paper_id": pl.String, "title": pl.String, "abstract": pl.String, "keywords": pl.List(pl.String)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[300, 2344])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with TAXONOMY.open() as rows:
        taxonomy = pl.DataFrame(list(csv.DictReader(rows)))
    recorded = sorted(recorded_papers().items())
    for size in args.sizes:
        papers = pl.DataFrame(
            [(paper_id, p["title"], p["abstract"], p["keywords"]) for paper_id, p in recorded[:size]],
            schema=SCHEMA,
            orient="row",
        )
        seconds: dict[int, list[float]] = {1: [], 2: []}
        for _ in range(args.repeat):
            for processes in seconds:
                start = time.perf_counter()
                paper_topics(papers, taxonomy, processes=processes)
                seconds[processes].append(round(time.perf_counter() - start, 2))
        ratio = statistics.median(seconds[2]) / statistics.median(seconds[1])
        print(f"{papers.height} papers: in the process {seconds[1]} s, two workers {seconds[2]} s,", end=" ")
        print(f"ratio {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
