"""Sector classifier at run time: features, configuration, inference and storage.

The model is a set of per-label linear classifiers over character n-gram
TF-IDF features of *folded* text: NFKC, lower-case, Japanese shinjitai and
Simplified Chinese mapped to Traditional forms, so one vocabulary serves
zh-Hant, zh-Hans and ja without any language-specific tokeniser.

Training (:func:`pipeline.training.sectors.train`) fits, per label, a class-balanced
``LogisticRegression`` with Platt (sigmoid) calibration on out-of-fold scores
(cross-validation on the train split only; a label with few positives is
shrunk toward a sigmoid pooled over all labels), then tunes a probability
threshold per label on the dev split.  The test split (a seeded hash of each
passage id) is never seen by training or tuning.

Storage is plain data, never pickle: ``vocab.json`` (n-grams in column
order), ``idf.npy``, ``coef.npy`` (labels x features) and ``model.json``
(intercepts, sigmoid calibration, thresholds, metrics).  :class:`SectorModel`
re-implements the inference arithmetic with NumPy only, and training checks
that it reproduces scikit-learn's probabilities.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from pipeline import resources

FORMAT_VERSION = 1

# Japanese shinjitai -> Traditional (kyūjitai / Taiwan) forms that OpenCC's
# s2t does not cover because they are not Simplified Chinese forms either.
_SHINJITAI = (
    "経經 済濟 産產 発發 気氣 広廣 転轉 変變 処處 売賣 読讀 図圖 関關 県縣 験驗 検檢 険險 "
    "単單 価價 様樣 営營 総總 楽樂 薬藥 拠據 点點 覧覽 辺邊 児兒 鉄鐵 続續 称稱 応應 対對 "
    "実實 証證 両兩 帯帶 沢澤 戦戰 浜濱 従從 歩步 渉涉 携攜 収收 捜搜 稲稻 穏穩 窓窗 竜龍 "
    "粋粹 緑綠 縄繩 聴聽 脳腦 蔵藏 譲讓 豊豐 賛贊 軽輕 辞辭 酔醉 釈釋 鋳鑄 闘鬥 隠隱 雑雜 "
    "霊靈 顕顯 駅驛 騒騷 黒黑 亜亞 悪惡 圧壓 囲圍 医醫 栄榮 円圓 塩鹽 横橫 温溫 仮假 絵繪 "
    "拡擴 覚覺 勧勸 巻卷 歓歡 観觀 帰歸 旧舊 挙舉 峡峽 区區 駆驅 径徑 恵惠 渓溪 継繼 芸藝 "
    "撃擊 権權 献獻 効效 恒恆 黄黃 砕碎 剤劑 残殘 歯齒 湿濕 写寫 寿壽 渋澁 獣獸 縦縱 焼燒 "
    "条條 状狀 乗乘 浄淨 剰剩 畳疊 醸釀 触觸 寝寢 随隨 髄髓 数數 枢樞 静靜 摂攝 専專 浅淺 "
    "践踐 銭錢 潜潛 繊纖 壮壯 争爭 荘莊 挿插 巣巢 増增 臓臟 属屬 滞滯 滝瀧 択擇 担擔 胆膽 "
    "団團 弾彈 断斷 遅遲 昼晝 虫蟲 庁廳 逓遞 伝傳 灯燈 当當 党黨 盗盜 徳德 独獨 届屆 悩惱 "
    "廃廢 髪髮 抜拔 晩晚 蛮蠻 払拂 仏佛 舗鋪 宝寶 没沒 満滿 黙默 訳譯 揺搖 謡謠 来來 頼賴 "
    "覧覽 猟獵 塁壘 涙淚 励勵 暦曆 歴歷 恋戀 炉爐 労勞 楼樓 録錄 湾灣 圏圈 徴徵 拝拜 桜櫻 "
    "郷鄉 隣鄰 陥陷 戯戲 犠犧 亀龜 斎齋 礼禮 円圓 鉱礦 衛衛 栃櫪 戸戶 歳歲 渇渴 謁謁 "
    "器器 突突 臭臭 嘆歎 姫姬 弐貳 穂穗 恵惠 厳嚴 縁緣 艶豔 壊壞 懐懷 殻殼 勲勳 薫薰 鶏雞 "
    "芸藝 倹儉 剣劍 圏圈 巌巖 広廣 鉱礦 穀穀 酢酢 雑雜 視視 児兒 爵爵 粛肅 諸諸 叙敘 "
    "奨獎 将將 焦焦 証證 嘱囑 尽盡 衝衝 瀬瀨 斉齊 静靜 跡跡 窃竊 摂攝 禅禪 祖祖 僧僧 層層 "
    "騒騷 卒卒 堕墮 帯帶 台臺 択擇 沢澤 弾彈 恥恥 痴癡 遅遲 聴聽 懲懲 勅敕 鎮鎭 塚塚 "
    "逓遞 転轉 都都 灯燈 闘鬥 読讀 突突 難難 弐貳 梅梅 麦麥 髪髮 抜拔 繁繁 晩晚 卑卑 碑碑 "
    "秘祕 賓賓 敏敏 侮侮 福福 払拂 併倂 塀塀 辺邊 変變 弁辨 勉勉 歩步 穂穗 簿簿 宝寶 峰峯 "
    "翻翻 毎每 万萬 免免 黙默 薬藥 訳譯 与與 誉譽 様樣 謡謠 翼翼 頼賴 欄欄 竜龍 虜虜 猟獵 "
    "緑綠 隣鄰 涙淚 塁壘 類類 励勵 鈴鈴 霊靈 齢齡 暦曆 歴歷 廉廉 炉爐 郎郎 楼樓 録錄 湾灣"
)


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """One character table: shinjitai and Simplified forms -> Traditional forms.

    Built from OpenCC's own dictionaries (``JPVariants.txt`` reversed,
    ``STCharacters.txt`` first candidate) plus the shinjitai pairs above.  A
    character table (no phrase matching) is ~20x faster than ``OpenCC('s2t')``
    and is all the character n-gram features need.
    """
    import opencc  # opencc-python-reimplemented ships the dictionary files

    dict_dir = Path(opencc.__file__).resolve().parent / "dictionary"
    table: dict[int, str] = {}

    def read(name: str) -> list[tuple[str, str]]:
        pairs = []
        for line in (dict_dir / name).read_text(encoding="utf-8").splitlines():
            src, _, dst = line.partition("\t")
            if len(src) == 1 and dst:
                pairs.append((src, dst.split()[0]))
        return pairs

    for src, dst in read("STCharacters.txt"):
        if len(dst) == 1 and src != dst:
            table[ord(src)] = dst
    for trad, jp in read("JPVariants.txt"):  # traditional -> Japanese variant; reversed
        if len(jp) == 1 and jp != trad and ord(jp) not in table:
            table[ord(jp)] = trad
    for pair in _SHINJITAI.split():
        if pair[0] != pair[1]:
            table[ord(pair[0])] = pair[1]
    return table


_WS = re.compile(r"\s+")


def fold_text(text: str) -> str:
    """Normalise text so zh-Hant, zh-Hans and ja share one character vocabulary.

    NFKC (full-width Latin/digits), lower case, Japanese shinjitai and Simplified
    Chinese characters -> Traditional forms, whitespace collapsed to one space.
    """
    text = unicodedata.normalize("NFKC", text).lower().translate(_fold_table())
    return _WS.sub(" ", text).strip()


_LATIN_WORD = re.compile(r"[a-z][a-z0-9]*(?:[\-&][a-z0-9]+)*")
_SHORT_LATIN = re.compile(r"[a-z]{1,2}")


def char_ngrams(folded: str, nmin: int, nmax: int) -> list[str]:
    """Features of already-folded text: character n-grams plus whole Latin words.

    Character n-grams (text padded with a space at both ends) serve Chinese and
    Japanese without a tokeniser; each Latin word is also one feature of its own
    (``<mems>`` is not ``<messe>``, which share most of their letters).
    """
    padded = f" {folded} "
    out: list[str] = []
    for n in range(nmin, nmax + 1):
        out.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    # a lone space carries no signal; one or two Latin letters (m, e, me) are word
    # fragments that make unrelated words look alike (MEMS, Messe)
    out = [g for g in out if (s := g.strip()) and not (len(s) <= 2 and s.isascii() and _SHORT_LATIN.fullmatch(s))]
    out.extend(f"<{w}>" for w in _LATIN_WORD.findall(folded))
    return out


# --------------------------------------------------------------------- config


@dataclass
class Sector:
    """One label of the taxonomy (``[[sector]]`` in configs/sectors.toml)."""

    label: str
    name: str
    names: dict[str, str] = field(default_factory=dict)
    required: bool = False
    description: str = ""


@dataclass
class SectorConfig:
    """The parsed taxonomy and training / roll-up settings."""

    sectors: list[Sector]
    model: dict[str, Any]
    rollup: dict[str, Any]

    @property
    def labels(self) -> list[str]:
        return [s.label for s in self.sectors]

    @property
    def required_labels(self) -> list[str]:
        return [s.label for s in self.sectors if s.required]


def load_config(path: str | Path | None = None) -> SectorConfig:
    """Read configs/sectors.toml (or ``path``) into a :class:`SectorConfig`."""
    path = path or resources.config("sectors.toml")
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    sectors = [Sector(**s) for s in raw.get("sector", [])]
    labels = [s.label for s in sectors]
    if len(set(labels)) != len(labels) or not labels:
        raise ValueError(f"{path}: sector labels must be unique and non-empty")
    return SectorConfig(sectors=sectors, model=dict(raw["model"]), rollup=dict(raw.get("rollup", {})))


# ---------------------------------------------------------------------- model


class SectorModel:
    """The stored classifier; inference with NumPy only (no scikit-learn import)."""

    def __init__(self, meta: dict[str, Any], vocab: list[str], idf: np.ndarray, coef: np.ndarray) -> None:
        self.meta = meta
        self.labels: list[str] = list(meta["labels"])
        self.nmin, self.nmax = meta["ngram_range"]
        self.vocab = {g: i for i, g in enumerate(vocab)}
        self.idf = idf.astype(np.float64)
        self.coef = coef.astype(np.float64)
        self.intercept = np.asarray(meta["intercept"], dtype=np.float64)
        self.cal_a = np.asarray(meta["calibration_a"], dtype=np.float64)
        self.cal_b = np.asarray(meta["calibration_b"], dtype=np.float64)
        self.thresholds = np.asarray([meta["thresholds"][lab] for lab in self.labels], dtype=np.float64)

    @classmethod
    def load(cls, model_dir: str | Path | None = None) -> SectorModel:
        """Read a model directory written by :func:`save_model` (JSON + .npy, no pickle)."""
        d = Path(model_dir or resources.model("sectors"))
        meta = json.loads((d / "model.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"{d}: unsupported sector model format {meta.get('format')!r}")
        vocab = json.loads((d / "vocab.json").read_text(encoding="utf-8"))
        idf = np.load(d / "idf.npy", allow_pickle=False)
        coef = np.load(d / "coef.npy", allow_pickle=False)
        return cls(meta, vocab, idf, coef)

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Sparse TF-IDF row of ``text``: (column indices, l2-normalised values)."""
        counts = Counter(char_ngrams(fold_text(text), self.nmin, self.nmax))
        hits = [(self.vocab[g], c) for g, c in counts.items() if g in self.vocab]
        if not hits:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        cols = np.fromiter((i for i, _ in hits), dtype=np.int64, count=len(hits))
        tf = np.fromiter((c for _, c in hits), dtype=np.float64, count=len(hits))
        vals = (1.0 + np.log(tf)) * self.idf[cols]  # sublinear tf, as trained
        return cols, vals / np.linalg.norm(vals)

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Calibrated probabilities, shape (len(texts), len(labels))."""
        out = np.zeros((len(texts), len(self.labels)))
        for i, text in enumerate(texts):
            cols, vals = self.features(text)
            f = self.coef[:, cols] @ vals + self.intercept
            out[i] = 1.0 / (1.0 + np.exp(self.cal_a * f + self.cal_b))
        return out


def save_model(model_dir: Path, meta: dict[str, Any], vocab: list[str], idf: np.ndarray, coef: np.ndarray) -> None:
    """Write a model as JSON + .npy (float32, deterministic bytes)."""
    model_dir.mkdir(parents=True, exist_ok=True)
    (model_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False) + "\n", encoding="utf-8")
    np.save(model_dir / "idf.npy", idf.astype(np.float32), allow_pickle=False)
    np.save(model_dir / "coef.npy", coef.astype(np.float32), allow_pickle=False)
    (model_dir / "model.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
