"""Benchmark: NER stage speed (characters/s per core) and load time, peak memory.

Each language runs in its own subprocess (so load time and peak RSS are its own),
with BLAS limited to one thread (per-core figures):

* ``zh`` — Traditional-Chinese report text (the shared seed report, else a
  written passage), repeated to ``--chars`` characters, one block per line;
* ``ja`` — Japanese sentences from the shared GSD/Stockmark corpora (else a
  written passage), ``--chars`` characters.

    python benchmarks/ner.py [--chars 60000] [--lang zh ja]

Prints one JSON line per language: load_s (gazetteers, models, jieba on a
warm-up text), chars, seconds, chars_per_s (wall clock), cpu_seconds and
chars_per_cpu_s (this process's CPU time: the per-core rate when other jobs
share the machine), entities, peak_rss_mb, the model's components.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# Import the package of this checkout, not whichever one the virtualenv installed in editable
# mode: a baseline run from an old release's worktree must measure that release's code.
sys.path.insert(0, str(ROOT))

ZH_FALLBACK = (
    "經濟部工業局電子資訊組王大明科長率團拜會九州經濟產業局，並與日本台灣交流協會合辦研討會，"
    "介紹台灣半導體、電子零組件及資通訊產業的投資環境。\n"
    "台日產業合作推動辦公室(TJPO)與日本貿易振興機構(JETRO)福岡貿易情報中心共同邀請當地企業參加。\n"
)
JA_FALLBACK = (
    "経済産業省製造産業局の田中太郎課長は、東京都千代田区で株式会社日立製作所の担当者と面会した。\n"
    "東北経済産業局は宮城県仙台市青葉区にあり、半導体やロボット産業の振興を進めている。\n"
)


def _zh_text(n: int) -> str:
    seed = SHARED / "seeds" / "000_83d5a5fe7b9e6195.txt"
    base = seed.read_text(encoding="utf-8") if seed.exists() else ZH_FALLBACK
    return (base * (n // len(base) + 1))[:n]


def _ja_text(n: int) -> str:
    lines: list[str] = []
    total = 0
    for name in ("gsd.test.jsonl", "stockmark.jsonl", "gsd.train.jsonl"):
        p = SHARED / "ner" / "ja" / name
        if not p.exists():
            continue
        for line in p.open(encoding="utf-8"):
            t = json.loads(line)["text"].strip()
            lines.append(t)
            total += len(t) + 1
            if total >= n:
                return "\n".join(lines)[:n]
    base = "\n".join(lines) if lines else JA_FALLBACK
    return (base * (n // len(base) + 1))[:n]


def run_one(lang: str, chars: int) -> dict:
    """Measure one language in this process."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)  # per-core figures
    from pipeline.ner import models
    from pipeline.ner.stage import extract_entities

    code = "ja" if lang == "ja" else "zh-Hant"
    text = _ja_text(chars) if lang == "ja" else _zh_text(chars)
    t0 = time.perf_counter()
    extract_entities(JA_FALLBACK if lang == "ja" else ZH_FALLBACK, code)  # loads everything once
    load = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    ents = extract_entities(text, code)
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    model = models.ginza() if lang == "ja" else models.zh_model()
    return {
        "lang": lang,
        "load_s": round(load, 2),
        "chars": len(text),
        "seconds": round(secs, 2),
        "chars_per_s": round(len(text) / secs),
        # CPU time of this process: the per-core figure when other jobs share the cores
        "cpu_seconds": round(cpu, 2),
        "chars_per_cpu_s": round(len(text) / cpu),
        "entities": len(ents),
        "mentions": sum(e.count for e in ents),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "model": None if model is None else list(model.pipe_names),
    }


def main() -> None:
    """Run each language in a subprocess and print its figures."""
    ap = argparse.ArgumentParser(description="NER stage speed and memory")
    ap.add_argument("--chars", type=int, default=60000)
    ap.add_argument("--lang", nargs="+", default=["zh", "ja"], choices=["zh", "ja"])
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(run_one(args.child, args.chars), ensure_ascii=False))
        return
    for lang in args.lang:
        out = subprocess.run(
            [sys.executable, __file__, "--child", lang, "--chars", str(args.chars)],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )
        line = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else json.dumps({"lang": lang, "error": out.stderr[-2000:]})
        print(line, flush=True)


if __name__ == "__main__":
    main()
