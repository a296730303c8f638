"""Write ``corpora/gazetteers/cn_divisions.tsv``: the administrative divisions of the PRC
(GB/T 2260 codes) as GPE entries, from the code table shipped in the PyPI package ``cpca``.

Source: ``cpca`` 0.5.5 (MIT, https://github.com/DQinYuan/chinese_province_city_area_mapper),
file ``cpca/resources/adcodes.csv`` (adcode, name, longitude, latitude: 3,511 divisions).
Taken: the 33 provincial-level divisions outside Taiwan (Taiwan's own divisions are in
``tw_places.tsv``), the prefecture-level ones and the county-level ones whose name has at least
three characters (a two-character county name such as 城区 or 郊区 is a common word).

Short forms, as news write them, go to ``cn_short_names.tsv`` (a ``bare_files`` gazetteer: a
title-anchored person beats them): a province or autonomous region without its suffix
(广东省 -> 广东, 内蒙古自治区 -> 内蒙古, 北京市 -> 北京), a prefecture-level city without 市 or
its ethnic-autonomy suffix (徐州市 -> 徐州, 延边朝鲜族自治州 -> 延边) unless jieba's dictionary
knows the short form as a common word of another kind (东方市 -> 东方, a direction; 中山 stays,
tagged as a place). County-level names get no short form: too many are words or other names.
Placeholders (市辖区, 省直辖县级行政区划) are left out; a name repeated in several provinces
(朝阳区) is listed once.

Usage: ``pip install cpca==0.5.5 && python scripts/cn_divisions.py [cpca/resources]``
"""

from __future__ import annotations

import csv
import re
import sys
from importlib import resources
from pathlib import Path

import jieba.posseg
from opencc import OpenCC

GAZETTEERS = Path(__file__).resolve().parent.parent / "corpora" / "gazetteers"
_PROVINCE_SUFFIX = re.compile(r"(?:维吾尔自治区|壮族自治区|回族自治区|自治区|特别行政区|省|市)$")
_PLACEHOLDERS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
# jieba tags of words that are not place names (directions, common nouns, verbs, persons ...)
_COMMON_TAGS = {"s", "f", "a", "ad", "an", "v", "vn", "m", "t", "n", "r", "p", "c", "u", "nr"}
HEADER = "label\tzh_hant\tja\ten\taliases\tparent"


def _level(code: str) -> int:
    """0 provincial, 1 prefectural, 2 county-level (GB/T 2260: two digits per level)."""
    return 0 if code[2:6] == "0000" else 1 if code[4:6] == "00" else 2


def _short_city(name: str, nations: list[str]) -> str | None:
    """徐州市 -> 徐州; 延边朝鲜族自治州 -> 延边 (``nations``: the ethnic-group names, longest
    first); None when the short form is too short or a common word (jieba tag)."""
    short = name
    for suffix in ("自治州", "地区", "盟", "市"):
        if short.endswith(suffix):
            short = short[: -len(suffix)]
            break
    while any(short.endswith(n) for n in nations):
        short = short[: -len(next(n for n in nations if short.endswith(n)))]
    if short == name or len(short) < 2:
        return None
    tags = {p.flag for p in jieba.posseg.lcut(short, HMM=False) if p.word == short}
    return None if tags & _COMMON_TAGS else short


def rows(resources_dir: Path) -> tuple[list[list[str]], list[list[str]]]:
    """(division rows, short-form rows): GPE, Traditional name, the Simplified name (and the
    short form) as aliases, parent = the province (see the module docstring)."""
    to_traditional = OpenCC("s2tw")
    with (resources_dir / "adcodes.csv").open(encoding="utf-8") as fh:
        table = sorted((r["adcode"], r["name"].strip()) for r in csv.DictReader(fh))
    with (resources_dir / "56_nations.csv").open(encoding="utf-8") as fh:
        groups = [n.strip() for n in fh.read().split() if n.strip()]
    # written with or without 族 in names (博尔塔拉蒙古自治州, 伊犁哈萨克自治州)
    nations = sorted({*groups, *(g.removesuffix("族") for g in groups if len(g) > 2)}, key=len, reverse=True)
    provinces = {code[:2]: name for code, name in table if _level(code) == 0}
    divisions, shorts, seen = [], [], set()
    for code, name in table:
        level = _level(code)
        if code.startswith("71") or name in _PLACEHOLDERS or name in seen or (level == 2 and len(name) < 3):
            continue
        seen.add(name)
        parent = "" if level == 0 else to_traditional.convert(provinces.get(code[:2], ""))
        row = ["GPE", to_traditional.convert(name), "", "", name, parent]
        divisions.append(row)
        if level == 0:
            short = _PROVINCE_SUFFIX.sub("", name)
            short = short if short != name and len(short) >= 2 else None
        else:
            short = _short_city(name, nations) if level == 1 else None
        if short:
            shorts.append([*row[:4], f"{name}|{short}", parent])
    return divisions, shorts


def main(source: str | None = None) -> None:
    """Write both TSVs (header comments, column line, one division a line in code order)."""
    folder = Path(source) if source else Path(str(resources.files("cpca") / "resources"))
    divisions, shorts = rows(folder)
    origin = "from the PyPI package cpca 0.5.5 (MIT); built by scripts/cn_divisions.py, see README.md."
    for name, table, what in (
        ("cn_divisions.tsv", divisions, "Administrative divisions of the PRC (GB/T 2260: provinces, prefecture- and county-level units)"),
        ("cn_short_names.tsv", shorts, "Short forms of PRC provinces and prefecture-level cities (bare names: a titled person beats them)"),
    ):
        lines = [f"# {what}", f"# {origin}", HEADER, *("\t".join(r) for r in table)]
        (GAZETTEERS / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{name}: {len(table)} rows")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
