"""Freeze the dev/test split of the real-text evaluation set (corpora/eval/real/).

Per language, documents are ranked by SHA-256 of ``tripreport-eval-v1:<id>``; the
first half (rounded up) is ``test``. The split depends on ids only, never on
content, and is written once, before development on the set starts:
``split.json`` maps id -> split. Re-running reproduces it byte for byte.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

REAL = Path(__file__).resolve().parents[1] / "corpora" / "eval" / "real"


def main() -> None:
    split: dict[str, str] = {}
    for path in sorted(REAL.glob("*.marked.jsonl")):
        ids = [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        ranked = sorted(ids, key=lambda i: hashlib.sha256(f"tripreport-eval-v1:{i}".encode()).hexdigest())
        n_test = (len(ranked) + 1) // 2
        for rank, doc_id in enumerate(ranked):
            split[doc_id] = "test" if rank < n_test else "dev"
    (REAL / "split.json").write_text(json.dumps(dict(sorted(split.items())), indent=1) + "\n", encoding="utf-8")
    print({s: sum(1 for v in split.values() if v == s) for s in ("dev", "test")})


if __name__ == "__main__":
    main()
