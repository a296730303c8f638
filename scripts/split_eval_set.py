"""Freeze the dev/test split of the real-text evaluation set (corpora/eval/real/).

Per language, documents are ranked by SHA-256 of ``tripreport-eval-v1:<id>``; the
first half (rounded up) is ``test``. The split depends on ids only, never on
content, and is written once, before development on the set starts:
``split.json`` maps id -> split. Re-running reproduces it byte for byte.

Only the first batch (numbers 01-22 of each language) is ranked; documents added later
move no document between the frozen splits: the second batch (23-34, annotated blind in
the third release) is all ``dev`` (it was scored once, then studied); the third batch (35
onwards, annotated blind at the start of the fourth release, before any development in
that session) is all ``test``; the fourth to sixth batches (45-54, 55-64, 65-74, annotated blind
later in that session), the seventh (75-84, fifth release), the eighth (85-94, sixth release),
the ninth to eleventh (95-104, 105-114, 115-124, seventh release), the twelfth (125-134,
eighth release) and the thirteenth and fourteenth (135-144, 145-154, ninth release) are all ``dev`` (each scored once
before it was studied).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

REAL = Path(__file__).resolve().parents[1] / "corpora" / "eval" / "real"
FIRST_BATCH = 22  # documents per language in the batch the split was frozen on
THIRD_BATCH = 35  # first number of the third batch, frozen as test
FOURTH_BATCH = 45  # first number of the fourth batch, dev


def _batch_number(doc_id: str) -> int:
    return int(re.search(r"(\d+)$", doc_id).group(1))


def main() -> None:
    split: dict[str, str] = {}
    for path in sorted(REAL.glob("*.marked.jsonl")):
        ids = [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        second = [i for i in ids if FIRST_BATCH < _batch_number(i) < THIRD_BATCH]
        third = [i for i in ids if THIRD_BATCH <= _batch_number(i) < FOURTH_BATCH]
        fourth = [i for i in ids if _batch_number(i) >= FOURTH_BATCH]
        ids = [i for i in ids if _batch_number(i) <= FIRST_BATCH]
        split.update(dict.fromkeys(second, "dev"))
        split.update(dict.fromkeys(third, "test"))
        split.update(dict.fromkeys(fourth, "dev"))
        ranked = sorted(ids, key=lambda i: hashlib.sha256(f"tripreport-eval-v1:{i}".encode()).hexdigest())
        n_test = (len(ranked) + 1) // 2
        for rank, doc_id in enumerate(ranked):
            split[doc_id] = "test" if rank < n_test else "dev"
    (REAL / "split.json").write_text(json.dumps(dict(sorted(split.items())), indent=1) + "\n", encoding="utf-8")
    print({s: sum(1 for v in split.values() if v == s) for s in ("dev", "test")})


if __name__ == "__main__":
    main()
