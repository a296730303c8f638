"""Write ``corpora/gazetteers/gbt4754_2017.tsv`` (code, level, name) from a machine-readable copy of
GB/T 4754-2017 国民经济行业分类 (a JavaScript array of {class1..class4, level, name, remark}).

The copy used: github.com/zmshe/capital, ``src/utils/category.js`` at commit 0b8f1ae (1,772 rows:
20 sections, 97 divisions, the groups and the 1,380 classes of the standard).

Usage: ``python scripts/gbt4754_list.py category.js``
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_ROW = re.compile(
    r"class4: '(\d*)',\s*class3: '(\d*)',\s*level: '(\d)',\s*class2: '(\d*)',\s*class1: '([A-Z])',\s*name:\s*'([^']*)'"
)
OUT = Path(__file__).resolve().parent.parent / "corpora" / "gazetteers" / "gbt4754_2017.tsv"


def main(source: str) -> None:
    """Convert the JavaScript copy to a TSV, one category a line, in the standard's order."""
    rows = _ROW.findall(Path(source).read_text(encoding="utf-8"))
    lines = ["# GB/T 4754-2017 国民经济行业分类 (National Bureau of Statistics of China): every category",
             "# code (section letter + digits), level (1 section .. 4 class), name; see README.md.",
             "code\tlevel\tname"]
    for class4, class3, level, class2, class1, name in rows:
        code = class1 + (class4 or class3 or class2)
        lines.append(f"{code}\t{level}\t{name.strip()}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(rows)} categories")


if __name__ == "__main__":
    main(sys.argv[1])
