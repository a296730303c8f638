"""Freeze the train/dev/test split of the real-passage sector set (corpora/sectors/real/).

Passages from one web page stay together: each page (its URL) is placed by
:func:`pipeline.training.sectors_real.real_split_of` (SHA-256 of
``tripreport-sectors-real-v1:<url>`` read as a number in [0, 1): below 0.35
``test``, below 0.60 ``dev``, else ``train``). The split depends on URLs
only, never on text, labels or any model output, and was written once, before any
model change. It writes ``split.json`` (id -> split) and the ``split`` and ``terms``
field of every line of ``passages.jsonl``; re-running reproduces both byte for byte.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.training.sectors_real import real_split_of

REAL = Path(__file__).resolve().parents[1] / "corpora" / "sectors" / "real"

# Terms of use as found, by kind of publisher (see DATA_CARD.md).
GOV_JP = ("go.jp", "lg.jp", "pref-mie-lg-jp")
GOV_TW = ("gov.tw",)
UNIVERSITY = ("edu.tw",)


def terms_of(host: str) -> str:
    """Terms-of-use class of a publisher host."""
    if any(s in host for s in GOV_JP):
        return "gov-jp: 政府標準利用規約(第2.0版) where the site adopts it (CC BY 4.0 compatible)"
    if any(host.endswith(s) for s in GOV_TW):
        return "gov-tw: 政府網站資料開放宣告 / OGDL-Taiwan 1.0 where the site adopts it"
    if any(host.endswith(s) for s in UNIVERSITY):
        return "university site: terms not stated; short excerpt"
    return "publisher copyright (all rights reserved): short excerpt for research evaluation and training"


def main() -> None:
    path = REAL / "passages.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for r in rows:
        r["split"] = real_split_of(r["url"])
        r["terms"] = terms_of(r["publisher"])
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    split = {r["id"]: r["split"] for r in rows}
    (REAL / "split.json").write_text(json.dumps(dict(sorted(split.items())), indent=1) + "\n", encoding="utf-8")
    for s in ("train", "dev", "test"):
        part = [r for r in rows if r["split"] == s]
        labels = sorted({lab for r in part for lab in r["labels"]})
        counts = {lab: sum(lab in r["labels"] for r in part) for lab in labels}
        print(s, len(part), counts, "no-label:", sum(not r["labels"] for r in part))


if __name__ == "__main__":
    main()
