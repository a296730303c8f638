"""Benchmark: query latency on a large synthetic corpus index.

Builds an index of N synthetic trip reports (default 10,000; written to a temp folder,
never committed) with the real index writer (``pipeline.corpus.index.upsert_document``), then
times each analyst query of :mod:`pipeline.query.queries` (median of several runs, warm cache).

    python benchmarks/query.py [--docs 10000] [--repeat 5] [--keep DIR]

Measured (2 shared cores, load average ~3.5, median of 5, index schema 3): filtered
``agencies`` 93-146 ms, ``agencies`` without filter 625 ms, ``--exclude-own --since 2023``
520 ms, ``trips`` 48 ms, ``people --org`` 17 ms (schema 2, Python-side aggregation:
271 / 395 / 3378 / - / 188 / 2766 ms at load ~2.5).

With ``--keep DIR`` an index already there (same schema version, same number of
documents) is reused instead of rebuilt: building 10,000 documents takes minutes.

The documents are generated, not real: 40 organisations, 8 people and 6 places per
report drawn from fixed pools (so agencies recur across reports, as they do), cover
metadata with trip dates over 2010-2024, and an assigned sector or two.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.annotations import Entity, Mention, SectorScore  # noqa: E402
from pipeline.corpus.index import open_index, upsert_document  # noqa: E402
from pipeline.document import Block, Document, Metadata, Person, Section, Source  # noqa: E402
from pipeline.errors import CorpusError  # noqa: E402
from pipeline.text.fold import canonical_id  # noqa: E402

COUNTRIES = ["日本", "德國", "美國", "韓國", "法國", "新加坡", "荷蘭", "英國"]
SECTORS = [("semiconductor", "半導體"), ("mems", "微機電"), ("hydrogen", "氫能"),
           ("robotics", "機器人"), ("renewable_energy", "再生能源"), ("biotech", "生技")]
AGENCIES = ["經濟部工業局", "經濟部國際貿易署", "國家科學及技術委員會", "經濟部產業發展署",
            "經濟部能源署", "行政院環境保護署"]
SUFFIXES = ["經濟產業局", "縣廳", "產業振興中心", "大學", "研究所", "株式会社", "商工會議所", "協會"]
PLACES = ["東京", "大阪", "福島", "千葉", "仙台", "熊本", "福岡", "慕尼黑", "德勒斯登", "首爾"]


def synthetic_doc(i: int, rng: random.Random, orgs: list[str], people: list[str]) -> Document:
    """One generated report with cover metadata, sections, blocks, entities and sectors."""
    doc_id = f"{i:016x}"
    year, month = rng.randint(2010, 2024), rng.randint(1, 12)
    country = rng.choice(COUNTRIES)
    meta = Metadata(category="考察", title=f"赴{country}考察報告第{i}號", agency=rng.choice(AGENCIES),
                    authors=[Person(name=rng.choice(people), title="科長", unit="電子資訊組")],
                    countries=[country], places=rng.sample(PLACES, 2),
                    period_start=f"{year}-{month:02d}-03", period_end=f"{year}-{month:02d}-07",
                    report_date=f"{year}-{month:02d}-28")
    text = "訪團拜會" + "、".join(rng.sample(orgs, 5)) + "，就半導體與氫能合作交換意見。"
    doc = Document(id=doc_id, source=Source(filename=f"r{i}.pdf", sha256=doc_id * 4, size=1000, pages=12),
                   metadata=meta, text=text)
    doc.sections = [Section(id="1", number="壹", title="目的", level=1, page=2, text=text)]
    doc.blocks = [Block(lang="zh-Hant", text=text, section="1", page=2)]
    ents = []
    for label, names in (("ORG", rng.sample(orgs, 40)), ("PERSON", rng.sample(people, 8)),
                         ("GPE", rng.sample(PLACES, 6))):
        for name in names:
            ents.append(Entity(text=name, label=label, canonical=name,
                               canonical_id=canonical_id(label, name), lang="zh-Hant",
                               count=2, sources=["text"],
                               mentions=[Mention(section="1", page=2, block=0, start=0, end=2)] * 2))
    doc.entities = ents
    assigned = rng.sample(SECTORS, rng.randint(1, 2))
    doc.sectors = [SectorScore(label=lab, name=name, score=0.9 if (lab, name) in assigned else 0.01,
                               assigned=(lab, name) in assigned) for lab, name in SECTORS]
    return doc


def build(folder: Path, n: int) -> Path:
    """Write an index of ``n`` synthetic documents; returns its path."""
    rng = random.Random(20240501)
    orgs = [f"{p}{s}" for p in ("東北", "九州", "關東", "近畿", "中部", "北海道", "四國", "中國",
                                "沖繩", "北陸") for s in SUFFIXES]
    orgs += [f"第{k}研究開發機構" for k in range(1920)]  # a long tail of rarely met organisations
    people = [f"{a}{b}" for a in "山田佐藤鈴木高橋田中伊藤渡邊中村小林加藤" for b in "太郎花子一郎美穂"]
    path = folder / "index.sqlite"
    conn = open_index(path)
    conn.execute("PRAGMA synchronous = OFF")  # a throw-away index: build it fast
    for i in range(n):  # one transaction per document, as ingest does
        upsert_document(conn, synthetic_doc(i, rng, orgs, people), f"documents/{i:016x}.json")
    conn.close()
    return path


def _reusable(path: Path, n: int) -> bool:
    """True if ``path`` is an index of the current schema holding ``n`` documents."""
    if not path.exists():
        return False
    try:
        conn = open_index(path)
    except CorpusError:
        return False
    try:
        return conn.execute("SELECT count(*) FROM documents").fetchone()[0] == n
    finally:
        conn.close()


def _time(fn, repeat: int) -> tuple[float, int]:
    runs, rows = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        rows = len(fn())
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs), rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--keep", type=Path, help="Write the index here instead of a temp folder.")
    args = ap.parse_args(argv)
    from pipeline.query import queries as query
    from pipeline.query.queries import Filters

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        path = folder / "index.sqlite"
        if args.keep and _reusable(path, args.docs):
            print(f"reusing {path} ({args.docs} documents)")
        else:
            path.unlink(missing_ok=True)
            path = build(folder, args.docs)
            print(f"built {path} with {args.docs} documents in {time.perf_counter() - t0:.1f}s")
        conn = open_index(path)
        cases = {
            "agencies --country 日本 --since 2020 --sector hydrogen":
                lambda: query.agencies(conn, Filters(country="日本", since="2020", sector="hydrogen")),
            "agencies --since 2023 --until 2023":
                lambda: query.agencies(conn, Filters(since="2023", until="2023")),
            "agencies (no filter)": lambda: query.agencies(conn),
            "trips --sector 氫能 --country 日本":
                lambda: query.trips(conn, Filters(sector="氫能", country="日本")),
            "agencies --exclude-own --since 2023": lambda: query.agencies(
                conn, Filters(since="2023"), exclude_own=True),
            "people --org 東北經濟產業局": lambda: query.people(conn, org="東北經濟產業局"),
        }
        print(f"| query | rows | median ms ({args.repeat} runs) |\n|---|---:|---:|")
        for name, fn in cases.items():
            sec, rows = _time(fn, args.repeat)
            print(f"| `{name}` | {rows} | {sec * 1000:.0f} |")
        conn.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
