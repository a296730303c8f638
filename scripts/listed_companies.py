"""Write ``corpora/gazetteers/listed_companies.tsv``: the short names of every company listed
on the Shanghai, Shenzhen and Beijing exchanges and on Taiwan's TWSE and TPEx, as ORG entries.

News and reports name companies by their listed short name, without a legal form (比亚迪,
宁德时代, 三一重工, 台積電, 聯發科); the statistical model reads many of them as persons.
Sources (complete exchange listings shipped in PyPI packages):

* ``adata`` 2.9.5 (Apache-2.0 / MIT classifiers), ``adata/stock/cache/code.csv``: 5,640 A-share
  codes with their short names (2023-10);
* ``twstock`` 1.5.1 (MIT), ``twstock/codes/twse_equities.csv`` and ``tpex_equities.csv``: the
  listed and OTC securities of Taiwan (2020); rows of type 股票 only.

Kept: short names of at least three characters after the exchange's markers are removed
(ST, *ST, PT, S, XD, XR, DR, N, C prefixes; A/B share and -U/-W suffixes; inner spaces), which jieba's
dictionary does not know as a common word or a place's name (太阳能, 农产品, 机器人,
金融街 are stock names too). Two-character names (万科, 鴻海, 統一, 幸福) are left out: too many
are words or parts of words, and so is a place's name (张家界: the city, in most texts). A name
two companies share is listed once. Simplified names get a
Traditional form (OpenCC s2tw) with the original as an alias.

Usage: ``pip download --no-deps adata==2.9.5 twstock==1.5.1 -d /tmp/w && (cd /tmp/w && unzip -o
'*.whl' 'adata/stock/cache/code.csv' 'twstock/codes/*') && python scripts/listed_companies.py /tmp/w``
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from pathlib import Path

import jieba
import jieba.posseg
from opencc import OpenCC

GAZETTEERS = Path(__file__).resolve().parent.parent / "corpora" / "gazetteers"
HEADER = "label\tzh_hant\tja\ten\taliases\tparent"
# jieba tags that make a name a word of another kind; nt (organisation), nz (other proper noun),
# j (abbreviation) and person tags are kept, and so is a name jieba does not know.
_KEPT_TAGS = {"nt", "nz", "j", "nr", "nrt", "nrfg"}  # jieba reads some brands as persons (比亚迪)
# Tags of vocabulary: a name made only of such words is a phrase (新产业, 建设工业, 统一超).
_COMMON_TAGS = {"n", "v", "vn", "vd", "a", "ad", "an", "d", "m", "q", "r", "p", "c", "u", "f", "s", "t", "b", "z",
                "i", "l", "ng", "vg", "ag", "dg", "tg", "mq", "uj", "ul", "uz", "ug", "ud", "zg", "y", "e", "o", "k", "h"}
_MARKERS = re.compile(r"^(?:\*?S?\*?ST|PT|(?:XD|XR|DR|S|N|C)(?=[\u4e00-\u9fff]))|(?:-[A-Z]+|[AB])$")


def clean(name: str) -> str:
    """The company's short name without the exchange's markers and spaces."""
    return _MARKERS.sub("", unicodedata.normalize("NFKC", name).replace(" ", ""))


def is_name(name: str, simplified: str, tags: dict[str, str]) -> bool:
    """At least three characters with a Han one; not a known common word, and not a phrase of
    vocabulary only (a name holds a proper noun or a word jieba does not know)."""
    if len(name) < 3 or not re.search(r"[\u4e00-\u9fff]", name):
        return False
    tag = tags.get(simplified)
    if tag is not None:
        return tag in _KEPT_TAGS
    words = list(jieba.posseg.cut(simplified, HMM=False))
    singles = sum(1 for w in words if len(w.word) == 1)
    # 新|产业, 统一|超, 建设|工业: common words, at most one single character -> a phrase;
    # 中|芯|国际, 台|积|电, 比|亚|迪: characters of a word jieba does not know -> a name.
    return any(w.flag not in _COMMON_TAGS for w in words) or singles >= 2


def place_names() -> set[str]:
    """Names of places in the project's place gazetteers, with and without their admin suffix
    (张家界市 -> 张家界): a listed company named after its city does not take the city's name."""
    names: set[str] = set()
    for file in ("cn_divisions.tsv", "cn_short_names.tsv", "tw_places.tsv", "world_cities.tsv"):
        for line in (GAZETTEERS / file).read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if line.startswith("#") or len(cols) < 5 or cols[0] not in ("GPE", "LOC"):
                continue
            for name in [cols[1], cols[2], *cols[4].split("|")]:
                names |= {name, re.sub(r"[市縣县區区省州]$", "", name)}
    return names - {""}


def main(folder: Path) -> None:
    """Write the gazetteer from the unpacked wheels in ``folder`` (see the module docstring)."""
    jieba.setLogLevel(60)
    places = place_names()
    tags = jieba.posseg.dt.word_tag_tab
    s2tw, tw2s = OpenCC("s2tw"), OpenCC("tw2s")
    rows: dict[str, str] = {}  # Traditional name -> alias
    with (folder / "adata" / "stock" / "cache" / "code.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            name = clean(r["short_name"])
            if is_name(name, name, tags) and s2tw.convert(name) not in places and name not in places:
                rows.setdefault(s2tw.convert(name), name)
    for market in ("twse_equities.csv", "tpex_equities.csv"):
        with (folder / "twstock" / "codes" / market).open(encoding="utf-8") as f:
            for r in csv.DictReader(f):
                name = clean(r["name"])
                if r["type"] == "股票" and is_name(name, tw2s.convert(name), tags) and name not in places:
                    rows.setdefault(name, "")
    lines = ["# Listed short names of the companies of the SSE/SZSE/BSE (adata 2.9.5) and TWSE/TPEx (twstock 1.5.1);",
             "# built by scripts/listed_companies.py. Not derived from any evaluation document.", HEADER]
    for trad, alias in sorted(rows.items()):
        lines.append(f"ORG\t{trad}\t\t\t{alias if alias != trad else ''}\t")
    (GAZETTEERS / "listed_companies.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} names -> {GAZETTEERS / 'listed_companies.tsv'}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/wheels"))
