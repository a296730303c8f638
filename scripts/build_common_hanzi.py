"""Build ``pipeline/data/common_hanzi.txt``: the most frequent Han characters.

Counts Han characters in the Chinese (Simplified) and Japanese NER corpora of
``../shared/ner`` and keeps the top ``--zh`` Chinese and top ``--ja`` Japanese
characters; every Chinese character is also added in its Traditional form(s)
(OpenCC ``s2t`` and ``s2tw``), so the list covers Traditional Chinese,
Simplified Chinese and Japanese kanji.  Used by
:func:`pipeline.text.clean.garbled_score`.

    .venv/bin/python scripts/build_common_hanzi.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from pipeline.text.chars import is_han
from pipeline.text.clean import COMMON_HANZI_PATH

ROOT = Path(__file__).resolve().parents[1]


def count_han(files: list[Path]) -> Counter[str]:
    """Han character frequencies over the ``text`` fields of JSONL files."""
    counts: Counter[str] = Counter()
    for path in files:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                counts.update(ch for ch in json.loads(line)["text"] if is_han(ch))
    return counts


def build(shared: Path, n_zh: int = 3000, n_ja: int = 2500) -> list[str]:
    """The sorted common-character list (Simplified + Traditional + Japanese)."""
    from opencc import OpenCC

    zh = count_han(sorted((shared / "ner" / "zh").glob("*.jsonl")))
    ja = count_han(sorted((shared / "ner" / "ja").glob("*.jsonl")))
    top_zh = [ch for ch, _ in zh.most_common(n_zh)]
    chars = set(top_zh) | {ch for ch, _ in ja.most_common(n_ja)}
    for conv in (OpenCC("s2t"), OpenCC("s2tw")):
        chars |= {t for ch in top_zh for t in conv.convert(ch) if is_han(t)}
    return sorted(chars)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--zh", type=int, default=3000)
    ap.add_argument("--ja", type=int, default=2500)
    ap.add_argument("--out", type=Path, default=COMMON_HANZI_PATH)
    args = ap.parse_args()
    chars = build(args.shared, args.zh, args.ja)
    header = (
        f"# {len(chars)} common Han characters: top {args.zh} of ../shared/ner/zh (Simplified)\n"
        f"# + their Traditional forms (OpenCC s2t, s2tw) + top {args.ja} of ../shared/ner/ja.\n"
        "# Built by scripts/build_common_hanzi.py; used by textclean.garbled_score.\n"
    )
    body = "\n".join("".join(chars[i : i + 50]) for i in range(0, len(chars), 50))
    args.out.write_text(header + body + "\n", encoding="utf-8")
    print(f"wrote {len(chars)} characters to {args.out}")


if __name__ == "__main__":
    main()
