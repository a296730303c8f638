"""Latin spellings of Japanese place names, from the kana readings of the Japan Post data.

``hepburn("トウキョウ")`` -> ``"Tokyo"``: modified Hepburn without macrons, as places are
written in English (long vowels ou/oo/uu shortened: Tokyo, Osaka, Kobe, Oita).
:func:`romaji_rows` makes ``corpora/gazetteers/ja_romaji.tsv``: the 47 prefectures and
the cities of ``ja_short_names.tsv`` (prefectural capitals) and the designated cities in Latin
letters -- Chiba Prefecture / Chiba, Sendai City / Sendai -- as entries that share the
canonical id of the Japanese names. Smaller towns are left out: their romanised names are
often English words (伊達市 = Date).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from pipeline.text.fold import fold, jp_to_traditional

_BASE = dict(zip(
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンガギグゲゴ"
    "ザジズゼゾダヂヅデドバビブベボパピプペポヴ",
    "a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho ma mi mu me mo "
    "ya yu yo ra ri ru re ro wa o n ga gi gu ge go za ji zu ze zo da ji zu de do ba bi bu be bo pa pi pu pe po vu"
    .split(), strict=True))
_SMALL = {"ャ": "ya", "ュ": "yu", "ョ": "yo", "ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o"}
_SUFFIXES = {"県": "ケン", "府": "フ", "都": "ト", "市": "シ"}
_ENGLISH = {"県": "Prefecture", "府": "Prefecture", "都": "Metropolis", "市": "City"}
# Bare romanised names that are also English words: only with their suffix (Saga Prefecture).
_WORDS = {"saga"}


def hepburn(kana: str) -> str:
    """Katakana (or hiragana) reading -> capitalised Hepburn spelling without macrons."""
    kana = "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in kana)
    out: list[str] = []
    double = False
    for ch in kana:
        if ch == "ッ":
            double = True
            continue
        if ch in _SMALL and out:
            prev = out.pop()
            stem = prev[:-1] if prev.endswith("i") and len(prev) > 1 else prev
            syl = stem + _SMALL[ch][-1] if stem.endswith(("sh", "ch", "j")) else stem + _SMALL[ch]
        elif ch == "ー":
            continue
        else:
            syl = _BASE.get(ch, "")
        if double and syl:
            syl = ("t" if syl.startswith("ch") else syl[0]) + syl
        double = False
        out.append(syl)
    word = "".join(out)
    word = re.sub(r"n(?=[aiueoy])", "n'", word).replace("n'", "n")  # no apostrophes in place names
    for long, short in (("ou", "o"), ("oo", "o"), ("uu", "u")):
        word = word.replace(long, short)
    return word[:1].upper() + word[1:]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t"))


def _row(ja: str, en: str, aliases: list[str], parent: str = "") -> dict[str, str]:
    return {"label": "GPE", "zh_hant": jp_to_traditional(ja), "ja": ja, "en": en,
            "aliases": "|".join(aliases), "parent": parent}


def _bare(name: str, kana: str) -> tuple[str, str]:
    """The name and reading without the admin suffix (千葉県/チバケン -> 千葉/チバ)."""
    suffix = name[-1]
    if suffix in _SUFFIXES and kana.endswith(_SUFFIXES[suffix]) and name != "北海道":
        return name[:-1], kana[: -len(_SUFFIXES[suffix])]
    return name, kana


def _city_kana(city: str, rows: list[dict[str, str]]) -> str | None:
    """A city's reading; designated cities appear only with their wards (札幌市中央区)."""
    for r in rows:
        if r["city"] == city:
            return r["city_kana"]
    wards = [r["city_kana"] for r in rows if r["city"].startswith(city) and r["city"].endswith("区")]
    if len(wards) < 2:
        return None
    common = wards[0]
    for w in wards[1:]:
        while not w.startswith(common):
            common = common[:-1]
    return common if common.endswith("シ") else None


def romaji_rows(shared: Path, short_names: Path) -> list[dict[str, str]]:
    """Rows of ``ja_romaji.tsv`` (columns of the other gazetteers)."""
    rows: list[dict[str, str]] = []
    taken: set[str] = set()
    for r in _read(shared / "prefectures.tsv"):
        bare = hepburn(_bare(r["prefecture"], r["prefecture_kana"])[1])
        suffix = r["prefecture"][-1]
        en = bare if r["prefecture"] == "北海道" else f"{bare} {_ENGLISH[suffix]}"
        aliases = [bare] if en != bare and fold(bare) not in _WORDS else []
        taken.add(fold(bare))
        rows.append(_row(r["prefecture"], en, aliases))
    munis = _read(shared / "municipalities.tsv")
    prefecture_of = {r["city"]: r["prefecture"] for r in munis}
    designated = {m.group(1) for r in munis if (m := re.match(r"^(.+?市)(.+区)$", r["city"]))}
    cities = [s["ja"] for s in _read(short_names) if s["ja"].endswith("市")]
    for city in cities + sorted(designated - set(cities)):
        reading = _city_kana(city, munis)
        if reading is None:
            continue
        bare = hepburn(_bare(city, reading)[1])
        aliases = [f"{bare}-shi"] + ([bare] if fold(bare) not in taken | _WORDS else [])
        taken.add(fold(bare))
        parent = prefecture_of.get(city) or next((m["prefecture"] for m in munis if m["city"].startswith(city)), "")
        rows.append(_row(city, f"{bare} City", aliases, parent))
    return rows
