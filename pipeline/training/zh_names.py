"""Extra names for the Chinese model's mention replacement (:func:`zh_data.replace_mentions`).

The news corpora hold few of the names our documents are full of: Japanese companies and
people written in Chinese characters (安川电机, 三菱重工业), Latin-letter company names, and
long registered company names (a province, a trade name, an industry, a legal suffix). The
names here come from complete public corpora or are composed from general parts; none comes
from an evaluation document.

- Japanese ORG / PERSON names: every train mention of the Japanese corpora in
  ``../shared/ner/ja`` (stockmark, GSD train, WAC train; CC BY-SA), Japanese kanji mapped to
  Traditional (OpenCC ``JPVariants`` reversed) then to Simplified (OpenCC ``t2s``); kept when
  every character is a Han character seen in the Chinese training text, or the name is in
  Latin letters.
- Composed company names: a place of the training data + a short training ORG name as the
  trade name + an optional industry word + a legal suffix (general vocabulary below).
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline import resources
from pipeline.text.chars import is_han
from pipeline.text.chars import nfkc_per_char as normalise

SHARED_JA = resources.shared_dir() / "ner" / "ja"
JA_TRAIN = ("stockmark.jsonl", "gsd.train.jsonl", "wac.train.jsonl")
JA_LABELS = {
    "法人名": "ORG", "政治的組織名": "ORG", "その他の組織名": "ORG", "人名": "PERSON",
    "ORG": "ORG", "PERSON": "PERSON", "ORGANIZATION": "ORG",
}
# General vocabulary of Chinese registered company names (not names of any company).
INDUSTRIES = (
    "新能源", "能源", "电力", "电子", "电气", "科技", "信息技术", "网络科技", "实业", "发展", "投资",
    "控股", "化工", "机械", "汽车", "汽车零部件", "环保", "医药", "生物", "建设", "建筑", "物流",
    "贸易", "材料", "新材料", "重工", "精密", "光电", "半导体", "智能", "装备", "制造", "钢铁",
    "矿业", "置业", "地产", "食品", "纺织", "水务", "燃气", "通信", "传媒", "文化", "旅游", "电池",
)
SUFFIXES = (
    "有限公司", "股份有限公司", "有限责任公司", "集团有限公司", "集团股份有限公司", "集团",
    "公司", "（集团）有限公司", "研究院", "研究所", "协会", "商会",
)
N_COMPOSED = 3000
# A trade name is a short ORG mention not ending in the head of a body (局, 所, 军...): 龙源, 海尔.
BODY_HEADS = set("局所军部会院厅党队社委府团处署司厂校馆行办组站协盟署")
MIN_PLACE_COUNT = 20  # places of company names: frequent training places (provinces, cities)


def _ja_to_simplified() -> Any:
    """A function mapping Japanese kanji text to Simplified Chinese (None if OpenCC is missing)."""
    import opencc

    from pipeline.training.zh_data import convert_script

    table: dict[str, str] = {}
    path = Path(opencc.__file__).parent / "dictionary" / "JPVariants.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        trad, _, jp = line.partition("\t")
        for variant in jp.split():
            if len(variant) == 1 and len(trad) == 1:
                table.setdefault(variant, trad)  # shinjitai -> Traditional (気 -> 氣)

    def convert(text: str) -> str:
        trad = "".join(table.get(ch, ch) for ch in text)
        return convert_script(trad, "t2s") or trad

    return convert


def _usable(name: str, known: set[str]) -> bool:
    """A Han name of known characters (2-12 long), or a Latin-letter name (2-20 long)."""
    if all(is_han(ch) for ch in name):
        return 2 <= len(name) <= 12 and all(ch in known for ch in name)
    latin = name.replace(" ", "").replace("&", "").replace("-", "").replace(".", "")
    return 2 <= len(name) <= 20 and latin.isascii() and latin.isalnum() and any(c.isalpha() for c in latin)


def japanese_names(known: set[str], shared: Path = SHARED_JA) -> dict[str, list[str]]:
    """ORG and PERSON train mentions of the Japanese corpora, in Simplified characters."""
    out: dict[str, set[str]] = {"ORG": set(), "PERSON": set()}
    if not shared.exists():
        return {k: [] for k in out}
    convert = _ja_to_simplified()
    for fname in JA_TRAIN:
        with open(shared / fname, encoding="utf-8") as fh:
            for line in fh:
                ex = json.loads(line)
                for start, end, label in ex["entities"]:
                    target = JA_LABELS.get(label)
                    raw = normalise(ex["text"][start:end]).strip()
                    if target is None or not raw:
                        continue
                    name = convert(raw) if all(is_han(ch) for ch in raw.replace(" ", "")) else raw
                    if all(is_han(ch) for ch in name.replace(" ", "")):
                        name = name.replace(" ", "")  # Chinese writes 安倍晋三, not 安倍 晋三
                    if _usable(name, known):
                        out[target].add(name)
    return {k: sorted(v) for k, v in out.items()}


def composed_companies(rows: Iterable[dict[str, Any]], n: int = N_COMPOSED, seed: int = 0) -> list[str]:
    """``n`` company names: place + trade name + optional industry + legal suffix (deterministic)."""
    place_counts: Counter[str] = Counter()
    cores: set[str] = set()
    for ex in rows:
        for start, end, label in ex["entities"]:
            name = ex["text"][start:end]
            if label == "GPE" and 2 <= len(name) <= 3:
                place_counts[name] += 1
            elif label == "ORG" and 2 <= len(name) <= 3 and all(is_han(ch) for ch in name) and name[-1] not in BODY_HEADS:
                cores.add(name)
    places = {p for p, c in place_counts.items() if c >= MIN_PLACE_COUNT}
    cores -= set(place_counts)  # 沙特, 蒙古 are places even where a corpus tags them ORG
    if not places or not cores:
        return []
    rng = random.Random(seed)
    place_list, core_list = sorted(places), sorted(cores)
    out = []
    for _ in range(n):
        industry = rng.choice(INDUSTRIES) if rng.random() < 0.7 else ""
        place = rng.choice(place_list) if rng.random() < 0.7 else ""
        out.append(place + rng.choice(core_list) + industry + rng.choice(SUFFIXES))
    return out


def extra_pools(rows: list[dict[str, Any]], known: set[str]) -> dict[str, list[str]]:
    """Label -> extra names for mention replacement (Japanese, Latin-letter and composed names)."""
    pools = japanese_names(known)
    pools["ORG"] = pools["ORG"] + composed_companies(rows)
    return pools
